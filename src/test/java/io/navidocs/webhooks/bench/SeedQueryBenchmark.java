package io.navidocs.webhooks.bench;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.SeedDatabase;
import io.navidocs.webhooks.storage.SeedRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's "Performance Baseline Test": its four queries on 100,000 rows per table, each run
 * many times, medians and 95th percentiles against the seed's targets. Run as documented in
 * docs/benchmarks.md ("Seed queries (issue 2)"); arguments: {@code [rows] [runs]}.
 */
public final class SeedQueryBenchmark {
  private record Query(String name, double targetMs, String sql) {}

  private static final List<Query> QUERIES = List.of(
      new Query("warranty", 100, """
          SELECT COUNT(*) FROM warranty_tracking
          WHERE status = 'active' AND expiration_date < date('now', '+30 days')"""),
      new Query("sales", 50, """
          SELECT COUNT(*) FROM sale_workflows
          WHERE status IN ('initiated', 'package_generated')
          ORDER BY created_at DESC
          LIMIT 100"""),
      new Query("webhooks", 100, """
          SELECT COUNT(*) FROM webhooks
          WHERE organization_id = 'org-123' AND status = 'active'"""),
      new Query("notifications", 200, """
          SELECT * FROM notifications
          WHERE user_id = 'user-123' AND is_read = 0
          ORDER BY created_at DESC
          LIMIT 50"""),
      new Query("warranty window (seed's EXPLAIN query)", 100, """
          SELECT id FROM warranty_tracking
          WHERE expiration_date BETWEEN date('now') AND date('now', '+30 days')
          AND status = 'active'"""));

  private SeedQueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = BenchDirs.create("seed-bench");
    Database db = SeedDatabase.migrated(dir);
    try (Connection c = db.open()) {
      long start = System.nanoTime();
      new SeedRows(c, 42, 1_000, 5_000, 10_000).parents()
          .warranties(rows).sales(rows).webhooks(rows).notifications(rows);
      System.out.printf("filled %,d rows per table in %.1f s (1,000 organizations, 5,000 users,"
          + " 10,000 boats); %d runs per query after 20 warm-up runs%n", rows,
          (System.nanoTime() - start) / 1e9, runs);
      measure(c, runs, "fresh database (no ANALYZE statistics, as migrated)");
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      measure(c, runs, "after ANALYZE");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void measure(Connection c, int runs, String title) throws Exception {
    System.out.println();
    System.out.println("## " + title);
    System.out.printf("%-40s %10s %10s %8s %6s  %s%n", "query", "median ms", "p95 ms",
        "target", "rows", "plan");
    for (Query q : QUERIES) {
      String plan = String.join("; ", SeedDatabase.plan(c, q.sql()));
      double[] ms = new double[runs];
      int resultRows = 0;
      try (PreparedStatement st = c.prepareStatement(q.sql())) {
        for (int i = -20; i < runs; i++) {
          long t0 = System.nanoTime();
          int n = 0;
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              n++;
            }
          }
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
          resultRows = n;
        }
      }
      Arrays.sort(ms);
      double median = ms[runs / 2];
      double p95 = ms[(int) Math.ceil(runs * 0.95) - 1];
      System.out.printf("%-40s %10.3f %10.3f %6.0f %s %6d  %s%n", q.name(), median, p95,
          q.targetMs(), median < q.targetMs() ? "ok" : "!!", resultRows, plan);
    }
  }
}
