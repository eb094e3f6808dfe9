package io.navidocs.webhooks.storage.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.app.Main;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.WebhookRecord;
import io.navidocs.webhooks.storage.WebhookRepository;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate copy}: a realistic SQLite database of the service (the seed's tables, webhooks,
 * events, deliveries, attempts, notifications, bookkeeping; non-ASCII text and NULLs) copied into
 * a fresh PostgreSQL database owned by an ordinary role, compared row by row, and then used.
 */
class SqliteToPostgresCopyTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  @TempDir Path dir;
  Path sqliteFile;
  Database sqlite;

  @BeforeEach
  void realisticSource() throws Exception {
    sqliteFile = dir.resolve("navidocs.db");
    sqlite = new Database("jdbc:sqlite:" + sqliteFile, 5_000);
    try (Connection c = sqlite.open(); Statement s = c.createStatement()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(),
          line -> { }).up(c, Optional.empty());
      s.execute("INSERT INTO organizations VALUES ('org-1', 'Ørsted Yachts ⚓', 1700000000,"
          + " 1700000000), ('org-2', 'Blue Water', 1700000001, 1700000001)");
      s.execute("INSERT INTO users (id, email, name, created_at, updated_at) VALUES"
          + " ('u-1', 'zoë@example.com', 'Zoë Ågren', 1700000000, 1700000000),"
          + " ('u-2', 'b@example.com', NULL, 1700000000, 1700000000)");
      s.execute("INSERT INTO user_organizations VALUES ('u-1', 'org-1', 'owner', 1700000000),"
          + " ('u-2', 'org-2', 'member', 1700000000)");
      s.execute("INSERT INTO entities (id, organization_id, name, created_at, updated_at)"
          + " VALUES ('boat-1', 'org-1', 'Sea Breeze 🌊', 1700000000, 1700000000),"
          + " ('boat-2', 'org-2', 'Blue Moon', 1700000000, 1700000000)");
      // The SQLite triggers write DOCUMENT_UPLOADED and SALE_INITIATED rows to domain_events.
      s.execute("INSERT INTO documents (id, organization_id, entity_id, title, file_name,"
          + " file_size, mime_type, uploaded_by, created_at, updated_at) VALUES ('doc-1',"
          + " 'org-1', 'boat-1', 'Manuel d''entretien — moteur', 'm.pdf', 123456, NULL, 'u-1',"
          + " 1700000100, 1700000100)");
      s.execute("INSERT INTO warranty_tracking (id, boat_id, item_name, provider, purchase_date,"
          + " warranty_period_months, expiration_date, coverage_amount, claim_instructions,"
          + " status, created_at, updated_at) VALUES ('wt-1', 'boat-1', 'Engine', NULL,"
          + " '2024-01-15', 24, '2026-01-15', 50000.5, '{\"phone\":\"+45 ☎\"}', 'active',"
          + " 1700000000, 1700000000), ('wt-2', 'boat-2', 'Sails', 'North', '2024-01-15', 12,"
          + " '2025-01-15', NULL, NULL, 'expired', 1700000000, 1700000000)");
      s.execute("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email, status,"
          + " created_at, updated_at) VALUES ('sale-1', 'boat-1', 'u-1', 'käufer@example.de',"
          + " 'initiated', 1700000200, 1700000200)");
      s.execute("INSERT INTO webhooks (id, organization_id, url, secret, topics, status,"
          + " last_delivery_at, last_delivery_status, consecutive_failures, description,"
          + " retry_policy, created_at, updated_at) VALUES ('wh_1', 'org-1',"
          + " 'https://hooks.example/ørsted', '" + SECRET + "', '[\"WARRANTY_*\",\"*\"]',"
          + " 'active', 1700000300, 200, 0, 'Bootshaus — Home Assistant', 'exponential',"
          + " 1700000000, 1700000300), ('wh_2', 'org-2', 'https://mls.example/in', '" + SECRET
          + "x', '[\"SALE_COMPLETED\"]', 'failed', NULL, 0, 8, NULL, 'none', 1700000001,"
          + " 1700000001)");
      s.execute("INSERT INTO webhook_secrets VALUES ('wh_1', 'old-" + SECRET + "',"
          + " 1700086400000, 1700000000000)");
      s.execute("INSERT INTO webhook_endpoint_state (webhook_id, next_probe_at, updated_at)"
          + " VALUES ('wh_2', 1700000400000, 1700000300000)");
      s.execute("INSERT INTO domain_events (organization_id, event_type, payload, boat_id,"
          + " source, status, reason, deliveries, created_at, processed_at) VALUES ('org-1',"
          + " 'WARRANTY_EXPIRING', '{\"item_name\":\"Motor ⚙\",\"days\":30}', 'boat-1',"
          + " 'scanner', 'accepted', NULL, 1, 1700000000123, 1700000000456), ('org-9',"
          + " 'DOCUMENT_UPLOADED', 'not json', NULL, 'outbox', 'rejected', 'invalid JSON', 0,"
          + " 1700000000200, 1700000000300)");
      // A gap at the top of the id range: the sequence must still pass the highest id kept.
      s.execute("INSERT INTO domain_events (id, organization_id, event_type, payload)"
          + " VALUES (500, 'org-1', 'SALE_COMPLETED', '{}')");
      s.execute("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id,"
          + " event_type, status, attempt_count, next_attempt_at, lease_owner,"
          + " lease_expires_at, last_http_status, last_error, created_at, updated_at,"
          + " completed_at) SELECT 'dlv_1', id, 'wh_1', 'org-1', 'WARRANTY_EXPIRING',"
          + " 'succeeded', 2, 1700000001000, NULL, NULL, 200, NULL, 1700000000500,"
          + " 1700000002000, 1700000002000 FROM domain_events WHERE event_type ="
          + " 'WARRANTY_EXPIRING'");
      s.execute("INSERT INTO webhook_delivery_attempts (delivery_id, number, started_at,"
          + " duration_ms, http_status, outcome, error, response_body) VALUES ('dlv_1', 1,"
          + " 1700000000600, 15000, NULL, 'timeout', 'timed out after 15 s', NULL), ('dlv_1', 2,"
          + " 1700000001000, 42, 200, 'success', NULL, 'merci ✓')");
      s.execute("INSERT INTO notifications (id, user_id, type, title, message, boat_id,"
          + " icon_emoji, is_read, read_at, expires_at, created_at, updated_at) VALUES ('n-1',"
          + " 'u-1', 'warranty_expiring', 'Garantie läuft ab', 'Motor ⚙ in 30 Tagen', 'boat-1',"
          + " '⚠️', 0, NULL, 1702592000, 1700000000, 1700000000), ('n-2', 'u-1',"
          + " 'document_uploaded', 'Doc', 'Doc', NULL, NULL, 1, 1700000050, 1702592000,"
          + " 1700000000, 1700000050)");
      s.execute("INSERT INTO notification_events VALUES (1, 'notified', 'nt-inapp-document-"
          + "uploaded', 1, NULL, 1700000000999)");
      s.execute("INSERT INTO notification_cursor VALUES ('in_app', 2, 1700000000999)");
      s.execute("INSERT INTO warranty_alerts VALUES ('wt-1', '2026-01-15', 30, 'evt_x',"
          + " 1700000000123), ('wt-1', '2026-01-15', 90, NULL, 1700000000123)");
      s.execute("INSERT INTO job_leases VALUES ('warranty_scanner', 'host-1-42-ab',"
          + " 1700000060000)");
      // An admin edited a seeded template: the source's version must win over the target's.
      s.execute("UPDATE notification_templates SET body = 'Ihre Garantie läuft ab'"
          + " WHERE id = 'nt-001'");
    }
  }

  private static final List<String> TABLES = List.of("organizations", "users",
      "user_organizations", "entities", "documents", "warranty_tracking", "sale_workflows",
      "webhooks", "webhook_secrets", "webhook_endpoint_state", "domain_events",
      "webhook_deliveries", "webhook_delivery_attempts", "notifications", "notification_templates",
      "notification_template_seeds", "notification_events", "notification_cursor",
      "warranty_alerts", "job_leases");

  private static int run(StringWriter out, StringWriter err, String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void copiesEveryTableRowByRowAndTheServiceCarriesOnOnTheCopy() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, "migrate", "copy", "--from", sqliteFile.toString(), "--to", url,
        "--batch-size", "2"), err.toString());
    assertFalse(out.toString().contains("navidocs-test-password"), "no password printed");
    assertTrue(out.toString().matches("(?s).*\\n  webhooks +2\\n.*"), out.toString());
    assertTrue(out.toString().matches("(?s).*\\n  domain_events +5\\n.*"), out.toString());

    Database pg = new Database(url, 5_000);
    for (String table : TABLES) {
      assertEquals(rows(sqlite, table), rows(pg, table), table + " differs");
    }
    assertTrue(rows(pg, "notifications").size() == 2 && rows(pg, "webhooks").size() == 2);
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles"
          + " WHERE rolname = current_user")) {
        assertTrue(rs.next());
        assertFalse(rs.getBoolean(1), "the copy ran as an ordinary role, not a superuser");
      }
      // The outbox continues after the highest copied id; triggers are back on.
      s.execute("INSERT INTO documents (id, organization_id, entity_id, title, created_at,"
          + " updated_at) VALUES ('doc-2', 'org-1', 'boat-1', 'New', 1, 1)");
      try (ResultSet rs = s.executeQuery("SELECT id, event_type FROM domain_events"
          + " WHERE id > 500")) {
        assertTrue(rs.next(), "the document trigger fired on the copy");
        assertEquals(501, rs.getLong(1));
        assertEquals("DOCUMENT_UPLOADED", rs.getString(2));
        assertFalse(rs.next());
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(pg.jdbcUrl())
          .setAutoGeneratedKeys(false), new PoolOptions().setMaxSize(1));
      List<WebhookRecord> listed = new WebhookRepository(pool, Dialect.POSTGRESQL)
          .list(null, null, 20, 0).await(20, TimeUnit.SECONDS).items();
      assertEquals(List.of("wh_2", "wh_1"), listed.stream().map(WebhookRecord::id).toList());
      assertEquals(SECRET, listed.get(1).secret());
      assertEquals(List.of("WARRANTY_*", "*"), listed.get(1).topics());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesANonEmptyTargetLeavingItUnchangedUnlessToldToReplaceItsData() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, "migrate", "copy", "--from", sqliteFile.toString(), "--to",
        url));
    Database pg = new Database(url, 5_000);
    try (Connection c = pg.open(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM webhooks WHERE id = 'wh_2'");
    }
    List<List<String>> before = rows(pg, "webhooks");
    StringWriter again = new StringWriter();
    assertEquals(1, run(new StringWriter(), again, "migrate", "copy", "--from",
        sqliteFile.toString(), "--to", url));
    assertOneLine(again.toString(), "already holds data");
    assertEquals(before, rows(pg, "webhooks"));

    assertEquals(0, run(new StringWriter(), err, "migrate", "copy", "--from",
        sqliteFile.toString(), "--to", url, "--replace-target-data"), err.toString());
    assertEquals(rows(sqlite, "webhooks"), rows(pg, "webhooks"));
    assertEquals(rows(sqlite, "domain_events"), rows(pg, "domain_events"));
  }

  @Test
  void aValueThatDoesNotFitRollsBackTheWholeCopyAndNamesTheColumnButNotTheValue()
      throws Exception {
    try (Connection c = sqlite.open(); Statement s = c.createStatement()) {
      s.execute("UPDATE webhook_delivery_attempts SET duration_ms = '" + SECRET + "'"
          + " WHERE number = 2");
    }
    String url = TestPostgres.newDatabaseUrl();
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "migrate", "copy", "--from",
        sqliteFile.toString(), "--to", url));
    assertOneLine(err.toString(), "webhook_delivery_attempts, column duration_ms");
    assertFalse(err.toString().contains(SECRET));
    Database pg = new Database(url, 5_000);
    for (String table : List.of("organizations", "webhooks", "domain_events",
        "webhook_deliveries")) {
      assertEquals(List.of(), rows(pg, table), table + " kept rows of a failed copy");
    }
    assertEquals(2, rows(pg, "notification_templates").stream()
        .filter(r -> r.get(0).startsWith("nt-00")).count(), "the migration's seeds remain");
  }

  @Test
  void aMissingSourceFileIsRefusedBeforeTheTargetIsTouched() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "migrate", "copy", "--from",
        dir.resolve("nope.db").toString(), "--to", url));
    assertOneLine(err.toString(), "does not exist");
    assertFalse(Files.exists(dir.resolve("nope.db")), "no empty file was created");
    try (Connection c = new Database(url, 5_000).open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
             + " WHERE table_schema = current_schema()")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "the target was not migrated");
    }
  }

  @Test
  void anUnreachableTargetIsOneLineWithoutItsPasswordAndTheSourceIsUnchanged()
      throws Exception {
    String before = sha256(sqliteFile);
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "migrate", "copy", "--from",
        sqliteFile.toString(), "--to",
        "jdbc:postgresql://127.0.0.1:1/navidocs?user=navidocs&password=hunter2-secret"));
    assertOneLine(err.toString(), "cannot open database jdbc:postgresql://127.0.0.1:1/navidocs");
    assertFalse(err.toString().contains("hunter2-secret"), err.toString());
    assertEquals(before, sha256(sqliteFile));
  }

  @Test
  void aSourceAtAnotherSchemaVersionIsRefusedWithWhatToDo() throws Exception {
    try (Connection c = sqlite.open()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(),
          line -> { }).down(c, Optional.of(1), Optional.empty());
    }
    String url = TestPostgres.newDatabaseUrl();
    StringWriter err = new StringWriter();
    assertEquals(1, run(new StringWriter(), err, "migrate", "copy", "--from",
        "jdbc:sqlite:" + sqliteFile, "--to", url));
    assertOneLine(err.toString(), "run 'migrate up' on it with this build first");
  }

  @Test
  void theTargetDefaultsToTheConfiguredDatabaseAndVerifyPassesOnTheCopy()
      throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    Path config = Files.writeString(dir.resolve("pg.yaml"), "database:\n  url: \"" + url
        + "\"\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, "migrate", "copy", "--from", sqliteFile.toString(),
        "--config", config.toString()), err.toString());
    assertTrue(out.toString().contains("copied " + sqliteFile), out.toString());
    assertFalse(out.toString().contains("password"), out.toString());
    assertEquals(rows(sqlite, "webhooks"), rows(new Database(url, 5_000), "webhooks"));
    StringWriter verified = new StringWriter();
    assertEquals(0, run(verified, err, "verify", "--config", config.toString()),
        verified + " " + err);
  }

  @Test
  void aTargetThatIsNotPostgresqlIsAUsageError() throws Exception {
    StringWriter err = new StringWriter();
    assertEquals(2, run(new StringWriter(), err, "migrate", "copy", "--from",
        sqliteFile.toString(), "--to", "jdbc:sqlite:" + dir.resolve("other.db")));
    assertOneLine(err.toString(), "--to must be a PostgreSQL database");
    StringWriter noTarget = new StringWriter();
    Path config = Files.writeString(dir.resolve("sqlite.yaml"), "database:\n  url: \"jdbc:sqlite:"
        + dir.resolve("x.db") + "\"\n");
    assertEquals(2, run(new StringWriter(), noTarget, "migrate", "copy", "--from",
        sqliteFile.toString(), "--config", config.toString()));
    assertOneLine(noTarget.toString(), "the configured database is not PostgreSQL");
    assertFalse(Files.exists(dir.resolve("other.db")) || Files.exists(dir.resolve("x.db")));
  }

  private static void assertOneLine(String err, String expected) {
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains(expected), err);
  }

  /**
   * Every row of {@code table} (columns as SQLite declares them) in one order, numbers compared
   * by value.
   */
  private List<List<String>> rows(Database db, String table) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = sqlite.open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        columns.add(rs.getString("name"));
      }
    }
    List<List<String>> out = new ArrayList<>();
    try (Connection c = db.open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros()
              .toPlainString() : v == null ? null : v.toString());
        }
        out.add(row);
      }
    }
    // Sorted here, not by ORDER BY: the two databases' text collations differ.
    out.sort((a, b) -> String.join("\u0000", nonNull(a))
        .compareTo(String.join("\u0000", nonNull(b))));
    return out;
  }

  private static List<String> nonNull(List<String> row) {
    return row.stream().map(v -> v == null ? "\u0001NULL" : v).toList();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }
}
