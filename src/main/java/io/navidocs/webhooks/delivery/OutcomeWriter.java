package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.metrics.StateChanges;
import io.navidocs.webhooks.retry.RetryPolicy;
import io.navidocs.webhooks.retry.RetrySchedule;
import io.navidocs.webhooks.subscription.StatusChangeEvents;
import io.navidocs.webhooks.subscription.StatusChangeEvents.StatusChange;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;

/**
 * Records finished attempts in one transaction (the "record → schedule" steps): one attempt row
 * each, the delivery's next state by SPEC §5, and the webhook's health (consecutive failures,
 * last delivery, the backoff gate, {@code failed} at the threshold or on a 410 with a
 * {@code WEBHOOK_DELIVERY_FAILED} event for its organization).
 *
 * <p>Every delivery update is guarded by {@code status='delivering' AND lease_owner=?}: a lease
 * that expired and was taken over is not overwritten. Failures of attempts that were already in
 * flight when an earlier failure was recorded count once, so a burst of concurrent requests to
 * an endpoint that just went down does not disable it at once.
 */
final class OutcomeWriter {
  static final String INSERT_ATTEMPT = """
      INSERT INTO webhook_delivery_attempts (delivery_id, number, started_at, duration_ms,
        http_status, outcome, error, response_body)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id, number) DO NOTHING""";
  static final String WEBHOOK_HEALTH = """
      SELECT w.organization_id, w.status, COALESCE(w.consecutive_failures, 0), w.retry_policy,
             s.last_failure_at, w.url, w.last_delivery_status, w.last_delivery_at
      FROM webhooks w LEFT JOIN webhook_endpoint_state s ON s.webhook_id = w.id
      WHERE w.id = ?""";
  static final String UPDATE_DELIVERY = """
      UPDATE webhook_deliveries
      SET status = ?, attempt_count = ?, next_attempt_at = COALESCE(?, next_attempt_at),
          last_http_status = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL,
          updated_at = ?, completed_at = ?
      WHERE id = ? AND status = 'delivering' AND lease_owner = ?""";
  static final String UPDATE_WEBHOOK = """
      UPDATE webhooks SET consecutive_failures = ?, last_delivery_status = ?,
        last_delivery_at = COALESCE(?, last_delivery_at)
      WHERE id = ?""";
  static final String DISABLE_WEBHOOK = """
      UPDATE webhooks SET status = 'failed', updated_at = ? WHERE id = ? AND status = 'active'""";
  static final String UPSERT_GATE = """
      INSERT INTO webhook_endpoint_state (webhook_id, next_probe_at, last_failure_at, updated_at)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (webhook_id) DO UPDATE SET next_probe_at = excluded.next_probe_at,
        last_failure_at = excluded.last_failure_at, updated_at = excluded.updated_at,
        probe_delivery_id = CASE WHEN excluded.next_probe_at = 0 THEN NULL
          ELSE webhook_endpoint_state.probe_delivery_id END,
        probe_expires_at = CASE WHEN excluded.next_probe_at = 0 THEN NULL
          ELSE webhook_endpoint_state.probe_expires_at END""";
  static final String RELEASE_PROBE = """
      UPDATE webhook_endpoint_state SET probe_delivery_id = NULL, probe_expires_at = NULL
      WHERE webhook_id = ? AND probe_delivery_id = ?""";
  static final String EMIT_FAILED_EVENT = """
      INSERT INTO domain_events (organization_id, event_type, payload, source)
      VALUES (?, 'WEBHOOK_DELIVERY_FAILED', ?, 'worker')""";

  /** A finished attempt of a claimed delivery. */
  record Finished(ClaimedDelivery delivery, AttemptResult result) {}

  /** What was written: each delivery's new status, and whether an event was emitted. */
  record Written(List<String> statuses, boolean emittedEvents) {}

  private static final class Health {
    String organizationId;
    String status;
    int failures;
    RetryPolicy policy;
    Long lastFailureAt;
    long nextProbeAt;
    int lastStatus;
    Long lastSuccessSeconds;
    boolean gateChanged;
    String disabledBecause;
    String url; // only to tell a Home Assistant webhook apart; never logged or emitted
    // As read, to write the row only when a batch changed it.
    int loadedFailures;
    Integer loadedLastStatus;
    Long loadedLastDeliveryAt;

