package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.retry.RetryPolicy;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.json.JsonArray;
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
 *
 * <p>Where the in-flight count comes from: on SQLite (one process per file, claimers serialized
 * by BEGIN IMMEDIATE) from this worker's memory; on PostgreSQL (several instances) from the
 * database, read under a per-endpoint advisory lock after it was granted (see {@link EngineSql}),
 * so the limit and the one-probe gate hold across instances.
 */
final class DeliveryClaims {
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
  // RECLAIM_EXPIRED and DUE_OF_ENDPOINT differ by dialect: see EngineSql.
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
   * An endpoint a fan-out may hand new deliveries to directly: active, not in backoff, and no
   * due delivery of its own waiting (those go first, through the claim).
   */
  static final String READY_FOR_NEW = """
      SELECT w.organization_id, w.url, w.secret, w.retry_policy
      FROM webhooks w
      WHERE w.id = ? AND w.status = 'active' AND COALESCE(w.consecutive_failures, 0) = 0
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries d
          WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ?)""";

  /**
   * What may be claimed now.
   *
   * @param inFlight this worker's attempts in flight per webhook id (SQLite; on PostgreSQL the
   *     database's count of live leases is used instead)
   * @param perEndpoint in-flight limit per endpoint
   * @param globalFree free slots under the global in-flight limit
   */
  record Request(long now, String owner, long leaseUntil, Map<String, Integer> inFlight,
      int perEndpoint, int globalFree) {}

  private record Endpoint(String id, String organizationId, String url, String secret,
      RetryPolicy policy, int failures, long nextProbeAt, String probe, long probeExpiresAt,
      int busy) {}

  /** A due row as read, before the guarded update decides whether it is ours. */
  private record Due(String id, int attemptsMade, String eventType, String eventId,
      String organizationId, String payload, long eventCreatedAt) {}

  private DeliveryClaims() {}

  /**
   * Claims new deliveries as the fan-out inserts them (SQLite, where this worker's in-flight
   * counts are the whole truth): the same limits and lease as {@link #claim}, taken from the
   * request's free slots; {@link #rest()} is the request for the claim that follows in the
   * same transaction, with those slots taken.
   */
  static final class AtFanOut implements io.navidocs.webhooks.event.FanOutClaim {
    private final Request request;
    private final Lease lease;
    private final Map<String, Integer> inFlight;
    /** Per webhook asked about: the endpoint and its live secrets, or null when not ready. */
    private final Map<String, Ready> ready = new java.util.HashMap<>();
    private final List<ClaimedDelivery> claimed = new ArrayList<>();
    private int globalFree;

    AtFanOut(Request request) {
      this.request = request;
      this.lease = new Lease(request.owner(), request.leaseUntil());
      this.inFlight = new java.util.HashMap<>(request.inFlight());
      this.globalFree = request.globalFree();
    }

    @Override
    public Lease take(DeliveryStore store, String webhookId, String deliveryId, Event event)
        throws SQLException {
      if (globalFree <= 0) {
        return null;
      }
      Ready r = ready.containsKey(webhookId) ? ready.get(webhookId) : load(store, webhookId);
      ready.put(webhookId, r);
      int busy = inFlight.getOrDefault(webhookId, 0);
      if (r == null || busy >= request.perEndpoint()) {
        return null;
      }
      inFlight.put(webhookId, busy + 1);
      globalFree--;
      claimed.add(new ClaimedDelivery(deliveryId, webhookId, event.organizationId(),
          event.eventType(), event.eventId(), event.payload(), event.createdAt(), 0,
          r.endpoint().url(), r.secrets(), r.endpoint().policy(), false));
      return lease;
    }

    @Override
    public void notInserted(String deliveryId) {
      for (java.util.Iterator<ClaimedDelivery> it = claimed.iterator(); it.hasNext(); ) {
        ClaimedDelivery d = it.next();
        if (d.id().equals(deliveryId)) {
          it.remove();
          inFlight.computeIfPresent(d.webhookId(), (k, n) -> n > 1 ? n - 1 : null);
          globalFree++;
          return;
        }
      }
    }

    /** The deliveries claimed at the fan-out, in insertion order. */
    List<ClaimedDelivery> claimed() {
      return claimed;
    }

    /** The claim request for what is left after the fan-out's claims. */
    Request rest() {
      return new Request(request.now(), request.owner(), request.leaseUntil(),
          Map.copyOf(inFlight), request.perEndpoint(), globalFree);
    }

    private record Ready(Endpoint endpoint, List<WebhookSecret> secrets) {}

    private Ready load(DeliveryStore store, String webhookId) throws SQLException {
      PreparedStatement ps = store.statement(READY_FOR_NEW);
      ps.setString(1, webhookId);
      ps.setLong(2, request.now());
      Endpoint ep;
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        ep = new Endpoint(webhookId, rs.getString(1), rs.getString(2), rs.getString(3),
            RetryPolicy.parse(rs.getString(4)).orElse(RetryPolicy.DEFAULT), 0, 0, null, 0, 0);
      }
      return new Ready(ep, secrets(store, ep, request.now()));
    }
  }

  /** Reclaims expired leases and claims what the limits allow; returns the claimed deliveries. */
  static List<ClaimedDelivery> claim(DeliveryStore store, Request r) throws SQLException {
    EngineSql sql = store.sql();
    PreparedStatement reclaim = store.statement(sql.reclaimExpired);
    reclaim.setLong(1, r.now());
    reclaim.setLong(2, r.now());
    reclaim.executeUpdate();

    List<Endpoint> endpoints;
    if (sql.sharedLimits) {
      endpoints = lockedEndpoints(store, sql, r);
    } else {
      PreparedStatement eps = store.statement(ENDPOINTS_WITH_DUE_WORK);
      eps.setLong(1, r.now());
      endpoints = endpoints(eps, r, false);
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
      int busy = ep.busy();
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

  /** Reads endpoints; {@code counted}: the last column is the database's in-flight count. */
  private static List<Endpoint> endpoints(PreparedStatement eps, Request r, boolean counted)
      throws SQLException {
    List<Endpoint> endpoints = new ArrayList<>();
    try (ResultSet rs = eps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        endpoints.add(new Endpoint(id, rs.getString(2), rs.getString(3),
            rs.getString(4), RetryPolicy.parse(rs.getString(5)).orElse(RetryPolicy.DEFAULT),
            rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getLong(9),
            counted ? rs.getInt(10) : r.inFlight().getOrDefault(id, 0)));
      }
    }
    return endpoints;
  }

  /**
   * PostgreSQL: the endpoints with due work whose claim lock this transaction got (held until
   * it commits), with their gate and in-flight count read after the locks were granted.
   */
  private static List<Endpoint> lockedEndpoints(DeliveryStore store, EngineSql sql, Request r)
      throws SQLException {
    PreparedStatement lock = store.statement(sql.lockEndpointsWithDueWork);
    lock.setLong(1, r.now());
    JsonArray ids = new JsonArray();
    try (ResultSet rs = lock.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    if (ids.isEmpty()) {
      return new ArrayList<>();
    }
    PreparedStatement eps = store.statement(sql.endpointsIn);
    eps.setLong(1, r.now());
    eps.setString(2, ids.encode());
    return endpoints(eps, r, true);
  }

  private static int claimEndpoint(DeliveryStore store, Request r, Endpoint ep, int slots,
      boolean gated, List<ClaimedDelivery> out) throws SQLException {
    List<Due> due = new ArrayList<>();
    PreparedStatement select = store.statement(store.sql().dueOfEndpoint);
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
