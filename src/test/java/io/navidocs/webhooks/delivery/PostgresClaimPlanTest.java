package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim's statements on PostgreSQL read through the indexes meant for them, with a long
 * delivery history beside the few rows in flight: the in-flight count must not grow with the
 * history (issue 7).
 */
class PostgresClaimPlanTest {
  @TempDir Path dir;

  static String plan(Connection c, String sql) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void theInFlightCountAndTheDueReadUseTheirPartialIndexesWhateverTheHistory() throws Exception {
    try (EngineFixture f = new EngineFixture(Dialect.POSTGRESQL, dir);
        Connection c = f.connect(); Statement s = c.createStatement()) {
      f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
      f.webhook("wh-2", "org-1", "http://127.0.0.1:9/b", "[\"*\"]");
      s.execute("INSERT INTO domain_events (organization_id, event_type, payload, status) "
          + "SELECT 'org-1', 'DOCUMENT_UPLOADED', '{}', 'accepted' FROM generate_series(1, 20000)");
      // 40,000 finished deliveries of history, 8 in flight, 100 due.
      s.execute("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
          + "event_type, status, next_attempt_at, lease_owner, lease_expires_at, created_at, "
          + "updated_at) SELECT 'dlv_' || e.id || '_' || w.n, e.id, 'wh-' || w.n, 'org-1', "
          + "'DOCUMENT_UPLOADED', CASE WHEN e.id <= 4 THEN 'delivering' WHEN e.id <= 54 "
          + "THEN 'pending' ELSE 'succeeded' END, 0, CASE WHEN e.id <= 4 THEN 'i-1' END, "
          + "CASE WHEN e.id <= 4 THEN 9000000000000 END, e.id, e.id "
          + "FROM domain_events e CROSS JOIN (VALUES (1), (2)) AS w(n)");
      s.execute("ANALYZE");

      String count = plan(c, EngineSql.POSTGRESQL.endpointsIn
          .replaceFirst("\\?", "1000")
          .replace("CAST(? AS jsonb)", "'[\"wh-1\", \"wh-2\"]'::jsonb"));
      assertTrue(count.contains("idx_delivery_webhook_delivering"), count);
      String due = plan(c, EngineSql.POSTGRESQL.dueOfEndpoint.replaceFirst("\\?", "'wh-1'")
          .replaceFirst("\\?", "1000").replaceFirst("\\?", "32"));
      // Either partial index over pending rows is fine: both grow with the backlog, not history.
      assertTrue(due.contains("idx_delivery_webhook_due") || due.contains("idx_delivery_due"),
          due);
      assertTrue(!due.contains("Seq Scan"), due);
      String lock = plan(c, EngineSql.POSTGRESQL.lockEndpointsWithDueWork.replace("?", "1000"));
      assertTrue(lock.contains("idx_delivery_webhook_due"), lock);
      String reclaim = plan(c, EngineSql.POSTGRESQL.reclaimExpired.replace("?", "1000"));
      assertTrue(reclaim.contains("idx_delivery_lease")
          || reclaim.contains("idx_delivery_webhook_delivering"), reclaim);
      String outbox = plan(c, EngineSql.POSTGRESQL.outboxPending.replace("?", "500"));
      assertTrue(outbox.contains("idx_domain_events_pending"), outbox);
    }
  }
}
