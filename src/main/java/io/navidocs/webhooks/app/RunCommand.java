package io.navidocs.webhooks.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: migrate (unless disabled), start the worker and the HTTP API, stop on a signal. */
@Command(name = "run", description = "Start the worker and the HTTP API (the default command).",
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var ctx = Commands.context(config, spec);
    Service service = Service.start(ctx.settings(), ctx.database(), ctx.schema());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.stop();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
