package io.navidocs.webhooks.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import io.navidocs.webhooks.config.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: migrate (unless disabled), start the worker and the HTTP API, stop on a signal. */
@Command(name = "run", description = "Start the worker and the HTTP API (the default command).",
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--only", paramLabel = "api|worker",
      description = "Run only the HTTP API or only the worker in this process (overrides "
          + "process.role); default: both.")
  String only;

  @Override
  public Integer call() throws Exception {
    if (only != null && !only.equalsIgnoreCase("api") && !only.equalsIgnoreCase("worker")) {
      throw new ParameterException(spec.commandLine(),
          "--only must be api or worker, not '" + only + "'");
    }
    var ctx = Commands.context(config, spec);
    Settings settings = ctx.settings();
    if (only != null) {
      settings = settings.withRole(Settings.Process.Role.of(only));
    }
    Service service = Service.start(settings, ctx.database(), ctx.schema());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.stop();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