    /** Whether the webhooks row differs from what was read. */
    boolean rowChanged() {
      return failures != loadedFailures || !Integer.valueOf(lastStatus).equals(loadedLastStatus)
          || lastSuccessSeconds != null && !lastSuccessSeconds.equals(loadedLastDeliveryAt);
    }
  }

  private final RetrySchedule schedule;
  private final int disableAfter;
  private final DoubleSupplier jitter;

  OutcomeWriter(RetrySchedule schedule, int disableAfter, DoubleSupplier jitter) {
    this.schedule = schedule;
    this.disableAfter = disableAfter;
    this.jitter = jitter;
  }

  Written write(DeliveryStore store, List<Finished> finished, String owner, long now)
      throws SQLException {
    // Every webhook's health is read first, in id order: on PostgreSQL the reads lock the rows
    // (see EngineSql#webhookHealth), and one order for all instances means no deadlock.
    Map<String, Health> health = new LinkedHashMap<>();
    for (String webhookId : new TreeSet<>(finished.stream()
        .map(f -> f.delivery().webhookId()).toList())) {
      health.put(webhookId, load(store, webhookId));
    }
    PreparedStatement attempt = store.statement(INSERT_ATTEMPT);
    PreparedStatement update = store.statement(UPDATE_DELIVERY);
    List<String> statuses = new ArrayList<>(finished.size());
    for (Finished f : finished) {
      ClaimedDelivery d = f.delivery();
      AttemptResult r = f.result();
      int number = d.attemptsMade() + 1;
      attempt.setString(1, d.id());
      attempt.setInt(2, number);
      attempt.setLong(3, r.startedAt());
      attempt.setLong(4, r.durationMs());
      setIntOrNull(attempt, 5, r.httpStatus() == 0 ? null : r.httpStatus());
      attempt.setString(6, r.outcome());
      attempt.setString(7, r.error());
      attempt.setString(8, r.responseBody());
      attempt.addBatch();

      Health h = health.get(d.webhookId());
      String status;
      Long next = null;
      if (r.succeeded()) {
        status = "succeeded";
      } else if (h == null) {
        status = "cancelled"; // the webhook was deleted meanwhile
      } else if (!r.classification().retryable()) {
        status = "failed";
      } else {
        Optional<Duration> delay = schedule.delayAfterAttempt(h.policy, number,
            jitter.getAsDouble());
        if (delay.isEmpty()) {
          status = "failed";
        } else {
          Duration wait = r.classification().honoursRetryAfter()
              ? schedule.honourRetryAfter(r.retryAfter(), Instant.ofEpochMilli(now), delay.get())
              : delay.get();
          status = "pending";
          next = now + wait.toMillis();
        }
      }
      if (h != null) {
        track(h, d, r, now);
      }
      if (status.equals("failed")) {
        StateChanges.deliveryFailed(d.id(), d.webhookId(), d.eventType(), number, r.error());
      }
      boolean terminal = !status.equals("pending");
      update.setString(1, status);
      update.setInt(2, number);
      setLongOrNull(update, 3, next);
      update.setInt(4, r.httpStatus());
      update.setString(5, r.succeeded() ? null : r.error());
      update.setLong(6, now);
      setLongOrNull(update, 7, terminal ? now : null);
      update.setString(8, d.id());
      update.setString(9, owner);
      update.addBatch();
      statuses.add(status);
      if (d.probe()) {
        PreparedStatement release = store.statement(RELEASE_PROBE);
        release.setString(1, d.webhookId());
        release.setString(2, d.id());
        release.executeUpdate();
      }
    }
    attempt.executeBatch();
    int[] won = update.executeBatch();
    for (int i = 0; i < won.length; i++) {
      if (won[i] != 1) {
        statuses.set(i, "lost"); // the lease had been taken over; the other holder decides
      }
    }
    boolean emitted = false;
    for (Map.Entry<String, Health> e : health.entrySet()) {
      if (e.getValue() != null) {
        emitted |= save(store, e.getKey(), e.getValue(), now);
      }
    }
    return new Written(statuses, emitted);
  }

