package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.retry.RetryPolicy;
import io.navidocs.webhooks.signing.WebhookSecret;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claiming due deliveries with a lease, in one transaction (SPEC §5, §8).
 *
 * <p>Per active endpoint with due work: a healthy endpoint gets up to its free in-flight slots;
 * an endpoint in backoff gets one probe, and only when its {@code next_probe_at} has passed and
 * no other probe holds it. The other deliveries stay {@code pending} untouched, so waiting costs
 * them no attempt. Each row is taken with a guarded update ({@code WHERE status='pending'}), so
 * two claimers never both win one; expired leases of a dead worker go back to pending first.
 */
final class DeliveryClaims {
  static final String RECLAIM_EXPIRED = """
      UPDATE webhook_deliveries
      SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
      WHERE status = 'delivering' AND lease_expires_at < ?""";
  // Endpoints first, then each one's oldest due rows: a backlog at one endpoint never hides
  // the due work of another (no starvation by ORDER BY over all rows).
  static final String ENDPOINTS_WITH_DUE_WORK = """
      SELECT w.id, w.organization_id, w.url, w.secret, w.retry_policy,
             COALESCE(w.consecutive_failures, 0), s.next_probe_at, s.probe_delivery_id,
             s.probe_expires_at
      FROM webhooks w LEFT JOIN webhook_endpoint_state s ON s.webhook_id = w.id
      WHERE w.status = 'active' AND EXISTS (
        SELECT 1 FROM webhook_deliveries d
        WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ?)""";
  static final String DUE_OF_ENDPOINT = """
      SELECT d.id, d.attempt_count, d.event_type, e.event_id, e.organization_id, e.payload,
             e.created_at
      FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
      WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
      ORDER BY d.next_attempt_at LIMIT ?""";
  static final String MARK_DELIVERING = """
      UPDATE webhook_deliveries
      SET status = 'delivering', lease_owner = ?, lease_expires_at = ?, updated_at = ?
      WHERE id = ? AND status = 'pending'""";
  static final String TAKE_PROBE = """
      INSERT INTO webhook_endpoint_state (webhook_id, next_probe_at, probe_delivery_id,
        probe_expires_at, updated_at)
      VALUES (?, 0, ?, ?, ?)
      ON CONFLICT (webhook_id) DO UPDATE SET probe_delivery_id = excluded.probe_delivery_id,
        probe_expires_at = excluded.probe_expires_at, updated_at = excluded.updated_at""";
  static final String LIVE_OLD_SECRETS = """
      SELECT secret FROM webhook_secrets WHERE webhook_id = ? AND expires_at > ?
      ORDER BY created_at DESC""";

  /**
   * What may be claimed now.
   *
   * @param inFlight this worker's attempts in flight per webhook id
   * @param perEndpoint in-flight limit per endpoint
   * @param globalFree free slots under the global in-flight limit
   */
  record Request(long now, String owner, long leaseUntil, Map<String, Integer> inFlight,
      int perEndpoint, int globalFree) {}

  private record Endpoint(String id, String organizationId, String url, String secret,
      RetryPolicy policy, int failures, long nextProbeAt, String probe, long probeExpiresAt) {}

  /** A due row as read, before the guarded update decides whether it is ours. */
  private record Due(String id, int attemptsMade, String eventType, String eventId,
      String organizationId, String payload, long eventCreatedAt) {}

  private DeliveryClaims() {}

