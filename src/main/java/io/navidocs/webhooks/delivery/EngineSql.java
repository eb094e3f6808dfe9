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

  private static final String DELIVERY_COLUMNS = """
      id, event_id, webhook_id, organization_id, event_type, status, attempt_count,
        next_attempt_at, created_at, updated_at""";
  private static final String CLAIMED_COLUMNS =
      DELIVERY_COLUMNS + ", lease_owner, lease_expires_at";
  /** Parameters 1-8 of both: id, event, webhook, organization, type, due, created, updated. */
  private static final String PENDING_VALUES = "?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7, ?8";
  private static final String CLAIMED_VALUES =
      "?1, ?2, ?3, ?4, ?5, 'delivering', 0, ?6, ?7, ?8, ?9, ?10";
  private static final String ONCE_PER_EVENT_AND_WEBHOOK =
      "\nON CONFLICT (event_id, webhook_id) DO NOTHING";
  /**
   * SQLite: the rowid of a webhook's next delivery, in a range of 2^32 rowids of its own (from
   * the webhook's rowid times 2^32), so that each webhook's deliveries sit together in the table.
   * Why: a delivery row is written three times (queued, claimed, finished); rows placed in
   * insertion order put the 16 deliveries of one event in one page, but an endpoint's claims and
   * outcomes take its rows across many events, and once endpoints drift apart (a backlog) every
   * claimed or finished delivery dirtied a page of its own, which every commit then copies into
   * the WAL (benchmarks.md, "Overload; deliveries placed per webhook"). NULL, so SQLite picks
   * the rowid as usual, when the webhook is gone, its rowid is too large for a range, or its
   * range is full; the placement is only ever a matter of speed.
   */
  private static final String SQLITE_DELIVERY_ROWID = """
      (SELECT CASE WHEN w.rowid BETWEEN 1 AND 2147483646 THEN NULLIF(COALESCE(
          (SELECT d.rowid + 1 FROM webhook_deliveries d
           WHERE d.rowid >= w.rowid * 4294967296 AND d.rowid < (w.rowid + 1) * 4294967296
           ORDER BY d.rowid DESC LIMIT 1),
          w.rowid * 4294967296), (w.rowid + 1) * 4294967296) END
       FROM webhooks w WHERE w.id = ?3)""";

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
      ORDER BY d.next_attempt_at LIMIT ?""", null, null, "",
      "INSERT INTO webhook_deliveries (rowid, " + DELIVERY_COLUMNS + ")\nVALUES ("
          + SQLITE_DELIVERY_ROWID + ", " + PENDING_VALUES + ")" + ONCE_PER_EVENT_AND_WEBHOOK,
      "INSERT INTO webhook_deliveries (rowid, " + CLAIMED_COLUMNS + ")\nVALUES ("
          + SQLITE_DELIVERY_ROWID + ", " + CLAIMED_VALUES + ")" + ONCE_PER_EVENT_AND_WEBHOOK);

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
      " FOR UPDATE OF w",
      // The PostgreSQL driver takes plain ? only (the same parameters, in the same order).
      "INSERT INTO webhook_deliveries (" + DELIVERY_COLUMNS + ")\nVALUES ("
          + PENDING_VALUES.replaceAll("\\?\\d+", "?") + ")" + ONCE_PER_EVENT_AND_WEBHOOK,
      "INSERT INTO webhook_deliveries (" + CLAIMED_COLUMNS + ")\nVALUES ("
          + CLAIMED_VALUES.replaceAll("\\?\\d+", "?") + ")" + ONCE_PER_EVENT_AND_WEBHOOK);

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
  /**
   * A new pending delivery, once per event and webhook (parameters: id, event row id, webhook,
   * organization, event type, due at, created at, updated at); on SQLite placed with its
   * webhook's other deliveries (see SQLITE_DELIVERY_ROWID).
   */
  public final String insertDelivery;
  /**
   * The same, inserted already claimed (see {@code FanOutClaim}): two more parameters, the lease
   * owner and its end. A row for the same event and webhook may exist already (a recovery queued
   * it while the event was still pending): then nothing is inserted and the claim is given back.
   */
  public final String insertClaimedDelivery;

  private EngineSql(boolean sharedLimits, String outboxPending, String jsonList,
      String reclaimExpired, String dueOfEndpoint, String lockEndpointsWithDueWork,
      String endpointsIn, String lockHealth, String insertDelivery,
      String insertClaimedDelivery) {
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
    this.insertDelivery = insertDelivery;
    this.insertClaimedDelivery = insertClaimedDelivery;
  }

  /** The SQL for a dialect. */
  public static EngineSql of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? POSTGRESQL : SQLITE;
  }
}
