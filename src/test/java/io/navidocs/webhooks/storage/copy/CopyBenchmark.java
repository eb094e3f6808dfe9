package io.navidocs.webhooks.storage.copy;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * How long {@code migrate copy} takes (the downtime of a move to PostgreSQL): a SQLite database
 * with N events, N deliveries and N attempts (a month of a busy deployment at N = 100,000) copied
 * into a fresh embedded PostgreSQL, three runs, median rows per second.
 *
 * <pre>
 * ./mvnw -B -q test-compile
 * java -cp "target/test-classes:target/classes:$(./mvnw -B -q dependency:build-classpath \
 *   -Dmdep.outputFile=/dev/stdout)" -Djava.io.tmpdir=target/tmp \
 *   io.navidocs.webhooks.storage.copy.CopyBenchmark 100000
 * </pre>
 */
public final class CopyBenchmark {
  private CopyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Path dir = io.navidocs.webhooks.bench.BenchDirs.create("copy-bench");
    Database sqlite = new Database("jdbc:sqlite:" + dir.resolve("bench.db"), 5_000);
    try (Connection c = sqlite.open(); Statement s = c.createStatement()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(),
          line -> { }).up(c, Optional.empty());
      s.execute("INSERT INTO organizations VALUES ('org-1', 'One', 1, 1)");
      s.execute("INSERT INTO webhooks (id, organization_id, url, secret, topics, status,"
          + " created_at, updated_at) VALUES ('wh_1', 'org-1', 'https://h.example/', 'whsec_"
          + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '[\"*\"]', 'active', 1, 1)");
      c.setAutoCommit(false);
      try (PreparedStatement e = c.prepareStatement("INSERT INTO domain_events (id,"
              + " organization_id, event_type, payload, status, deliveries, created_at)"
              + " VALUES (?, 'org-1', 'DOCUMENT_UPLOADED', ?, 'accepted', 1, ?)");
           PreparedStatement d = c.prepareStatement("INSERT INTO webhook_deliveries (id,"
              + " event_id, webhook_id, organization_id, event_type, status, attempt_count,"
              + " next_attempt_at, last_http_status, created_at, updated_at, completed_at)"
              + " VALUES (?, ?, 'wh_1', 'org-1', 'DOCUMENT_UPLOADED', 'succeeded', 1, ?, 200,"
              + " ?, ?, ?)");
           PreparedStatement a = c.prepareStatement("INSERT INTO webhook_delivery_attempts"
              + " (delivery_id, number, started_at, duration_ms, http_status, outcome,"
              + " response_body) VALUES (?, 1, ?, 42, 200, 'success', 'ok')")) {
        for (int i = 1; i <= n; i++) {
          long t = 1_700_000_000_000L + i;
          e.setLong(1, i);
          e.setString(2, "{\"document_id\":\"doc-" + i + "\",\"title\":\"Manual ⚓ " + i + "\"}");
          e.setLong(3, t);
          e.executeUpdate();
          d.setString(1, "dlv_" + i);
          d.setLong(2, i);
          d.setLong(3, t);
          d.setLong(4, t);
          d.setLong(5, t);
          d.setLong(6, t);
          d.executeUpdate();
          a.setString(1, "dlv_" + i);
          a.setLong(2, t);
          a.executeUpdate();
        }
      }
      c.commit();
    }
    List<Double> rates = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      String url = TestPostgres.newDatabaseUrl() + "&reWriteBatchedInserts=true";
      var result = new SqliteToPostgresCopy(sqlite, new Database(url, 5_000),
          SqliteToPostgresCopy.DEFAULT_BATCH_SIZE, false, Clock.systemUTC(), line -> { }).run();
      long rows = result.tables().stream().mapToLong(SqliteToPostgresCopy.TableCount::rows).sum();
      double rate = rows * 1000.0 / result.millis();
      rates.add(rate);
      System.out.printf("run %d: %,d rows in %,d ms (including migrating the target):"
          + " %,.0f rows/s%n", run, rows, result.millis(), rate);
    }
    Collections.sort(rates);
    System.out.printf("MEDIAN: %,.0f rows/s%n", rates.get(1));
    System.exit(0);
  }
}
