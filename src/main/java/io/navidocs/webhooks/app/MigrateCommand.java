package io.navidocs.webhooks.app;

import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationStatus;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code migrate up|down|status|copy}. */
@Command(name = "migrate", description = "Apply, roll back or list database migrations.",
    subcommands = {MigrateCommand.Up.class, MigrateCommand.Down.class,
        MigrateCommand.Status.class, CopyCommand.class},
    mixinStandardHelpOptions = true)
final class MigrateCommand implements Callable<Integer> {
  /** {@code migrate --config FILE up} names the file before the subcommand. */
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "migrate needs a subcommand: up, down or status");
  }

  @Command(name = "up", description = "Apply pending migrations (a backup is taken first when"
      + " the database file exists).", mixinStandardHelpOptions = true)
  static final class Up implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Option(names = "--to", paramLabel = "VERSION", description = "Stop after this version.")
    String to;

    @Override
    public Integer call() throws Exception {
      var ctx = Commands.context(config, spec);
      List<Migration> applied = ctx.schema().upgrade(Optional.ofNullable(to));
      ctx.out().println(applied.isEmpty() ? "database is up to date: " + ctx.database().describe()
          : applied.size() + " migration(s) applied to " + ctx.database().describe());
      return 0;
    }
  }

  @Command(name = "down", description = "Roll back the newest migration(s).",
      mixinStandardHelpOptions = true)
  static final class Down implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
      @Option(names = "--steps", paramLabel = "N", description = "How many (default 1).")
      Integer steps;

      @Option(names = "--to", paramLabel = "VERSION",
          description = "Roll back everything newer than this version.")
      String to;
    }

    @Override
    public Integer call() throws Exception {
      Integer steps = target == null ? null : target.steps;
      if (steps != null && steps < 1) {
        throw new ParameterException(spec.commandLine(),
            "--steps must be at least 1, not " + steps);
      }
      var ctx = Commands.context(config, spec);
      ctx.database().requireExisting();
      try (Connection c = ctx.database().open()) {
        List<Migration> done = ctx.schema().runner().down(c, Optional.ofNullable(steps),
            Optional.ofNullable(target == null ? null : target.to));
        ctx.out().println(done.size() + " migration(s) rolled back on " + ctx.database().describe());
      }
      return 0;
    }
  }

  @Command(name = "status", description = "List migrations and whether each is applied.",
      mixinStandardHelpOptions = true)
  static final class Status implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      var ctx = Commands.context(config, spec);
      ctx.database().requireExisting();
      int problems = 0;
      try (Connection c = ctx.database().open()) {
        for (MigrationStatus s : ctx.schema().runner().status(c)) {
          ctx.out().printf("%-9s %s_%s%s%n", s.state(), s.version(), s.name(),
              s.appliedAt() == null ? "" : "  " + Instant.ofEpochSecond(s.appliedAt()));
          if (s.state().equals("changed") || s.state().equals("unknown")) {
            problems++;
          }
        }
      }
      return problems == 0 ? 0 : 1;
    }
  }
}
