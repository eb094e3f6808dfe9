package io.navidocs.webhooks.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.SqlScript;
import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.migration.SqlMigration;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NaviDocs app writes through its own connection; the triggers must append the outbox rows
 * inside that write, with a payload a receiver can use.
 */
class DomainEventTriggersTest {
  @TempDir Path dir;
  EventsDatabase db;

  @BeforeEach
  void setUp() throws Exception {
    db = EventsDatabase.create(dir);
    db.organization("org-1");
    db.boat("boat-1", "org-1", "Sea Breeze");
    db.member("user-1", "org-1");
  }

  private record Event(String type, String organizationId, String boatId, String source,
      JsonObject data) {}

  private List<Event> events() throws Exception {
    return db.rows("SELECT event_type, organization_id, boat_id, source, payload"
            + " FROM domain_events ORDER BY id").stream()
        .map(r -> new Event((String) r.get(0), (String) r.get(1), (String) r.get(2),
            (String) r.get(3), new JsonObject((String) r.get(4))))
        .toList();
  }

  private void app(String... statements) throws Exception {
    try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Test
  void aSaleInsertedByAnotherConnectionProducesSaleInitiatedWithBuyerAndBoat() throws Exception {
    app("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email, download_token,"
        + " created_at, updated_at) VALUES ('sw-1', 'boat-1', 'user-1', 'buyer@example.com',"
        + " 'secret-token', 100, 100)");

    List<Event> events = events();
    assertEquals(1, events.size());
    Event e = events.get(0);
    assertEquals("SALE_INITIATED", e.type());
    assertEquals("org-1", e.organizationId());
    assertEquals("boat-1", e.boatId());
    assertEquals("outbox", e.source());
    assertEquals("sw-1", e.data().getString("sale_id"));
    assertEquals("Sea Breeze", e.data().getString("boat_name"));
    assertEquals("buyer@example.com", e.data().getString("buyer_email"));
    assertEquals("org-1", e.data().getString("organization_id"));
    assertEquals("initiated", e.data().getString("status"));
    assertFalse(e.data().encode().contains("secret-token"), "download token leaked");
  }

  @Test
  void eachSaleStatusStepProducesItsOwnEventWithStatusBeforeAndAfter() throws Exception {
    app("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email, created_at,"
        + " updated_at) VALUES ('sw-1', 'boat-1', 'user-1', 'buyer@example.com', 100, 100)",
        "UPDATE sale_workflows SET status = 'package_generated', documents_generated = 1,"
            + " package_file_size = 4096 WHERE id = 'sw-1'",
        "UPDATE sale_workflows SET downloads_count = 3 WHERE id = 'sw-1'",
        "UPDATE sale_workflows SET status = 'transferred', transfer_date = '2026-01-10'"
            + " WHERE id = 'sw-1'",
        "UPDATE sale_workflows SET status = 'transferred' WHERE id = 'sw-1'",
        "UPDATE sale_workflows SET status = 'completed' WHERE id = 'sw-1'");

    List<Event> events = events();
    assertEquals(List.of("SALE_INITIATED", "SALE_PACKAGE_GENERATED", "SALE_TRANSFERRED",
        "SALE_COMPLETED"), events.stream().map(Event::type).toList());
    JsonObject generated = events.get(1).data();
    assertEquals("initiated", generated.getString("previous_status"));
    assertEquals("package_generated", generated.getString("status"));
    assertEquals(4096, generated.getInteger("package_file_size"));
    assertEquals("buyer@example.com", generated.getString("buyer_email"));
    JsonObject transferred = events.get(2).data();
    assertEquals("package_generated", transferred.getString("previous_status"));
    assertEquals("2026-01-10", transferred.getString("transfer_date"));
    assertEquals("transferred", events.get(3).data().getString("previous_status"));
  }

  @Test
  void aWarrantyClaimProducesWarrantyClaimedAndOtherChangesStatusChanged() throws Exception {
    db.warranty("wt-1", "boat-1", "Engine", "2027-01-15");
    db.warranty("wt-2", "boat-1", "Generator", "2027-01-15");
    app("UPDATE warranty_tracking SET status = 'claimed' WHERE id = 'wt-1'",
        "UPDATE warranty_tracking SET provider = 'Volvo Penta' WHERE id = 'wt-2'",
        "UPDATE warranty_tracking SET status = 'voided' WHERE id = 'wt-2'",
        "UPDATE warranty_tracking SET status = 'expired' WHERE id = 'wt-2'");

    List<Event> events = events();
    assertEquals(List.of("WARRANTY_CLAIMED", "WARRANTY_STATUS_CHANGED",
        "WARRANTY_STATUS_CHANGED"), events.stream().map(Event::type).toList());
    JsonObject claimed = events.get(0).data();
    assertEquals("wt-1", claimed.getString("warranty_id"));
    assertEquals("Engine", claimed.getString("item_name"));
    assertEquals("Sea Breeze", claimed.getString("boat_name"));
    assertEquals("active", claimed.getString("previous_status"));
    assertEquals("claimed", claimed.getString("status"));
    assertEquals(50000.0, claimed.getDouble("coverage_amount"));
    assertEquals("org-1", events.get(0).organizationId());
    JsonObject voided = events.get(1).data();
    assertEquals("Volvo Penta", voided.getString("provider"));
    assertEquals("voided", voided.getString("status"));
    assertEquals("expired", events.get(2).data().getString("status"));
  }

  @Test
  void theScannersOwnExpiryIsNotReportedTwice() throws Exception {
    db.warranty("wt-1", "boat-1", "Engine", "2025-01-15");
    // What the scanner does in one transaction: the expiry mark first, then the guarded update.
    app("INSERT INTO warranty_alerts (warranty_id, expiration_date, threshold, sent_at)"
            + " VALUES ('wt-1', '2025-01-15', 0, 1)",
        "UPDATE warranty_tracking SET status = 'expired' WHERE id = 'wt-1' AND status = 'active'");
    assertEquals(List.of(), events());
  }

  @Test
  void anUploadedDocumentProducesDocumentUploadedWithFileNameAndSize() throws Exception {
    app("INSERT INTO documents (id, organization_id, entity_id, title, file_name, file_size,"
        + " mime_type, uploaded_by, created_at, updated_at) VALUES ('doc-1', 'org-1', 'boat-1',"
        + " 'Engine manual', 'manual.pdf', 123456, 'application/pdf', 'user-1', 100, 100)");

    Event e = events().get(0);
    assertEquals("DOCUMENT_UPLOADED", e.type());
    assertEquals("org-1", e.organizationId());
    assertEquals("boat-1", e.boatId());
    assertEquals("doc-1", e.data().getString("document_id"));
    assertEquals("manual.pdf", e.data().getString("file_name"));
    assertEquals(123456, e.data().getInteger("file_size"));
    assertEquals("Sea Breeze", e.data().getString("boat_name"));
    assertEquals("Engine manual", e.data().getString("title"));
  }

  @Test
  void aDeletedDocumentProducesDocumentDeletedAndADocumentWithoutBoatStillCounts()
      throws Exception {
    app("INSERT INTO documents (id, organization_id, title, file_name, file_size, created_at,"
        + " updated_at) VALUES ('doc-2', 'org-1', 'Insurance', 'policy.pdf', 99, 100, 100)",
        "DELETE FROM documents WHERE id = 'doc-2'");

    List<Event> events = events();
    assertEquals(List.of("DOCUMENT_UPLOADED", "DOCUMENT_DELETED"),
        events.stream().map(Event::type).toList());
    Event deleted = events.get(1);
    assertEquals("org-1", deleted.organizationId());
    assertNull(deleted.boatId());
    assertEquals("policy.pdf", deleted.data().getString("file_name"));
    assertEquals(99, deleted.data().getInteger("file_size"));
    assertTrue(deleted.data().containsKey("boat_name"));
  }

  @Test
  void aRolledBackWriteLeavesNoEvent() throws Exception {
    try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO documents (id, organization_id, title, created_at, updated_at)"
          + " VALUES ('doc-3', 'org-1', 'Draft', 100, 100)");
      c.rollback();
    }
    assertEquals(List.of(), events());
  }

  @Test
  void aSaleOnAnUnknownBoatIsStillRecordedWithAnEmptyOrganization() throws Exception {
    // The app's connection has foreign keys off, so the boat may not exist.
    app("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email, created_at,"
        + " updated_at) VALUES ('sw-9', 'ghost-boat', 'user-1', 'b@example.com', 1, 1)");
    Event e = events().get(0);
    assertEquals("", e.organizationId());
    assertEquals("ghost-boat", e.data().getString("boat_id"));
  }

  @Test
  void theSplitterKeepsEachTriggerBodyWholeAndTheDownMigrationRemovesThem() throws Exception {
    SqlMigration triggers = (SqlMigration) MigrationCatalog.forDialect(Dialect.SQLITE).stream()
        .filter(m -> m.id().equals("20251123_002_add_domain_event_triggers"))
        .findFirst().orElseThrow();
    List<String> statements = SqlScript.statements(triggers.upSql());
    assertEquals(5, statements.size());
    assertTrue(statements.stream().allMatch(s -> s.contains("CREATE TRIGGER")
        && s.endsWith("END")), statements.toString());

    MigrationRunner runner = new MigrationRunner(
        MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(), line -> { });
    try (Connection c = db.open()) {
      runner.down(c, Optional.empty(), Optional.of("20251123_001"));
    }
    assertEquals(0L, ((Number) db.value(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).longValue());
    app("INSERT INTO documents (id, organization_id, title, created_at, updated_at)"
        + " VALUES ('doc-4', 'org-1', 'After rollback', 100, 100)");
    assertEquals(List.of(), events());
  }
}
