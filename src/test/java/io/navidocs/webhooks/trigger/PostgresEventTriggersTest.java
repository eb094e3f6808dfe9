package io.navidocs.webhooks.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same triggers on PostgreSQL (PL/pgSQL), written to by a second plain connection. */
class PostgresEventTriggersTest {
  @Test
  void theNaviDocsWritesProduceTheirEventsOnPostgresAndTheDownMigrationStopsThem()
      throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    MigrationRunner runner = new MigrationRunner(
        MigrationCatalog.forDialect(Dialect.POSTGRESQL), Clock.systemUTC(), line -> { });
    try (Connection c = new Database(url, 5_000).open()) {
      runner.up(c, Optional.empty());
    }
    try (Connection app = DriverManager.getConnection(url); Statement s = app.createStatement()) {
      s.execute("INSERT INTO organizations (id, name, created_at, updated_at)"
          + " VALUES ('org-1', 'Org', 1, 1)");
      s.execute("INSERT INTO users (id, email, created_at, updated_at)"
          + " VALUES ('user-1', 'u@example.com', 1, 1)");
      s.execute("INSERT INTO entities (id, organization_id, name, entity_type, created_at,"
          + " updated_at) VALUES ('boat-1', 'org-1', 'Sea Breeze', 'boat', 1, 1)");
      s.execute("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email,"
          + " download_token, created_at, updated_at) VALUES ('sw-1', 'boat-1', 'user-1',"
          + " 'buyer@example.com', 'secret-token', 1, 1)");
      s.execute("UPDATE sale_workflows SET status = 'package_generated',"
          + " package_file_size = 4096 WHERE id = 'sw-1'");
      s.execute("UPDATE sale_workflows SET downloads_count = 2 WHERE id = 'sw-1'");
      s.execute("INSERT INTO warranty_tracking (id, boat_id, item_name, purchase_date,"
          + " warranty_period_months, expiration_date, coverage_amount, created_at, updated_at)"
          + " VALUES ('wt-1', 'boat-1', 'Engine', '2024-01-01', 24, '2026-01-01', 5000, 1, 1)");
      s.execute("UPDATE warranty_tracking SET status = 'claimed' WHERE id = 'wt-1'");
      s.execute("UPDATE warranty_tracking SET status = 'voided' WHERE id = 'wt-1'");
      s.execute("INSERT INTO documents (id, organization_id, entity_id, title, file_name,"
          + " file_size, created_at, updated_at) VALUES ('doc-1', 'org-1', 'boat-1', 'Manual',"
          + " 'manual.pdf', 1234, 1, 1)");
      s.execute("DELETE FROM documents WHERE id = 'doc-1'");
    }
    List<String> types = new ArrayList<>();
    List<JsonObject> data = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT event_type, organization_id, payload"
            + " FROM domain_events ORDER BY id")) {
      while (rs.next()) {
        types.add(rs.getString(1));
        assertEquals("org-1", rs.getString(2));
        data.add(new JsonObject(rs.getString(3)));
      }
    }
    assertEquals(List.of("SALE_INITIATED", "SALE_PACKAGE_GENERATED", "WARRANTY_CLAIMED",
        "WARRANTY_STATUS_CHANGED", "DOCUMENT_UPLOADED", "DOCUMENT_DELETED"), types);
    assertEquals("Sea Breeze", data.get(0).getString("boat_name"));
    assertEquals("buyer@example.com", data.get(0).getString("buyer_email"));
    assertEquals(false, data.get(0).encode().contains("secret-token"));
    assertEquals("initiated", data.get(1).getString("previous_status"));
    assertEquals(4096, data.get(1).getInteger("package_file_size"));
    assertEquals("claimed", data.get(2).getString("status"));
    assertEquals("claimed", data.get(3).getString("previous_status"));
    assertEquals("manual.pdf", data.get(4).getString("file_name"));
    assertEquals(1234, data.get(5).getInteger("file_size"));

    try (Connection c = new Database(url, 5_000).open()) {
      runner.down(c, Optional.empty(), Optional.of("20251123_001"));
    }
    try (Connection app = DriverManager.getConnection(url); Statement s = app.createStatement()) {
      s.execute("INSERT INTO documents (id, organization_id, title, created_at, updated_at)"
          + " VALUES ('doc-2', 'org-1', 'After rollback', 1, 1)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM domain_events")) {
        rs.next();
        assertEquals(6, rs.getInt(1));
      }
    }
  }
}