  private void track(Health h, ClaimedDelivery d, AttemptResult r, long now) {
    h.lastStatus = r.httpStatus();
    if (r.succeeded()) {
      // The gate is open already when no failure is on record: then nothing to write (at
      // thousands of deliveries a second, most batches of a healthy endpoint are all successes).
      h.gateChanged |= h.failures > 0 || h.lastFailureAt != null;
      h.failures = 0;
      h.lastFailureAt = null;
      h.nextProbeAt = 0;
      h.lastSuccessSeconds = now / 1000;
      return;
    }
    // Counted only when the attempt began after the last counted failure was recorded: its
    // siblings already in flight then add nothing (see the class comment).
    if (h.lastFailureAt == null || r.startedAt() >= h.lastFailureAt) {
      h.failures++;
      h.lastFailureAt = now;
      h.nextProbeAt = now + schedule.endpointBackoff(h.policy, h.failures,
          jitter.getAsDouble()).toMillis();
      h.gateChanged = true;
    }
    if (h.disabledBecause == null && "active".equals(h.status)) {
      if (r.classification().disablesWebhook()) {
        h.disabledBecause = "the endpoint answered 410 Gone";
      } else if (h.failures >= disableAfter) {
        h.disabledBecause = h.failures + " consecutive failed attempts";
      }
    }
  }

  private static Health load(DeliveryStore store, String webhookId) throws SQLException {
    PreparedStatement ps = store.statement(store.sql().webhookHealth);
    ps.setString(1, webhookId);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      Health h = new Health();
      h.organizationId = rs.getString(1);
      h.status = rs.getString(2);
      h.failures = rs.getInt(3);
      h.policy = RetryPolicy.parse(rs.getString(4)).orElse(RetryPolicy.DEFAULT);
      long last = rs.getLong(5);
      h.lastFailureAt = rs.wasNull() ? null : last;
      h.url = rs.getString(6);
      h.loadedFailures = h.failures;
      int lastStatus = rs.getInt(7);
      h.loadedLastStatus = rs.wasNull() ? null : lastStatus;
      long lastAt = rs.getLong(8);
      h.loadedLastDeliveryAt = rs.wasNull() ? null : lastAt;
      return h;
    }
  }

  /** Writes one webhook's health; returns whether it emitted WEBHOOK_DELIVERY_FAILED. */
  private static boolean save(DeliveryStore store, String webhookId, Health h, long now)
      throws SQLException {
    if (h.rowChanged()) {
      PreparedStatement w = store.statement(UPDATE_WEBHOOK);
      w.setInt(1, h.failures);
      w.setInt(2, h.lastStatus);
      setLongOrNull(w, 3, h.lastSuccessSeconds);
      w.setString(4, webhookId);
      w.executeUpdate();
    }
    if (h.gateChanged) {
      PreparedStatement g = store.statement(UPSERT_GATE);
      g.setString(1, webhookId);
      g.setLong(2, h.nextProbeAt);
      setLongOrNull(g, 3, h.lastFailureAt);
      g.setLong(4, now);
      g.executeUpdate();
    }
    if (h.disabledBecause == null) {
      return false;
    }
    PreparedStatement disable = store.statement(DISABLE_WEBHOOK);
    disable.setLong(1, now / 1000);
    disable.setString(2, webhookId);
    if (disable.executeUpdate() != 1) {
      return false; // an admin changed it meanwhile; nothing to announce
    }
    PreparedStatement emit = store.statement(EMIT_FAILED_EVENT);
    emit.setString(1, h.organizationId);
    emit.setString(2, new JsonObject()
        .put("webhook_id", webhookId)
        .put("reason", h.disabledBecause)
        .put("consecutive_failures", h.failures)
        .put("last_http_status", h.lastStatus)
        .put("failed_at", WebhookRequest.TIMESTAMP.format(Instant.ofEpochMilli(now)))
        .encode());
    emit.executeUpdate();
    // The same change as an INTEGRATION_STATUS_CHANGED for the organization's other webhooks.
    StatusChangeEvents.write(store.statement(StatusChangeEvents.INSERT), h.organizationId,
        StatusChange.of(webhookId, h.url, "active", "failed", h.disabledBecause, h.failures),
        StatusChangeEvents.Source.WORKER);
    StateChanges.webhookDisabled(webhookId, h.organizationId, h.failures, h.disabledBecause);
    return true;
  }

  private static void setLongOrNull(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static void setIntOrNull(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }
}
