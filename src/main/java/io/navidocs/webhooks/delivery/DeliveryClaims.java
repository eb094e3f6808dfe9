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
   * A claim's time, owner and lease, and this worker's slots (free slots are read as the claim
   * runs, on the store's thread; on PostgreSQL the per-endpoint count of live leases comes from
   * the database instead).
   */
  record Request(long now, String owner, long leaseUntil, Slots slots) {}

  /**
   * What one transaction's claims took: sent once the transaction commits, their slots given
   * back when it rolls back.
   */
  static final class Taken {
    final List<ClaimedDelivery> deliveries = new ArrayList<>();
    /** A claim stopped at the global limit: more due work may be waiting for the next slots. */
    boolean full;
  }

  private record Endpoint(String id, String organizationId, String url, String secret,
      RetryPolicy policy, int failures, long nextProbeAt, String probe, long probeExpiresAt,
      int busy) {}

  /** A due row as read, before the guarded update decides whether it is ours. */
  private record Due(String id, int attemptsMade, String eventType, String eventId,
      String organizationId, String payload, long eventCreatedAt) {}

  private DeliveryClaims() {}

  /**
   * Claims new deliveries as the fan-out inserts them (SQLite, where this worker's in-flight
   * counts are the whole truth): the same limits and lease as {@link #claim}, the slots taken as
   * the fan-out asks; what it claims joins {@code taken}.
   */
  static final class AtFanOut implements io.navidocs.webhooks.event.FanOutClaim {
    private final Request request;
    private final Lease lease;
    private final Taken taken;
    /** Per webhook asked about: the endpoint and its live secrets, or null when not ready. */
    private final Map<String, Ready> ready = new java.util.HashMap<>();
    /** The global limit was reached: nothing more of this batch is claimed at the fan-out. */
    private boolean full;

    AtFanOut(Request request, Taken taken) {
      this.request = request;
      this.lease = new Lease(request.owner(), request.leaseUntil());
      this.taken = taken;
    }

    @Override
    public Lease take(DeliveryStore store, String webhookId, String deliveryId, Event event)
        throws SQLException {
      Slots slots = request.slots();
      if (full) {
        return null;
      }
      if (slots.globalFree() <= 0) {
        full = true;
        return null;
      }
      Ready r = ready.containsKey(webhookId) ? ready.get(webhookId) : load(store, webhookId);
      if (r == null || !slots.take(webhookId, slots.perEndpoint())) {
        // Once one of the batch's deliveries to an endpoint waits, the later ones wait too, even
        // if a slot frees meanwhile: the claim takes them in order.
        ready.put(webhookId, null);
        return null;
      }
      ready.put(webhookId, r);
      taken.deliveries.add(new ClaimedDelivery(deliveryId, webhookId, event.organizationId(),
          event.eventType(), event.eventId(), event.payload(), event.createdAt(), 0,
          r.endpoint().url(), r.secrets(), r.endpoint().policy(), false));
      return lease;
    }

    /**
     * Room when the free global slots cover the event's deliveries (half the global limit, for an
     * event that makes more, so that it cannot wait for an idle worker). Why: a delivery inserted
     * {@code pending} for want of a slot is written once more when claimed, and the claim reads
     * it and its event back; under load that was nearly every delivery, and the extra work is
     * what kept the engine behind (benchmarks.md, "Events wait in the outbox for room"). Only
     * the global limit holds events back: a full endpoint, one that hangs or is in backoff,
     * gets {@code pending} rows as before, so it never holds back the events of the others.
     */
    @Override
    public boolean room(int deliveries) {
      Slots slots = request.slots();
      return deliveries == 0
          || slots.globalFree() >= Math.min(deliveries, Math.max(1, slots.global() / 2));
    }

    @Override
    public void notInserted(String deliveryId) {
      for (java.util.Iterator<ClaimedDelivery> it = taken.deliveries.iterator(); it.hasNext(); ) {
        ClaimedDelivery d = it.next();
        if (d.id().equals(deliveryId)) {
          it.remove();
          request.slots().give(d.webhookId());
          return;
        }
      }
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

  /**
   * Reclaims expired leases and claims what the free slots allow, taking them; the claimed
   * deliveries join {@code taken} as they are claimed.
   */
  static void claim(DeliveryStore store, Request r, Taken taken) throws SQLException {
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
      endpoints = endpoints(eps, false);
    }
    // A different starting endpoint each time, so a global limit shares slots fairly.
    if (endpoints.size() > 1) {
      java.util.Collections.rotate(endpoints, (int) (r.now() % endpoints.size()));
    }
    Slots free = r.slots();
    for (Endpoint ep : endpoints) {
      int globalFree = free.globalFree();
      if (globalFree <= 0) {
        taken.full = true;
        break;
      }
      // SQLite: this worker's own count, as it is now (only this thread takes slots).
      int busy = sql.sharedLimits ? ep.busy() : free.busy(ep.id());
      boolean gated = ep.failures() > 0;
      int slots;
      if (gated) {
        boolean probeHeld = ep.probe() != null && ep.probeExpiresAt() >= r.now();
        slots = busy == 0 && !probeHeld && ep.nextProbeAt() <= r.now() ? 1 : 0;
      } else {
        slots = free.perEndpoint() - busy;
      }
      slots = Math.min(slots, globalFree);
      if (slots <= 0) {
        continue;
      }
      claimEndpoint(store, r, ep, slots, gated, taken.deliveries);
    }
  }

  /**
   * Reads endpoints; {@code counted}: the last column is the database's in-flight count
   * (PostgreSQL; on SQLite the claim reads this worker's slots).
   */
  private static List<Endpoint> endpoints(PreparedStatement eps, boolean counted)
      throws SQLException {
    List<Endpoint> endpoints = new ArrayList<>();
    try (ResultSet rs = eps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        endpoints.add(new Endpoint(id, rs.getString(2), rs.getString(3),
            rs.getString(4), RetryPolicy.parse(rs.getString(5)).orElse(RetryPolicy.DEFAULT),
            rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getLong(9),
            counted ? rs.getInt(10) : 0));
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
    return endpoints(eps, true);
  }

  /** Claims up to {@code slots} due rows of one endpoint (slots the caller counted free). */
  private static void claimEndpoint(DeliveryStore store, Request r, Endpoint ep, int slots,
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
      return;
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
    for (int i = 0; i < due.size(); i++) {
      if (won[i] != 1) {
        continue; // another claimer took it first
      }
      Due d = due.get(i);
      r.slots().hold(ep.id());
      out.add(new ClaimedDelivery(d.id(), ep.id(), d.organizationId(), d.eventType(),
          d.eventId(), d.payload(), d.eventCreatedAt(), d.attemptsMade(), ep.url(), secrets,
          ep.policy(), gated));
      if (gated) {
        PreparedStatement probe = store.statement(TAKE_PROBE);
        probe.setString(1, ep.id());
        probe.setString(2, d.id());
        probe.setLong(3, r.leaseUntil());
        probe.setLong(4, r.now());
        probe.executeUpdate();
      }
    }
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
