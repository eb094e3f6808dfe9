package io.navidocs.webhooks.scanner;

import io.navidocs.webhooks.metrics.MutableClock;
import io.navidocs.webhooks.notification.Notifier;
import io.navidocs.webhooks.trigger.EventsDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Issue 6's benchmark: the warranty scanner over 100,000 warranties, notification fan-out to 100
 * members per event, the seed's expiring-warranty and unread-notification queries. Prints a
 * Markdown table of medians. Run (see docs/benchmarks.md):
 *
 * <pre>
 * ./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.navidocs.webhooks.scanner.ScannerBenchmark [warranties] [events]
 * </pre>
 */
public final class ScannerBenchmark {
  private ScannerBenchmark() {}

  interface Timed {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int warranties = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path dir = io.navidocs.webhooks.bench.BenchDirs.create("scanner-bench");
    Instant now = Instant.parse("2026-06-01T03:00:00Z");
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    MutableClock clock = new MutableClock(now);

    EventsDatabase template = EventsDatabase.create(dir.resolve("template"));
    long t0 = System.nanoTime();
    seedWarranties(template, warranties, today);
    System.out.printf("seeded %,d warranties in %d ms%n", warranties, ms(t0));
    Path templateFile = template.database().sqliteFile().orElseThrow();

    System.out.println();
    System.out.println("| measurement | median | runs |");
    System.out.println("|---|---|---|");

    // The seed's performance baseline query, as written (date('now') is the real date here;
    // every row of the plan is what matters: the partial index idx_warranty_expiring_soon).
    String seedQuery = "SELECT COUNT(*) FROM warranty_tracking"
        + " WHERE status = 'active' AND expiration_date < date('now', '+30 days')";
    try (Connection c = template.open()) {
      row("seed expiring-warranty query, " + String.format("%,d", warranties) + " rows", 21,
          () -> count(c, seedQuery));
      String seedIndexed = seedQuery.replace("FROM warranty_tracking",
          "FROM warranty_tracking INDEXED BY idx_warranty_expiring_soon");
      row("same query INDEXED BY idx_warranty_expiring_soon", 21, () -> count(c, seedIndexed));
      String scannerQuery = "SELECT count(*) FROM (" + WarrantyScanner.CANDIDATES_SQL.replace(
          "?", "'" + today.plusDays(90) + "'") + ")";
      row("scanner candidate query (90-day horizon, with marks)", 21,
          () -> count(c, scannerQuery));
      System.out.println();
      System.out.println("plan (seed query): " + plan(c, seedQuery));
      System.out.println("plan (scanner candidates): " + plan(c,
          WarrantyScanner.CANDIDATES_SQL.replace("?", "'" + today.plusDays(90) + "'")));
      System.out.println();
      System.out.println("| measurement | median | runs |");
      System.out.println("|---|---|---|");
    }

    // First scan: every due warranty alerted or expired (fresh copy per run).
    List<Long> first = new ArrayList<>();
    int[] counts = new int[2];
    Path work = dir.resolve("work");
    Files.createDirectories(work);
    for (int run = 0; run < 3; run++) {
      Path copy = work.resolve("navidocs.db");
      Files.deleteIfExists(work.resolve("navidocs.db-wal"));
      Files.deleteIfExists(work.resolve("navidocs.db-shm"));
      Files.copy(templateFile, copy, StandardCopyOption.REPLACE_EXISTING);
      try (Connection c = new io.navidocs.webhooks.storage.Database(
          "jdbc:sqlite:" + copy, 5_000).open()) {
        long start = System.nanoTime();
        WarrantyScanner.Result r = new WarrantyScanner(clock).scan(c);
        first.add(ms(start));
        counts[0] = r.expiring();
        counts[1] = r.expired();
      }
    }
    System.out.printf("| first scan of %,d warranties (%,d WARRANTY_EXPIRING, %,d WARRANTY_EXPIRED"
        + " written) | %d ms | 3 |%n", warranties, counts[0], counts[1], median(first));
    try (Connection c = new io.navidocs.webhooks.storage.Database(
        "jdbc:sqlite:" + work.resolve("navidocs.db"), 5_000).open()) {
      row("steady-state daily scan (nothing new)", 7,
          () -> new WarrantyScanner(clock).scan(c));
      clock.set(now.plusSeconds(86_400));
      row("next day's scan (one day of new crossings)", 1,
          () -> new WarrantyScanner(clock).scan(c));
    }

