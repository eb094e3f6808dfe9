package io.navidocs.webhooks.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.SchemaVerifier;
import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every migration applies and rolls back on a real PostgreSQL, as an ordinary role. */
class PostgresMigrationsTest {
  private final List<Migration> migrations = MigrationCatalog.forDialect(Dialect.POSTGRESQL);
  private final MigrationRunner runner =
      new MigrationRunner(migrations, Clock.systemUTC(), line -> { });

  @Test
  void everyMigrationAppliesAndRollsBackToAnEmptySchema() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    try (Connection c = db.open()) {
      runner.status(c); // creates schema_migrations, which stays after a full rollback
      TreeSet<String> before = objects(c);
      assertEquals(migrations.size(), runner.up(c, Optional.empty()).size());
      TreeSet<String> after = objects(c);
      for (String index : List.of("idx_warranty_expiring_soon", "idx_sale_download_token",
          "idx_webhook_active", "idx_template_lookup", "idx_notification_user_recent",
          "idx_delivery_due")) {
        assertTrue(after.contains("index " + index), index + " missing: " + after);
      }
      runner.down(c, Optional.of(migrations.size()), Optional.empty());
      assertEquals(before, objects(c));
      assertEquals(migrations.size(), runner.up(c, Optional.empty()).size());
    }
  }

  @Test
  void theSeedsConstraintsHoldOnPostgres() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      runner.up(c, Optional.empty());
      s.execute("INSERT INTO organizations VALUES ('org-1', 'Org', 1, 1)");
      s.execute("INSERT INTO entities (id, organization_id, name, created_at, updated_at)"
          + " VALUES ('boat-123', 'org-1', 'Sea Breeze', 1, 1)");
      s.execute("INSERT INTO warranty_tracking (id, boat_id, item_name, provider, purchase_date,"
          + " warranty_period_months, expiration_date, coverage_amount, status, created_at,"
          + " updated_at) VALUES ('wt-001', 'boat-123', 'Engine', 'Caterpillar', '2023-01-15',"
          + " 24, '2025-01-15', 50000, 'active', 1699888800, 1699888800)");
      assertThrows(SQLException.class, () -> s.execute("INSERT INTO warranty_tracking (id,"
          + " boat_id, item_name, purchase_date, warranty_period_months, expiration_date, status,"
          + " created_at, updated_at) VALUES ('wt-002', 'invalid-boat', 'Generator',"
          + " '2023-01-15', 24, '2025-01-15', 'active', 1699888800, 1699888800)"));
      assertThrows(SQLException.class, () -> s.execute("INSERT INTO webhooks (id,"
          + " organization_id, url, secret, topics, status, created_at, updated_at) VALUES"
          + " ('wh-1', 'org-1', 'https://example.com', 'secret', '[]', 'invalid', 1, 1)"));
      s.execute("INSERT INTO domain_events (organization_id, event_type, payload)"
          + " VALUES ('org-1', 'DOCUMENT_UPLOADED', '{}')");
      try (ResultSet rs = s.executeQuery("SELECT event_id, created_at, status FROM domain_events")) {
        assertTrue(rs.next());
        assertTrue(rs.getString(1).matches("evt_[0-9a-f]{32}"), rs.getString(1));
        assertTrue(rs.getLong(2) > 1_700_000_000_000L, "created_at is Unix ms");
        assertEquals("pending", rs.getString(3));
      }
    }
  }

  @Test
  void verifyPassesOnAMigratedDatabaseAndNamesAMissingIndex() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    SchemaVerifier verifier = new SchemaVerifier(Dialect.POSTGRESQL, migrations, runner);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      runner.up(c, Optional.empty());
      List<SchemaVerifier.Check> checks = verifier.verify(c);
      assertTrue(checks.stream().allMatch(SchemaVerifier.Check::passed), checks.toString());
      assertTrue(checks.stream().anyMatch(x -> x.name().equals("index idx_webhook_active")));
      s.execute("DROP INDEX idx_webhook_active");
      List<SchemaVerifier.Check> failed = verifier.verify(c).stream()
          .filter(x -> !x.passed()).toList();
      assertEquals(1, failed.size(), failed.toString());
      assertEquals("index idx_webhook_active", failed.get(0).name());
    }
  }

  @Test
  void baselineLeavesTheNaviDocsAppsOwnTablesAlone() throws Exception {
    Database db = new Database(TestPostgres.newDatabaseUrl(), 5_000);
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT, plan TEXT)");
      s.execute("INSERT INTO organizations VALUES ('org-1', 'Existing', 'gold')");
      runner.up(c, Optional.of("20251112_000"));
      runner.down(c, Optional.of(1), Optional.empty());
      try (ResultSet rs = s.executeQuery("SELECT plan FROM organizations")) {
        assertTrue(rs.next());
        assertEquals("gold", rs.getString(1));
      }
      assertFalse(objects(c).contains("table users"), "tables the baseline made are dropped");
    }
  }

  private static TreeSet<String> objects(Connection c) throws SQLException {
    TreeSet<String> out = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 'table ' || table_name FROM information_schema.tables"
            + " WHERE table_schema = current_schema() UNION ALL SELECT 'index ' || indexname"
            + " FROM pg_indexes WHERE schemaname = current_schema()")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
