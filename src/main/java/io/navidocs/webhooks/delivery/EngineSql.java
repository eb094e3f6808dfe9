package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.storage.Dialect;

/**
 * The delivery engine's SQL that differs between SQLite and PostgreSQL, side by side in one
 * place; every other engine statement is the same text on both.
 *
 * <p>Why they differ. SQLite has one writer: the engine's transactions begin IMMEDIATE, so a
 * read-then-update can never interleave with another claimer, and one process per file keeps
 * its in-flight counts in memory. PostgreSQL runs several instances on one database at READ
 * COMMITTED: the outbox read and the due-row read take row locks and skip rows another instance
 * holds ({@code FOR UPDATE SKIP LOCKED}); claimers of one endpoint are serialized by a
 * transaction-scoped advisory lock on the webhook id (tried, never waited for), and under it the
 * endpoint's gate and in-flight count are read afresh from the database (rows {@code delivering}
 * with a live lease), so N instances together never exceed the per-endpoint limit.
 */
public final class EngineSql {
  /** The advisory-lock class (first of two int4 keys) of "claiming for this endpoint". */
  static final int CLAIM_LOCK_CLASS = 0x4e444331; // "NDC1"; the bigint key space is apart

  private static final String SQLITE_JSON_LIST = "SELECT value FROM json_each(?)";
  private static final String PG_JSON_LIST =
      "SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb))";

  /** The SQL for SQLite. */
  public static final EngineSql SQLITE = new EngineSql(false, """
      SELECT id, event_id, organization_id, event_type, payload, source, created_at
      FROM domain_events WHERE status = 'pending' ORDER BY id LIMIT ?""", SQLITE_JSON_LIST, """
      UPDATE webhook_deliveries
      SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
      WHERE status = 'delivering' AND lease_expires_at < ?""", """
      SELECT d.id, d.attempt_count, d.event_type, e.event_id, e.organization_id, e.payload,
             e.created_at
      FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
      WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
      ORDER BY d.next_attempt_at LIMIT ?""", null, null, "");

  /** The SQL for PostgreSQL. */
  public static final EngineSql POSTGRESQL = new EngineSql(true, """
      SELECT id, event_id, organization_id, event_type, payload, source, created_at
      FROM domain_events WHERE status = 'pending' ORDER BY id LIMIT ?
      FOR UPDATE SKIP LOCKED""", PG_JSON_LIST, """
      UPDATE webhook_deliveries
      SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
      WHERE id IN (SELECT id FROM webhook_deliveries
        WHERE status = 'delivering' AND lease_expires_at < ? FOR UPDATE SKIP LOCKED)""", """
      SELECT d.id, d.attempt_count, d.event_type, e.event_id, e.organization_id, e.payload,
             e.created_at
      FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
      WHERE d.webhook_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
      ORDER BY d.next_attempt_at LIMIT ?
      FOR UPDATE OF d SKIP LOCKED""",
      // The candidates are materialized first so that only endpoints with due work are locked;
      // an endpoint another instance is claiming for right now is skipped, not waited for.
      """
      WITH due AS MATERIALIZED (
        SELECT w.id FROM webhooks w
        WHERE w.status = 'active' AND EXISTS (
          SELECT 1 FROM webhook_deliveries d
          WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ?))
      SELECT id FROM due WHERE pg_try_advisory_xact_lock(%d, hashtext(id))"""
          .formatted(CLAIM_LOCK_CLASS),
      // A separate statement after the locks: at READ COMMITTED each statement reads a fresh
      // snapshot, so it sees every claim and outcome committed before the lock was granted (a
      // lock taken inside this same statement would come after its snapshot).
      """
      SELECT w.id, w.organization_id, w.url, w.secret, w.retry_policy,
             COALESCE(w.consecutive_failures, 0), s.next_probe_at, s.probe_delivery_id,
             s.probe_expires_at,
             (SELECT COUNT(*) FROM webhook_deliveries d
              WHERE d.webhook_id = w.id AND d.status = 'delivering'
                AND d.lease_expires_at >= ?)
      FROM webhooks w LEFT JOIN webhook_endpoint_state s ON s.webhook_id = w.id
      WHERE w.status = 'active' AND w.id IN (%s)""".formatted(PG_JSON_LIST),
      " FOR UPDATE OF w");

  /** Whether in-flight counts and the gate are shared through the database (several instances). */
  final boolean sharedLimits;
  /** Oldest pending outbox rows; on PostgreSQL locked, skipping rows another instance holds. */
  public final String outboxPending;
  /** Organizations whose id is in a JSON array of strings (one parameter). */
  public final String organizationsIn;
  /** Active and failed webhooks of the organizations in a JSON array (one parameter). */
  public final String webhooksIn;
  final String reclaimExpired;
  final String dueOfEndpoint;
  /** PostgreSQL: endpoints with due work whose claim lock this transaction got; null on SQLite. */
  final String lockEndpointsWithDueWork;
  /** PostgreSQL: the locked endpoints' gate and in-flight count; null on SQLite. */
  final String endpointsIn;
  /**
   * A webhook's health before outcomes are recorded; on PostgreSQL the row stays locked until
   * they commit, so two instances recording failures of one endpoint count both.
   */
  final String webhookHealth;

  private EngineSql(boolean sharedLimits, String outboxPending, String jsonList,
      String reclaimExpired, String dueOfEndpoint, String lockEndpointsWithDueWork,
      String endpointsIn, String lockHealth) {
    this.sharedLimits = sharedLimits;
    this.outboxPending = outboxPending;
    this.organizationsIn = "SELECT id FROM organizations WHERE id IN (" + jsonList + ")";
    // Webhooks that may receive: active ones, and failed ones, whose deliveries are held until
    // an admin enables them again (SPEC §8). Inactive webhooks get nothing.
    this.webhooksIn = "SELECT id, organization_id, topics FROM webhooks\nWHERE organization_id IN ("
        + jsonList + ")\n  AND status IN ('active', 'failed')";
    this.reclaimExpired = reclaimExpired;
    this.dueOfEndpoint = dueOfEndpoint;
    this.lockEndpointsWithDueWork = lockEndpointsWithDueWork;
    this.endpointsIn = endpointsIn;
    this.webhookHealth = OutcomeWriter.WEBHOOK_HEALTH + lockHealth;
  }

  /** The SQL for a dialect. */
  public static EngineSql of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? POSTGRESQL : SQLITE;
  }
}
