package io.navidocs.webhooks.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Housekeeping in small transactions (SPEC §5, §8): purges succeeded deliveries (their attempts
 * cascade) and fully processed events older than the retention period, cancels deliveries held
 * for a {@code failed} webhook longer than that, and cancels deliveries whose webhook was
 * deleted. Each statement touches at most {@link #BATCH} rows, so the single writer is never
 * held for long.
 */
final class RetentionPurge {
  /** Rows per transaction. */
  static final int BATCH = 500;

  static final String PURGE_SUCCEEDED = """
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'succeeded' AND completed_at < ? LIMIT %d)""".formatted(BATCH);
  // An event goes once nothing refers to it any more: no delivery left (all purged, or none).
  static final String PURGE_EVENTS = """
      DELETE FROM domain_events WHERE id IN (
        SELECT e.id FROM domain_events e
        WHERE e.created_at < ? AND e.status <> 'pending'
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
        LIMIT %d)""".formatted(BATCH);
  static final String CANCEL_HELD = """
      UPDATE webhook_deliveries
      SET status = 'cancelled', completed_at = ?, updated_at = ?,
          last_error = 'held for a failed webhook longer than the retention period'
      WHERE id IN (
        SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND w.status = 'failed' AND d.created_at < ? LIMIT %d)"""
      .formatted(BATCH);
  static final String CANCEL_ORPHANS = """
      UPDATE webhook_deliveries
      SET status = 'cancelled', completed_at = ?, updated_at = ?,
          last_error = 'webhook deleted'
      WHERE id IN (
        SELECT d.id FROM webhook_deliveries d
        WHERE d.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id)
        LIMIT %d)""".formatted(BATCH);
  // One branch per status so each reads its own partial index (idx_delivery_webhook_due,
  // idx_delivery_lease): there is no index over every row's status (migration 20251127_001).
  static final String BACKLOG = """
      SELECT COUNT(*), MIN(created_at) FROM (
        SELECT created_at FROM webhook_deliveries WHERE status = 'pending'
        UNION ALL
        SELECT created_at FROM webhook_deliveries WHERE status = 'delivering') AS backlog""";
  /**
   * Events not yet fanned out: under load they wait here for room (FanOutClaim#room), so the
   * backlog gauges read both. The oldest is the lowest pending id (ids follow insertion).
   */
  static final String OUTBOX_BACKLOG = """
      SELECT (SELECT COUNT(*) FROM domain_events WHERE status = 'pending'),
             (SELECT created_at FROM domain_events WHERE status = 'pending' ORDER BY id LIMIT 1)""";
  static final String ENDPOINTS = "SELECT status, COUNT(*) FROM webhooks GROUP BY status";

  /** Rows changed by one step, by kind. */
  record Step(int purged, int cancelled) {
    boolean full() {
      return purged >= BATCH || cancelled >= BATCH;
    }
  }

  private RetentionPurge() {}

  /** One batch of each kind; call again while {@link Step#full()}. */
  static Step step(DeliveryStore store, long now, long retentionMs) throws SQLException {
    long cutoff = now - retentionMs;
    int purged = update(store, PURGE_SUCCEEDED, cutoff);
    purged += update(store, PURGE_EVENTS, cutoff);
    PreparedStatement held = store.statement(CANCEL_HELD);
    held.setLong(1, now);
    held.setLong(2, now);
    held.setLong(3, cutoff);
    int cancelled = held.executeUpdate();
    PreparedStatement orphans = store.statement(CANCEL_ORPHANS);
    orphans.setLong(1, now);
    orphans.setLong(2, now);
    cancelled += orphans.executeUpdate();
    return new Step(purged, cancelled);
  }

  /** Refreshes the backlog and endpoint gauges. */
  static void gauges(DeliveryStore store, DeliveryMetrics metrics, long now) throws SQLException {
    long oldest = now;
    try (ResultSet rs = store.statement(BACKLOG).executeQuery()) {
      if (rs.next()) {
        metrics.pending.set(rs.getLong(1));
        long created = rs.getLong(2);
        oldest = rs.wasNull() ? oldest : Math.min(oldest, created);
      }
    }
    try (ResultSet rs = store.statement(OUTBOX_BACKLOG).executeQuery()) {
      if (rs.next()) {
        metrics.outboxPending.set(rs.getLong(1));
        long created = rs.getLong(2);
        oldest = rs.wasNull() ? oldest : Math.min(oldest, created);
      }
    }
    metrics.oldestPendingSeconds.set(Math.max(0, (now - oldest) / 1000));
    metrics.endpoints.values().forEach(v -> v.set(0));
    try (ResultSet rs = store.statement(ENDPOINTS).executeQuery()) {
      while (rs.next()) {
        var gauge = metrics.endpoints.get(rs.getString(1));
        if (gauge != null) {
          gauge.set(rs.getLong(2));
        }
      }
    }
  }

  private static int update(DeliveryStore store, String sql, long cutoff) throws SQLException {
    PreparedStatement ps = store.statement(sql);
    ps.setLong(1, cutoff);
    return ps.executeUpdate();
  }
}
