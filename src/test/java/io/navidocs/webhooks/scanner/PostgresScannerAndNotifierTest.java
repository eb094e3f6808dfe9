package io.navidocs.webhooks.scanner;

import io.navidocs.webhooks.metrics.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.navidocs.webhooks.notification.Notifier;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scanner and the notifier on embedded PostgreSQL, as an ordinary role. */
class PostgresScannerAndNotifierTest {
  private static List<String> column(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void alertsExpiryAndNotificationsHappenOnceOnPostgres() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    try (Connection c = db.open()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.POSTGRESQL), Clock.systemUTC(),
          line -> { }).up(c, Optional.empty());
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO organizations (id, name, created_at, updated_at)"
            + " VALUES ('org-1', 'Org', 1, 1)");
        s.execute("INSERT INTO users (id, email, created_at, updated_at) VALUES"
            + " ('user-1', 'a@example.com', 1, 1), ('user-2', 'b@example.com', 1, 1)");
        s.execute("INSERT INTO user_organizations (user_id, organization_id, created_at) VALUES"
            + " ('user-1', 'org-1', 1), ('user-2', 'org-1', 1)");
        s.execute("INSERT INTO entities (id, organization_id, name, entity_type, created_at,"
            + " updated_at) VALUES ('boat-1', 'org-1', 'Sea Breeze', 'boat', 1, 1)");
        s.execute("INSERT INTO warranty_tracking (id, boat_id, item_name, provider,"
            + " purchase_date, warranty_period_months, expiration_date, coverage_amount,"
            + " created_at, updated_at) VALUES"
            + " ('wt-1', 'boat-1', 'Engine', 'Volvo Penta', '2024-01-01', 24, '2026-06-30',"
            + " 5000, 1, 1),"
            + " ('wt-2', 'boat-1', 'Generator', NULL, '2024-01-01', 24, '2026-05-01', NULL, 1, 1)");
      }
      WarrantyScanner scanner = new WarrantyScanner(clock, Dialect.POSTGRESQL, 10);
      scanner.scan(c);
      scanner.scan(c);
      clock.day("2026-06-16");
      new WarrantyScanner(clock, Dialect.POSTGRESQL, 10).scan(c);

      assertEquals(List.of("WARRANTY_EXPIRED:wt-2:-31", "WARRANTY_EXPIRING:wt-1:14",
          "WARRANTY_EXPIRING:wt-1:29"), column(c, "SELECT event_type || ':'"
          + " || (payload::json ->> 'warranty_id') || ':'"
          + " || (payload::json ->> 'days_until_expiration') FROM domain_events"
          + " WHERE source = 'scanner' ORDER BY 1"));
      assertEquals(List.of(), column(c, "SELECT event_type FROM domain_events"
          + " WHERE event_type = 'WARRANTY_STATUS_CHANGED'"), "no duplicate for the expiry");
      assertEquals(List.of("expired"), column(c,
          "SELECT status FROM warranty_tracking WHERE id = 'wt-2'"));

      // Events settle after the cursor lag; handled twice, they add nothing.
      clock.set(clock.instant().plus(Duration.ofMinutes(5)));
      Notifier notifier = new Notifier(clock, Dialect.POSTGRESQL, 50);
      Notifier.Result first = notifier.processBatch(c);
      assertEquals(6, first.notifications());
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE notification_cursor SET last_event_id = 0");
        s.execute("DELETE FROM notification_events");
      }
      assertEquals(0, notifier.processBatch(c).notifications());
      assertEquals(List.of("6"), column(c, "SELECT count(*) FROM notifications"));
      assertEquals(List.of("Engine warranty expires in 29 days", "Generator warranty has expired",
          "Last call: Engine warranty expires in 14 days"), column(c,
          "SELECT DISTINCT title FROM notifications ORDER BY title"));

      clock.set(clock.instant().plus(Duration.ofDays(31)));
      assertEquals(6, notifier.purgeExpired(c, 4));
    }
  }

  @Test
  void theNotifierCursorWaitsForYoungEventsButHandlesThemOnce() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    try (Connection c = db.open()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.POSTGRESQL), Clock.systemUTC(),
          line -> { }).up(c, Optional.empty());
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO organizations (id, name, created_at, updated_at)"
            + " VALUES ('org-1', 'Org', 1, 1)");
        s.execute("INSERT INTO users (id, email, created_at, updated_at) VALUES"
            + " ('user-1', 'a@example.com', 1, 1)");
        s.execute("INSERT INTO user_organizations (user_id, organization_id, created_at) VALUES"
            + " ('user-1', 'org-1', 1)");
        s.execute("INSERT INTO documents (id, organization_id, title, created_at, updated_at)"
            + " VALUES ('doc-1', 'org-1', 'Manual', 1, 1)");
      }
      // The real clock: the event was written just now, within the lag.
      Notifier notifier = new Notifier(Clock.systemUTC(), Dialect.POSTGRESQL, 50);
      assertEquals(1, notifier.processBatch(c).notifications());
      assertEquals(List.of(), column(c, "SELECT last_event_id FROM notification_cursor"),
          "the cursor has not moved past a young event");
      // The next batch holds only the NOTIFICATION_SENT announcing it (no template).
      assertEquals(0, notifier.processBatch(c).notifications(), "not handled again");
      assertEquals(0, notifier.processBatch(c).events(), "nothing left");
      assertEquals(List.of("1"), column(c, "SELECT count(*) FROM notifications"));
    }
  }
}
