package io.navidocs.webhooks.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.subscription.StatusChangeEvents.Source;
import io.navidocs.webhooks.subscription.StatusChangeEvents.StatusChange;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusChangeEventsTest {
  @TempDir
  Path dir;
  Database db;

  @BeforeEach
  void migrate() throws Exception {
    db = new Database("jdbc:sqlite:" + dir.resolve("navidocs.db"), 5_000);
    try (Connection c = db.open()) {
      new MigrationRunner(MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(),
          line -> { }).up(c, Optional.empty());
    }
  }

  @Test
  void aWorkerDisablingAHomeAssistantWebhookWritesTheEventWithEveryField() throws Exception {
    StatusChange change = StatusChange.of("wh-1",
        "http://192.168.1.20:8123/api/webhook/navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N",
        "active", "failed", "8 consecutive failed deliveries", 8);
    try (Connection c = db.open()) {
      assertTrue(StatusChangeEvents.record(c, "org-1", change, Source.WORKER));
    }
    try (Connection c = db.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT organization_id, event_type, payload, source, "
            + "event_id, status FROM domain_events")) {
      assertTrue(rs.next());
      assertEquals("org-1", rs.getString(1));
      assertEquals("INTEGRATION_STATUS_CHANGED", rs.getString(2));
      JsonObject data = new JsonObject(rs.getString(3));
      assertEquals(new JsonObject().put("webhook_id", "wh-1").put("integration", "home_assistant")
          .put("from", "active").put("to", "failed")
          .put("reason", "8 consecutive failed deliveries").put("consecutive_failures", 8), data);
      assertFalse(rs.getString(3).contains("navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N"),
          "the Home Assistant credential leaked into the event");
      assertEquals("worker", rs.getString(4));
      assertTrue(rs.getString(5).startsWith("evt_"));
      assertEquals("pending", rs.getString(6));
      assertFalse(rs.next(), "exactly one event");
    }
  }

  @Test
  void aPlainWebhookHasANullIntegrationThatIsStillPresent() {
    JsonObject data = StatusChange.of("wh-2", "https://mls.example.com/hooks", "inactive",
        "active", "enabled by an admin", 0).data();
    assertTrue(data.containsKey("integration"));
    assertNull(data.getValue("integration"));
  }

  @Test
  void anUnchangedStatusWritesNothing() throws Exception {
    try (Connection c = db.open()) {
      assertFalse(StatusChangeEvents.record(c, "org-1",
          StatusChange.of("wh-1", "https://x.example.com", "active", "active", "noop", 0),
          Source.API));
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM domain_events")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void aRolledBackStatusChangeLeavesNoEvent() throws Exception {
    try (Connection c = db.open()) {
      c.setAutoCommit(false);
      StatusChangeEvents.record(c, "org-1",
          StatusChange.of("wh-1", "https://x.example.com", "active", "inactive", "paused", 0),
          Source.API);
      c.rollback();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM domain_events")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
    }
  }

  @Test
  void theFanOutLeavesOutTheWebhookAStatusEventIsAbout() {
    JsonObject data = new JsonObject().put("webhook_id", "wh-1");
    assertEquals(Optional.of("wh-1"),
        StatusChangeEvents.aboutWebhook("INTEGRATION_STATUS_CHANGED", data));
    assertEquals(Optional.of("wh-1"),
        StatusChangeEvents.aboutWebhook("WEBHOOK_DELIVERY_FAILED", data));
    assertEquals(Optional.empty(), StatusChangeEvents.aboutWebhook("WEBHOOK_TEST", data));
    assertEquals(Optional.empty(), StatusChangeEvents.aboutWebhook("DOCUMENT_UPLOADED", data));
    assertEquals(Optional.empty(), StatusChangeEvents.aboutWebhook(
        "INTEGRATION_STATUS_CHANGED", new JsonObject().put("webhook_id", 7)));
  }
}
