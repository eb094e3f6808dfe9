package io.navidocs.webhooks.app;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.copy.SqliteToPostgresCopy;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code migrate copy --from SQLITE [--to POSTGRESQL]}: moves a SQLite database of this service
 * to PostgreSQL (docs/scaling.md). The target defaults to the configured database so that its
 * password can stay in the environment ({@code NAVIDOCS_DB_URL}) instead of the command line,
 * where other users of the machine could read it.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = {"Copy every row of a SQLite database of this service into an empty"
        + " PostgreSQL database: the target is migrated to the same schema version first, the"
        + " copy is one transaction (all or nothing), identity sequences continue after the"
        + " copied ids, and row counts are compared per table.",
        "Stop the service on the source first."})
final class CopyCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "SOURCE",
      description = "The SQLite database: jdbc:sqlite:FILE or a file path.")
  String from;

  @Option(names = "--to", paramLabel = "JDBC_URL",
      description = "The PostgreSQL database (jdbc:postgresql://HOST:PORT/DB?user=…). Default:"
          + " the configured database (NAVIDOCS_DB_URL), which keeps the password off the"
          + " command line.")
  String to;

  @Option(names = "--batch-size", paramLabel = "ROWS",
      description = "Rows per INSERT batch (default ${DEFAULT-VALUE}).")
  int batchSize = SqliteToPostgresCopy.DEFAULT_BATCH_SIZE;

  @Option(names = "--replace-target-data",
      description = "Delete the rows the target already holds (in the copy's transaction)"
          + " instead of refusing a non-empty target.")
  boolean replaceTargetData;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1) {
      throw new ParameterException(spec.commandLine(),
          "--batch-size must be at least 1, not " + batchSize);
    }
    var ctx = Commands.context(config, spec);
    String sourceUrl = from.startsWith("jdbc:") ? from : "jdbc:sqlite:" + from;
    String targetUrl = to != null ? to : ctx.settings().database().url();
    if (!sourceUrl.startsWith("jdbc:sqlite:")) {
      throw new ParameterException(spec.commandLine(),
          "--from must be a SQLite database (jdbc:sqlite:FILE or a path), not "
              + Database.describe(sourceUrl));
    }
    if (!targetUrl.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(spec.commandLine(), (to == null
          ? "the configured database is not PostgreSQL; give --to jdbc:postgresql://… or set"
              + " NAVIDOCS_DB_URL" : "--to must be a PostgreSQL database (jdbc:postgresql://…),")
          + " not " + Database.describe(targetUrl));
    }
    int busy = ctx.settings().database().busyTimeoutMs();
    Database source = new Database(sourceUrl, busy);
    Database target = new Database(targetUrl + (targetUrl.contains("?") ? "&" : "?")
        + "reWriteBatchedInserts=true", busy);
    Logger log = Logger.getLogger(SqliteToPostgresCopy.class.getName());
    var result = new SqliteToPostgresCopy(source, target, batchSize, replaceTargetData,
        Clock.systemUTC(), log::info).run();
    var out = ctx.out();
    out.println("copied " + source.describe() + " to " + target.describe() + " in "
        + result.millis() + " ms; row counts match the source:");
    long total = 0;
    for (var t : result.tables()) {
      out.printf("  %-32s %,12d%n", t.table(), t.rows());
      total += t.rows();
    }
    out.printf("  %-32s %,12d%n", "total", total);
    if (!result.notInSource().isEmpty()) {
      out.println("left empty (not in the source): " + String.join(", ", result.notInSource()));
    }
    return 0;
  }
}