    // Fan-out: events of an organization with 100 members.
    EventsDatabase fan = EventsDatabase.create(dir.resolve("fanout"));
    fan.organization("org-1");
    fan.boat("boat-1", "org-1", "Sea Breeze");
    try (Connection c = fan.open(); Statement s = c.createStatement()) {
      s.execute("BEGIN");
      for (int u = 0; u < 100; u++) {
        s.execute("INSERT INTO users (id, email, created_at, updated_at) VALUES ('user-" + u
            + "', 'user-" + u + "@example.com', 1, 1)");
        s.execute("INSERT INTO user_organizations (user_id, organization_id, created_at)"
            + " VALUES ('user-" + u + "', 'org-1', 1)");
      }
      for (int e = 0; e < events; e++) {
        s.execute("INSERT INTO documents (id, organization_id, entity_id, title, file_name,"
            + " file_size, created_at, updated_at) VALUES ('doc-" + e + "', 'org-1', 'boat-1',"
            + " 'Doc " + e + "', 'doc.pdf', 1000, 1, 1)");
      }
      s.execute("COMMIT");
    }
    List<Long> perBatch = new ArrayList<>();
    int batch = 100;
    Notifier notifier = new Notifier(clock, batch);
    try (Connection c = fan.open()) {
      while (true) {
        long start = System.nanoTime();
        Notifier.Result r = notifier.processBatch(c);
        if (r.events() == 0) {
          break;
        }
        long micros = (System.nanoTime() - start) / 1_000;
        if (r.events() == batch) {
          perBatch.add(micros);
        }
      }
      long total = count(c, "SELECT count(*) FROM notifications");
      System.out.printf("| notify one event to 100 members (batches of %d events, %,d"
          + " notifications in all) | %.2f ms per event | %d batches |%n", batch, total,
          median(perBatch) / 1000.0 / batch, perBatch.size());
      String unread = "SELECT id, title, message FROM notifications"
          + " WHERE user_id = 'user-7' AND is_read = 0 ORDER BY created_at DESC LIMIT 10";
      row("seed unread-notifications query (" + String.format("%,d", total) + " rows)", 21,
          () -> count(c, "SELECT count(*) FROM (" + unread + ")"));
      System.out.println();
      System.out.println("plan (seed unread query): " + plan(c, unread));
      System.out.println("plan (unread count): " + plan(c, "SELECT count(*) FROM notifications"
          + " WHERE user_id = 'user-7' AND is_read = 0"));
      System.out.println("sqlite version: " + count(c, "SELECT 1") + " / "
          + stringValue(c, "SELECT sqlite_version()"));
    }
  }

  private static void seedWarranties(EventsDatabase db, int n, LocalDate today)
      throws Exception {
    db.organization("org-1");
    try (Connection c = db.open(); Statement s = c.createStatement();
        PreparedStatement boat = c.prepareStatement("INSERT INTO entities (id, organization_id,"
            + " name, entity_type, created_at, updated_at) VALUES (?, 'org-1', ?, 'boat', 1, 1)");
        PreparedStatement w = c.prepareStatement("INSERT INTO warranty_tracking (id, boat_id,"
            + " item_name, provider, purchase_date, warranty_period_months, expiration_date,"
            + " coverage_amount, status, created_at, updated_at) VALUES (?, ?, 'Engine',"
            + " 'Volvo Penta', '2024-01-01', 24, ?, 25000, 'active', 1, 1)")) {
      s.execute("BEGIN");
      int boats = Math.max(1, n / 100);
      for (int b = 0; b < boats; b++) {
        boat.setString(1, "boat-" + b);
        boat.setString(2, "Boat " + b);
        boat.executeUpdate();
      }
      // Expiration dates spread evenly from 20 days ago to 2 years ahead: about 15 % are due
      // within 90 days on the first scan, 3 % already past.
      for (int i = 0; i < n; i++) {
        w.setString(1, "wt-" + i);
        w.setString(2, "boat-" + (i % boats));
        w.setString(3, today.plusDays(-20 + (i % 750)).toString());
        w.addBatch();
        if (i % 1000 == 999) {
          w.executeBatch();
        }
      }
      w.executeBatch();
      s.execute("COMMIT");
    }
  }

  private static void row(String what, int runs, Timed work) throws Exception {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      micros.add((System.nanoTime() - start) / 1_000);
    }
    long m = median(micros);
    System.out.printf("| %s | %s | %d |%n", what,
        m >= 10_000 ? (m / 1000) + " ms" : String.format("%.2f ms", m / 1000.0), runs);
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static String stringValue(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String plan(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
      while (rs.next()) {
        out.add(rs.getString(4));
      }
    }
    return String.join(" / ", out);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

}