  /** Reclaims expired leases and claims what the limits allow; returns the claimed deliveries. */
  static List<ClaimedDelivery> claim(DeliveryStore store, Request r) throws SQLException {
    PreparedStatement reclaim = store.statement(RECLAIM_EXPIRED);
    reclaim.setLong(1, r.now());
    reclaim.setLong(2, r.now());
    reclaim.executeUpdate();

    List<Endpoint> endpoints = new ArrayList<>();
    PreparedStatement eps = store.statement(ENDPOINTS_WITH_DUE_WORK);
    eps.setLong(1, r.now());
    try (ResultSet rs = eps.executeQuery()) {
      while (rs.next()) {
        endpoints.add(new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), RetryPolicy.parse(rs.getString(5)).orElse(RetryPolicy.DEFAULT),
            rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getLong(9)));
      }
    }
    // A different starting endpoint each time, so a global limit shares slots fairly.
    if (endpoints.size() > 1) {
      java.util.Collections.rotate(endpoints, (int) (r.now() % endpoints.size()));
    }
    List<ClaimedDelivery> claimed = new ArrayList<>();
    int globalFree = r.globalFree();
    for (Endpoint ep : endpoints) {
      if (globalFree <= 0) {
        break;
      }
      int busy = r.inFlight().getOrDefault(ep.id(), 0);
      boolean gated = ep.failures() > 0;
      int slots;
      if (gated) {
        boolean probeHeld = ep.probe() != null && ep.probeExpiresAt() >= r.now();
        slots = busy == 0 && !probeHeld && ep.nextProbeAt() <= r.now() ? 1 : 0;
      } else {
        slots = r.perEndpoint() - busy;
      }
      slots = Math.min(slots, globalFree);
      if (slots <= 0) {
        continue;
      }
      int got = claimEndpoint(store, r, ep, slots, gated, claimed);
      globalFree -= got;
    }
    return claimed;
  }

  private static int claimEndpoint(DeliveryStore store, Request r, Endpoint ep, int slots,
      boolean gated, List<ClaimedDelivery> out) throws SQLException {
    List<Due> due = new ArrayList<>();
    PreparedStatement select = store.statement(DUE_OF_ENDPOINT);
    select.setString(1, ep.id());
    select.setLong(2, r.now());
    select.setInt(3, slots);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        due.add(new Due(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getLong(7)));
      }
    }
    if (due.isEmpty()) {
      return 0;
    }
    PreparedStatement mark = store.statement(MARK_DELIVERING);
    for (Due d : due) {
      mark.setString(1, r.owner());
      mark.setLong(2, r.leaseUntil());
      mark.setLong(3, r.now());
      mark.setString(4, d.id());
      mark.addBatch();
    }
    int[] won = mark.executeBatch();
    List<WebhookSecret> secrets = secrets(store, ep, r.now());
    int got = 0;
    for (int i = 0; i < due.size(); i++) {
      if (won[i] != 1) {
        continue; // another claimer took it first
      }
      Due d = due.get(i);
      out.add(new ClaimedDelivery(d.id(), ep.id(), d.organizationId(), d.eventType(),
          d.eventId(), d.payload(), d.eventCreatedAt(), d.attemptsMade(), ep.url(), secrets,
          ep.policy(), gated));
      got++;
      if (gated) {
        PreparedStatement probe = store.statement(TAKE_PROBE);
        probe.setString(1, ep.id());
        probe.setString(2, d.id());
        probe.setLong(3, r.leaseUntil());
        probe.setLong(4, r.now());
        probe.executeUpdate();
      }
    }
    return got;
  }

  /** The current secret first, then older ones still within their rotation grace period. */
  private static List<WebhookSecret> secrets(DeliveryStore store, Endpoint ep, long now)
      throws SQLException {
    List<WebhookSecret> out = new ArrayList<>();
    if (WebhookSecret.validate(ep.secret()).isPresent()) {
      return List.of(); // unusable: the attempt fails without sending (see WebhookSender)
    }
    out.add(WebhookSecret.of(ep.secret()));
    PreparedStatement ps = store.statement(LIVE_OLD_SECRETS);
    ps.setString(1, ep.id());
    ps.setLong(2, now);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (WebhookSecret.validate(rs.getString(1)).isEmpty()) {
          out.add(WebhookSecret.of(rs.getString(1)));
        }
      }
    }
    return List.copyOf(out);
  }
}
