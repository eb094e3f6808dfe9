package io.navidocs.webhooks.app;

import io.navidocs.webhooks.storage.SchemaVerifier;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code verify}: the seed's smoke tests; exits 1 when any check fails. */
@Command(name = "verify", description = "Check tables, indexes, triggers, foreign keys and"
    + " integrity; exit non-zero when any check fails.", mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var ctx = Commands.context(config, spec);
    ctx.database().requireExisting();
    List<SchemaVerifier.Check> checks;
    try (Connection c = ctx.database().open()) {
      checks = ctx.schema().verifier().verify(c);
    }
    long failed = checks.stream().filter(x -> !x.passed()).count();
    for (SchemaVerifier.Check check : checks) {
      ctx.out().printf("%s %s: %s%n", check.passed() ? "[ok]  " : "[FAIL]", check.name(),
          check.detail());
    }
    ctx.out().println(failed == 0 ? "all " + checks.size() + " checks passed"
        : failed + " of " + checks.size() + " checks failed");
    return failed == 0 ? 0 : 1;
  }
}
