package io.navidocs.webhooks.app;

import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.storage.StorageException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar navidocs-webhooks.jar [COMMAND] [--config FILE]}: {@code run} (the default),
 * {@code migrate up|down|status}, {@code backup}, {@code verify}.
 *
 * <p>Every failure ends in one line on standard error naming what was wrong and a non-zero exit
 * (1 for a failure, 2 for a usage error); a stack trace is printed only for a bug, and then after
 * that line.
 */
@Command(name = "navidocs-webhooks", mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Delivers NaviDocs domain events as signed webhooks.",
    subcommands = {RunCommand.class, MigrateCommand.class, BackupCommand.class,
        VerifyCommand.class})
public final class Main implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  /** Without a command: {@code run}. */
  @Override
  public Integer call() throws Exception {
    RunCommand run = new RunCommand();
    run.config = config;
    run.spec = spec;
    return run.call();
  }

  static {
    // Before any logger exists: keep logging alive until the stop hook has said "stopped".
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
    }
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns its exit code; used by tests with their own writers. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      // One line: what was wrong, and where the usage of that very command is described.
      String message = e.getMessage() == null ? "invalid command line" : e.getMessage();
      err.println("navidocs-webhooks: " + message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip()
          + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof StorageException) {
        err.println("navidocs-webhooks: error: " + e.getMessage());
      } else {
        err.println("navidocs-webhooks: unexpected error: " + e);
        e.printStackTrace(err);
      }
      return 1;
    });
    return cli.execute(args);
  }

  /** {@code --version}. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"navidocs-webhooks " + Version.get()};
    }
  }
}
