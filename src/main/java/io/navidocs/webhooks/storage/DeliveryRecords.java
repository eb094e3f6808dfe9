package io.navidocs.webhooks.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delivery log as the admin API reads it, and its two admin actions: retry one delivery and
 * recover a time range. Times here are Unix milliseconds, as the worker's tables store them.
 */
public final class DeliveryRecords {
  static final String COLUMNS = """
      d.id, e.event_id AS event_public_id, d.webhook_id, d.organization_id, d.event_type,
      d.status, d.attempt_count, d.next_attempt_at, d.last_http_status, d.last_error,
      d.created_at, d.updated_at""";

  static final String COUNT_FOR_WEBHOOK = """
      SELECT COUNT(*) AS n FROM webhook_deliveries
       WHERE webhook_id = ? AND status = COALESCE(?, status)""";

  static final String LIST_FOR_WEBHOOK = "SELECT " + COLUMNS + " " + """
       FROM webhook_deliveries d LEFT JOIN domain_events e ON e.id = d.event_id
      WHERE d.webhook_id = ? AND d.status = COALESCE(?, d.status)
      ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?""";

  static final String FIND = "SELECT " + COLUMNS + " " + """
       FROM webhook_deliveries d LEFT JOIN domain_events e ON e.id = d.event_id
      WHERE d.id = ? AND d.organization_id = COALESCE(?, d.organization_id)""";

  static final String ATTEMPTS = """
      SELECT number, started_at, duration_ms, http_status, outcome, error, response_body
        FROM webhook_delivery_attempts WHERE delivery_id = ? ORDER BY number""";

  // Keeps attempt_count and the attempts: a retry is one more attempt whose number follows the
  // last one (attempt numbers are unique per delivery). Refused once the webhook is gone.
  static final String RETRY = """
      UPDATE webhook_deliveries
         SET status = 'pending', next_attempt_at = ?, updated_at = ?, completed_at = NULL,
             lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ? AND organization_id = COALESCE(?, organization_id)
         AND status IN ('failed', 'cancelled')
         AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = webhook_deliveries.webhook_id)""";

  static final String RECOVER = """
      UPDATE webhook_deliveries
         SET status = 'pending', next_attempt_at = ?, updated_at = ?, completed_at = NULL,
             lease_owner = NULL, lease_expires_at = NULL
       WHERE webhook_id = ? AND status = 'failed' AND created_at >= ? AND created_at < ?""";

  /** A delivery as the API shows it; times in Unix ms. */
  public record Delivery(String id, String eventId, String webhookId, String organizationId,
      String eventType, String status, int attemptCount, Long nextAttemptAt,
      Integer lastHttpStatus, String lastError, long createdAt, long updatedAt) {}

  /** One HTTP attempt; {@code startedAt} in Unix ms. */
  public record Attempt(int number, long startedAt, long durationMs, Integer httpStatus,
      String outcome, String error, String responseBody) {}

  /** What {@link #retry} did. */
  public enum RetryOutcome { QUEUED, NOT_FOUND, INVALID_STATE }

  private final Pool pool;

  public DeliveryRecords(Pool pool) {
    this.pool = pool;
  }

  /** The webhook's deliveries, newest first. */
  public Future<Page<Delivery>> listForWebhook(String webhookId, String status, int limit,
      long offset) {
    return pool.preparedQuery(COUNT_FOR_WEBHOOK).execute(Tuple.of(webhookId, status))
        .compose(count -> pool.preparedQuery(LIST_FOR_WEBHOOK)
            .execute(Tuple.of(webhookId, status, limit, offset))
            .map(rs -> {
              List<Delivery> items = new ArrayList<>();
              rs.forEach(r -> items.add(map(r)));
              return new Page<>(items, count.iterator().next().getLong("n"), limit, offset);
            }));
  }

  /** The delivery, when it exists within {@code scope} (an organization id, or null for all). */
  public Future<Optional<Delivery>> find(String id, String scope) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id, scope))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(map(rs.iterator().next())));
  }

  /** The delivery's attempts, oldest first. */
  public Future<List<Attempt>> attempts(String deliveryId) {
    return pool.preparedQuery(ATTEMPTS).execute(Tuple.of(deliveryId)).map(rs -> {
      List<Attempt> out = new ArrayList<>();
      for (Row r : rs) {
        out.add(new Attempt(num(r, "number").intValue(), num(r, "started_at").longValue(),
            num(r, "duration_ms").longValue(), integer(r, "http_status"),
            r.getString("outcome"), r.getString("error"), r.getString("response_body")));
      }
      return out;
    });
  }

  /** Queues a failed or cancelled delivery again, due at {@code nowMs}. */
  public Future<RetryOutcome> retry(String id, String scope, long nowMs) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(nowMs, nowMs, id, scope))
        .compose(rs -> rs.rowCount() == 1 ? Future.succeededFuture(RetryOutcome.QUEUED)
            : find(id, scope).map(found -> found.isEmpty() ? RetryOutcome.NOT_FOUND
                : RetryOutcome.INVALID_STATE));
  }

  /**
   * Queues again every failed delivery of the webhook created in [{@code sinceMs},
   * {@code untilMs}), due at {@code nowMs}.
   *
   * @return how many were queued
   */
  public Future<Integer> recover(String webhookId, long sinceMs, long untilMs, long nowMs) {
    return pool.preparedQuery(RECOVER)
        .execute(Tuple.of(nowMs, nowMs, webhookId, sinceMs, untilMs))
        .map(rs -> rs.rowCount());
  }

  static Delivery map(Row r) {
    Number next = num(r, "next_attempt_at");
    return new Delivery(r.getString("id"), r.getString("event_public_id"),
        r.getString("webhook_id"), r.getString("organization_id"), r.getString("event_type"),
        r.getString("status"), num(r, "attempt_count").intValue(),
        next == null ? null : next.longValue(), integer(r, "last_http_status"),
        r.getString("last_error"), num(r, "created_at").longValue(),
        num(r, "updated_at").longValue());
  }

  static Number num(Row r, String column) {
    return (Number) r.getValue(column);
  }

  static Integer integer(Row r, String column) {
    Number n = num(r, column);
    return n == null ? null : n.intValue();
  }
}
