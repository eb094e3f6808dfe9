package io.navidocs.webhooks.delivery;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Gives the deliveries leased to one worker back to {@code pending} (graceful stop), without
 * counting an attempt: the attempt either never started or its outcome is unknown, and the
 * receiver deduplicates on {@code webhook-id} if it did arrive.
 */
final class LeaseRelease {
  static final String RELEASE = """
      UPDATE webhook_deliveries
      SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
      WHERE status = 'delivering' AND lease_owner = ?""";
  static final String RELEASE_PROBES = """
      UPDATE webhook_endpoint_state SET probe_delivery_id = NULL, probe_expires_at = NULL
      WHERE probe_delivery_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries d
        WHERE d.id = webhook_endpoint_state.probe_delivery_id AND d.status = 'delivering')""";

  private LeaseRelease() {}

  /** Returns how many deliveries went back to pending. */
  static int release(DeliveryStore store, String owner, long now) throws SQLException {
    PreparedStatement ps = store.statement(RELEASE);
    ps.setLong(1, now);
    ps.setString(2, owner);
    int n = ps.executeUpdate();
    store.statement(RELEASE_PROBES).executeUpdate();
    return n;
  }
}
