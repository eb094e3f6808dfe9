package io.navidocs.webhooks.notification;

import io.navidocs.webhooks.metrics.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.scanner.WarrantyScanner;
import io.navidocs.webhooks.trigger.EventsDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbox events into in-app notifications, on a real SQLite file. */
class NotifierTest {
  @TempDir Path dir;
  EventsDatabase db;
  MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    db = EventsDatabase.create(dir);
    db.organization("org-1");
    db.organization("org-2");
    db.boat("boat-1", "org-1", "Sea Breeze");
    db.member("user-1", "org-1");
    db.member("user-2", "org-1");
    db.member("user-3", "org-2");
  }

  private Notifier.Result process() throws Exception {
    try (Connection c = db.open()) {
      return new Notifier(clock).processBatch(c);
    }
  }

  private List<List<Object>> notifications() throws Exception {
    return db.rows("SELECT user_id, type, title, message, boat_id, warranty_id, icon_emoji,"
        + " action_url, action_label, is_read, expires_at - created_at, created_at"
        + " FROM notifications ORDER BY user_id");
  }

  @Test
  void aWarrantyAlertBecomesOneNotificationPerMemberOfTheOrganization() throws Exception {
    db.warranty("wt-1", "boat-1", "Engine", "2026-06-30");
    try (Connection c = db.open()) {
      new WarrantyScanner(clock).scan(c);
    }
    Notifier.Result r = process();
    assertEquals(2, r.notifications());
    List<List<Object>> rows = notifications();
    assertEquals(2, rows.size());
    List<Object> first = rows.get(0);
    assertEquals("user-1", first.get(0));
    assertEquals("warranty_expiring", first.get(1));
    assertEquals("Engine warranty expires in 29 days", first.get(2), "the 30_days template");
    assertEquals("The Engine warranty on Sea Breeze expires on 2026-06-30. Take action now.",
        first.get(3));
    assertEquals("boat-1", first.get(4));
    assertEquals("wt-1", first.get(5));
    assertEquals("⚠️", first.get(6));
    assertEquals("/boats/boat-1/warranties/wt-1", first.get(7));
    assertEquals("View warranty", first.get(8));
    assertEquals(0, ((Number) first.get(9)).intValue());
    assertEquals(Duration.ofDays(30).toSeconds(), ((Number) first.get(10)).longValue());
    assertEquals(clock.instant().getEpochSecond(), ((Number) first.get(11)).longValue(),
        "seconds, as the seed stores them");
    assertEquals("user-2", rows.get(1).get(0));
    assertEquals(1L, ((Number) db.value("SELECT count(*) FROM domain_events"
        + " WHERE event_type = 'NOTIFICATION_SENT' AND source = 'worker'")).longValue());
  }

  @Test
  void theSameEventHandledTwiceAddsNoDuplicate() throws Exception {
    db.exec("INSERT INTO documents (id, organization_id, entity_id, title, file_name,"
        + " file_size, created_at, updated_at) VALUES ('doc-1', 'org-1', 'boat-1', 'Manual',"
        + " 'manual.pdf', 10, 1, 1)");
    process();
    // As for a second instance that read the event before the first one committed: the event
    // is handled again.
    db.exec("UPDATE notification_cursor SET last_event_id = 0");
    db.exec("DELETE FROM notification_events");
    Notifier.Result again = process();
    assertEquals(0, again.notifications());
    assertEquals(2L, ((Number) db.value("SELECT count(*) FROM notifications")).longValue());
    assertEquals(1L, ((Number) db.value("SELECT count(*) FROM domain_events"
        + " WHERE event_type = 'NOTIFICATION_SENT'")).longValue(), "announced once");
    assertEquals("[[doc-1, /documents/doc-1, New document: Manual]]", db.rows(
        "SELECT DISTINCT document_id, action_url, title FROM notifications").toString());
  }

  @Test
  void aMissingTemplateVariableIsRecordedOnTheEventAndDoesNotStopTheNextOnes()
      throws Exception {
    // A publisher's SALE_INITIATED without buyer_email: the template cannot be filled.
    db.exec("INSERT INTO domain_events (organization_id, event_type, payload, source)"
        + " VALUES ('org-1', 'SALE_INITIATED', '{\"sale_id\":\"sw-1\",\"boat_name\":\"X\"}',"
        + " 'api')");
    db.exec("INSERT INTO documents (id, organization_id, title, created_at, updated_at)"
        + " VALUES ('doc-2', 'org-2', 'Insurance', 1, 1)");
    Notifier.Result r = process();
    assertEquals(1, r.errors());
    assertEquals("[[render_error, template nt-inapp-sale-initiated: missing template"
        + " variable(s): buyer_email]]", db.rows("SELECT outcome, error FROM notification_events"
        + " WHERE outcome <> 'notified' AND outcome <> 'no_template'").toString());
    assertEquals("[[user-3]]", db.rows("SELECT user_id FROM notifications").toString(),
        "the next event still notified (org-2's member only)");
  }

  @Test
  void rejectedAndInvalidEventsAndEventsWithoutTemplateNotifyNobody() throws Exception {
    db.exec("INSERT INTO domain_events (organization_id, event_type, payload) VALUES"
        + " ('org-1', 'NOT_A_TYPE', '{}'), ('org-1', 'DOCUMENT_UPLOADED', 'not json'),"
        + " ('org-9', 'DOCUMENT_UPLOADED', '{\"title\":\"x\"}'),"
        + " ('org-1', 'WEBHOOK_TEST', '{}')");
    db.exec("INSERT INTO domain_events (organization_id, event_type, payload, status) VALUES"
        + " ('org-1', 'DOCUMENT_UPLOADED', '{\"title\":\"x\"}', 'rejected')");
    Notifier.Result r = process();
    assertEquals(5, r.events());
    assertEquals(0L, ((Number) db.value("SELECT count(*) FROM notifications")).longValue());
    assertEquals("[[invalid, unknown event type], [invalid, payload is not a JSON object],"
        + " [invalid, unknown organization], [no_template, null],"
        + " [invalid, rejected by the delivery engine]]",
        db.rows("SELECT outcome, error FROM notification_events ORDER BY event_id").toString());
  }

  @Test
  void aDeletedDocumentIsNotLinkedAndExpiredNotificationsArePurged() throws Exception {
    db.exec("INSERT INTO documents (id, organization_id, entity_id, title, created_at,"
        + " updated_at) VALUES ('doc-3', 'org-1', 'boat-1', 'Old survey', 1, 1)");
    db.exec("DELETE FROM documents WHERE id = 'doc-3'");
    process();
    assertEquals("[[document_uploaded, null], [document_deleted, null]]", db.rows(
        "SELECT DISTINCT type, document_id FROM notifications ORDER BY created_at, type DESC")
            .toString().replace("[[document_deleted, null], [document_uploaded, null]]",
                "[[document_uploaded, null], [document_deleted, null]]"));
    assertEquals("/boats/boat-1/documents", db.value("SELECT action_url FROM notifications"
        + " WHERE type = 'document_deleted' LIMIT 1"));

    clock.set(clock.instant().plus(Duration.ofDays(30)).plusSeconds(1));
    try (Connection c = db.open()) {
      assertEquals(4, new Notifier(clock).purgeExpired(c, 3));
    }
    assertEquals(0L, ((Number) db.value("SELECT count(*) FROM notifications")).longValue());
  }

  @Test
  void theSeedsUnreadQueryUsesTheRecentUnreadIndexAndTheUnreadCountTheUnreadIndex() throws Exception {
    List<List<Object>> plan = db.rows("EXPLAIN QUERY PLAN SELECT id, title, message"
        + " FROM notifications WHERE user_id = 'user-123' AND is_read = 0"
        + " ORDER BY created_at DESC LIMIT 10");
    String detail = plan.stream().map(r -> String.valueOf(r.get(3))).toList().toString();
    // What SQLite really picks (3.5x): the (user_id, created_at DESC) partial index, which
    // also serves the ORDER BY; see docs/architecture.md.
    assertTrue(detail.contains("idx_notification_user_recent"), detail);
    assertTrue(!detail.contains("TEMP B-TREE"), "no sort step: " + detail);
    List<List<Object>> count = db.rows("EXPLAIN QUERY PLAN SELECT count(*) FROM notifications"
        + " WHERE user_id = 'user-123' AND is_read = 0");
    String countDetail = count.stream().map(r -> String.valueOf(r.get(3))).toList().toString();
    assertTrue(countDetail.contains("COVERING INDEX idx_notification_user_unread"), countDetail);
  }
}
