package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite: the fan-out places each webhook's deliveries together (rowids in a range of the
 * webhook's own), so that an endpoint's claims and outcomes dirty few pages; and a webhook whose
 * range cannot be used still gets every delivery.
 */
class DeliveryPlacementTest {
  static final long RANGE = 1L << 32;

  @TempDir Path dir;
  EngineFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  /** Inserts a pending delivery of event row {@code event} for {@code webhook}, as the fan-out. */
  private int insert(Connection c, String id, long event, String webhook) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(EngineSql.SQLITE.insertDelivery)) {
      ps.setString(1, id);
      ps.setLong(2, event);
      ps.setString(3, webhook);
      ps.setString(4, "org-1");
      ps.setString(5, "DOCUMENT_UPLOADED");
      ps.setLong(6, 1_000L);
      ps.setLong(7, 1_000L);
      ps.setLong(8, 1_000L);
      return ps.executeUpdate();
    }
  }

  private List<Long> rowids(String webhook) throws Exception {
    List<Long> out = new ArrayList<>();
    try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT rowid FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id")) {
      ps.setString(1, webhook);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  private long webhookRowid(String id) throws Exception {
    return ((Number) f.value("SELECT rowid FROM webhooks WHERE id = ?", id)).longValue();
  }

  @Test
  void eachWebhooksDeliveriesAreNeighboursWhateverOrderTheEventsCameIn() throws Exception {
    f.webhook("wh-a", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    f.webhook("wh-b", "org-1", "http://127.0.0.1:9/b", "[\"*\"]");
    try (Connection c = f.connect()) {
      for (int e = 1; e <= 3; e++) {
        f.event("org-1", "DOCUMENT_UPLOADED", "{}");
        assertEquals(1, insert(c, "dlv_" + e + "_a", e, "wh-a"));
        assertEquals(1, insert(c, "dlv_" + e + "_b", e, "wh-b"));
      }
    }
    long a = webhookRowid("wh-a") * RANGE;
    long b = webhookRowid("wh-b") * RANGE;
    assertEquals(List.of(a, a + 1, a + 2), rowids("wh-a"));
    assertEquals(List.of(b, b + 1, b + 2), rowids("wh-b"));
  }

  @Test
  void aDeliveryOfTheSameEventAndWebhookIsStillInsertedOnce() throws Exception {
    f.webhook("wh-a", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    try (Connection c = f.connect()) {
      assertEquals(1, insert(c, "dlv_1", 1, "wh-a"));
      assertEquals(0, insert(c, "dlv_2", 1, "wh-a"));
    }
    assertEquals(1, rowids("wh-a").size());
  }

  @Test
  void aWebhookWhoseRangeIsFullOrOutOfReachStillGetsEveryDelivery() throws Exception {
    f.webhook("wh-full", "org-1", "http://127.0.0.1:9/f", "[\"*\"]");
    // A rowid whose range would not fit in 63 bits.
    f.exec("INSERT INTO webhooks (rowid, id, organization_id, url, secret, topics, status, "
        + "retry_policy, consecutive_failures, created_at, updated_at) SELECT 2147483647, "
        + "'wh-far', organization_id, url, secret, topics, status, retry_policy, 0, 0, 0 "
        + "FROM webhooks WHERE id = 'wh-full'");
    long first = webhookRowid("wh-full") * RANGE;
    // The range's first and last rowids are taken, as if it had been used up.
    for (int e = 1; e <= 3; e++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    }
    for (int e = 1; e <= 2; e++) {
      f.exec("INSERT INTO webhook_deliveries (rowid, id, event_id, webhook_id, organization_id, "
          + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES "
          + "(?, ?, ?, 'wh-full', 'org-1', 'DOCUMENT_UPLOADED', 'succeeded', 1, 0, 0, 0)",
          e == 1 ? first : first + RANGE - 1, "dlv_old_" + e, e);
    }
    try (Connection c = f.connect()) {
      assertEquals(1, insert(c, "dlv_next", 3, "wh-full"));
      assertEquals(1, insert(c, "dlv_far", 1, "wh-far"));
    }
    assertEquals(3, rowids("wh-full").size());
    assertEquals(1, rowids("wh-far").size());
    assertEquals(4L, f.count("SELECT COUNT(*) FROM webhook_deliveries"));
  }
}
