package io.navidocs.webhooks.storage;

import io.navidocs.webhooks.metrics.StateChanges;
import io.navidocs.webhooks.subscription.StatusChangeEvents;
import io.navidocs.webhooks.subscription.StatusChangeEvents.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's {@code webhooks} table as the admin API changes it. Every change is one guarded
 * statement (or a transaction whose first statement writes, so SQLite takes the write lock
 * before anything is read) that reports whether it won: limits and duplicate URLs are checked
 * inside the INSERT/UPDATE itself, never by a read followed by a write.
 *
 * <p>{@code scope} parameters are an organization id that the row must belong to, or null for
 * the admin token, which sees every organization. Times of {@code webhooks} are Unix seconds;
 * those of the worker's tables ({@code webhook_deliveries}, {@code webhook_secrets}) Unix ms.
 */
public final class WebhookRepository {
  /** Webhooks one organization may have (SPEC §6). */
  public static final int MAX_WEBHOOKS_PER_ORGANIZATION = 10;

  static final String COLUMNS = """
      id, organization_id, url, secret, topics, status, description, retry_policy,
      last_delivery_at, last_delivery_status, consecutive_failures, created_at, updated_at""";

  // Inserts only when the organization exists, is under its limit and has no webhook with this
  // URL; one statement, so SQLite holds the write lock while it checks.
  static final String INSERT_GUARDED = """
      INSERT INTO webhooks (id, organization_id, url, secret, topics, status, description,
                            retry_policy, consecutive_failures, created_at, updated_at)
      SELECT ?, ?, ?, ?, ?, 'active', ?, ?, 0, ?, ?
      WHERE EXISTS (SELECT 1 FROM organizations WHERE id = ?)
        AND (SELECT COUNT(*) FROM webhooks WHERE organization_id = ?) < ?
        AND NOT EXISTS (SELECT 1 FROM webhooks WHERE organization_id = ? AND url = ?)""";

  /**
   * PostgreSQL only: serializes the changes that check an organization's limit and URLs (create,
   * a URL change) across every connection and instance, for the rest of the transaction. Under
   * READ COMMITTED two guarded inserts running at once would each count the other's row as
   * absent; SQLite has one writer at a time and needs no lock. An advisory lock, not a row lock
   * on {@code organizations}, so the NaviDocs app's own writes to that row never wait on us.
   */
  public static final String LOCK_ORGANIZATION_POSTGRESQL =
      "SELECT pg_advisory_xact_lock(hashtextextended('navidocs.webhooks:' || ?, 0))";

  /** {@link #LOCK_ORGANIZATION_POSTGRESQL} for the organization of an existing webhook. */
  static final String LOCK_ORGANIZATION_OF_POSTGRESQL = """
      SELECT pg_advisory_xact_lock(hashtextextended('navidocs.webhooks:' || organization_id, 0))
        FROM webhooks WHERE id = ?""";

  static final String DIAGNOSE_CREATE = """
      SELECT (SELECT COUNT(*) FROM organizations WHERE id = ?) AS org,
             (SELECT COUNT(*) FROM webhooks WHERE organization_id = ?) AS webhooks,
             (SELECT COUNT(*) FROM webhooks WHERE organization_id = ? AND url = ?) AS same_url""";

  static final String FIND = "SELECT " + COLUMNS + " " + """
       FROM webhooks WHERE id = ? AND organization_id = COALESCE(?, organization_id)""";

  static final String COUNT = """
      SELECT COUNT(*) AS n FROM webhooks
      WHERE organization_id = COALESCE(?, organization_id) AND status = COALESCE(?, status)""";

  // The window count is the whole listing's size, computed before LIMIT: one query per page.
  static final String LIST = "SELECT " + COLUMNS + ", COUNT(*) OVER () AS total " + """
       FROM webhooks
      WHERE organization_id = COALESCE(?, organization_id) AND status = COALESCE(?, status)
      ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?""";

  static final String LIST_URL_CONTAINING = "SELECT " + COLUMNS + """
       FROM webhooks
      WHERE organization_id = COALESCE(?, organization_id) AND url LIKE ?
      ORDER BY created_at DESC, id DESC""";

  static final String SAME_URL_EXISTS = """
      SELECT COUNT(*) AS n FROM webhooks w2
      WHERE w2.organization_id = (SELECT organization_id FROM webhooks WHERE id = ?)
        AND w2.url = ? AND w2.id <> ?""";

  // Pending and in-flight deliveries of a deleted webhook are cancelled, not deleted: they stay
  // queryable. An in-flight attempt's guarded completion then loses against this.
  static final String CANCEL_DELIVERIES = """
      UPDATE webhook_deliveries
         SET status = 'cancelled', completed_at = ?, updated_at = ?,
             lease_owner = NULL, lease_expires_at = NULL, last_error = 'webhook deleted'
       WHERE webhook_id = ? AND status IN ('pending', 'delivering')
         AND EXISTS (SELECT 1 FROM webhooks
                     WHERE id = ? AND organization_id = COALESCE(?, organization_id))""";

  static final String DELETE = """
      DELETE FROM webhooks WHERE id = ? AND organization_id = COALESCE(?, organization_id)""";

  static final String ENABLE = """
      UPDATE webhooks SET status = 'active', consecutive_failures = 0, updated_at = ?
       WHERE id = ? AND organization_id = COALESCE(?, organization_id)""";

  // Held deliveries (and retries the failure backoff pushed into the future) become due now.
  static final String RESUME_HELD = """
      UPDATE webhook_deliveries SET next_attempt_at = ?, updated_at = ?
       WHERE webhook_id = ? AND status = 'pending' AND next_attempt_at > ?""";

  // The current secret moves to webhook_secrets, where it keeps signing until expires_at.
  static final String KEEP_PREVIOUS_SECRET = """
      INSERT INTO webhook_secrets (webhook_id, secret, expires_at, created_at)
      SELECT id, secret, ?, ? FROM webhooks
       WHERE id = ? AND organization_id = COALESCE(?, organization_id)
      ON CONFLICT (webhook_id, secret) DO UPDATE SET expires_at = excluded.expires_at""";

  static final String SET_SECRET = """
      UPDATE webhooks SET secret = ?, updated_at = ?
       WHERE id = ? AND organization_id = COALESCE(?, organization_id)""";

  static final String LIVE_PREVIOUS_SECRETS = """
      SELECT secret FROM webhook_secrets WHERE webhook_id = ? AND expires_at > ?
       ORDER BY created_at DESC""";

  // A write that changes nothing, run first in a status-changing transaction: it takes SQLite's
  // write lock (a row lock on PostgreSQL) so that the status read next is the one the UPDATE
  // replaces, and the INTEGRATION_STATUS_CHANGED event names the right "from".
  static final String LOCK_ROW = """
      UPDATE webhooks SET updated_at = updated_at
       WHERE id = ? AND organization_id = COALESCE(?, organization_id)""";

  /** What {@link #create} did. */
  public enum CreateOutcome { CREATED, UNKNOWN_ORGANIZATION, LIMIT_REACHED, DUPLICATE_URL }

  /** What {@link #update} did. */
  public enum UpdateOutcome { UPDATED, NOT_FOUND, DUPLICATE_URL }

  /**
   * The fields a PUT may change; null means unchanged. {@code clearDescription} sets the
   * description to NULL (an explicit JSON null).
   */
  public record Changes(String url, List<String> topics, String status, String description,
      boolean clearDescription, String retryPolicy) {}

  private final Pool pool;
  private final Dialect dialect;
  private final WebhookReads reads;

  /** Every query on {@code pool}, a database of {@code dialect}. */
  public WebhookRepository(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.reads = null;
  }

  /**
   * Serves {@link #find} and {@link #list} from {@code reads}, keeping every write on
   * {@code pool} (the same database).
   */
  public WebhookRepository(Pool pool, ReadConnections reads) {
    this.pool = pool;
    this.dialect = reads.dialect();
    this.reads = new WebhookReads(reads);
  }

  /** Inserts {@code webhook} unless a rule of SPEC §6 forbids it; says which one. */
  public Future<CreateOutcome> create(WebhookRecord w) {
    String org = w.organizationId();
    Tuple insert = Tuple.from(new Object[] {
        w.id(), org, w.url(), w.secret(), new JsonArray(w.topics()).encode(), w.description(),
        w.retryPolicy(), w.createdAt(), w.updatedAt(), org, org, MAX_WEBHOOKS_PER_ORGANIZATION,
        org, w.url()});
    Future<io.vertx.sqlclient.RowSet<Row>> inserted = dialect == Dialect.SQLITE
        ? pool.preparedQuery(INSERT_GUARDED).execute(insert)
        : Transactions.run(pool, conn -> conn.preparedQuery(LOCK_ORGANIZATION_POSTGRESQL)
            .execute(Tuple.of(org))
            .compose(locked -> conn.preparedQuery(INSERT_GUARDED).execute(insert)));
    return inserted
        // A unique constraint of the database's own (not ours: the guarded insert never breaks
        // one) refused the row: a duplicate by the database's rule.
        .map(rs -> rs.rowCount() == 1 ? CreateOutcome.CREATED : null)
        .recover(failure -> UniqueViolation.is(failure)
            ? Future.succeededFuture(CreateOutcome.DUPLICATE_URL) : Future.failedFuture(failure))
        .compose(outcome -> outcome != null ? Future.succeededFuture(outcome)
            : pool.preparedQuery(DIAGNOSE_CREATE).execute(Tuple.of(org, org, org, w.url()))
                .map(d -> {
                  Row r = d.iterator().next();
                  if (r.getLong("org") == 0) {
                    return CreateOutcome.UNKNOWN_ORGANIZATION;
                  }
                  if (r.getLong("same_url") > 0) {
                    return CreateOutcome.DUPLICATE_URL;
                  }
                  return CreateOutcome.LIMIT_REACHED;
                }));
  }

  /** Whether {@code organizations} has this id (the insert checks again, atomically). */
  public Future<Boolean> organizationExists(String organizationId) {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM organizations WHERE id = ?")
        .execute(Tuple.of(organizationId)).map(rs -> rs.iterator().next().getLong("n") > 0);
  }

  /** The webhook, when it exists within {@code scope}. */
  public Future<Optional<WebhookRecord>> find(String id, String scope) {
    if (reads != null) {
      return reads.find(id, scope);
    }
    return pool.preparedQuery(FIND).execute(Tuple.of(id, scope))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(map(rs.iterator().next())));
  }

  /** Webhooks newest first, optionally of one organization and one status. */
  public Future<Page<WebhookRecord>> list(String organization, String status, int limit,
      long offset) {
    if (reads != null) {
      return reads.list(organization, status, limit, offset);
    }
    return pool.preparedQuery(LIST).execute(Tuple.of(organization, status, limit, offset))
        .compose(rs -> {
          List<WebhookRecord> items = new ArrayList<>();
          rs.forEach(r -> items.add(map(r)));
          if (!items.isEmpty()) {
            long total = ((Number) rs.iterator().next().getValue("total")).longValue();
            return Future.succeededFuture(new Page<>(items, total, limit, offset));
          }
          // An empty page (past the end) carries no window count: count separately.
          return pool.preparedQuery(COUNT).execute(Tuple.of(organization, status))
              .map(count -> new Page<>(items, count.iterator().next().getLong("n"), limit,
                  offset));
        });
  }

  /**
   * Every webhook, newest first, optionally of one organization, whose URL contains
   * {@code fragment} (no LIKE wildcards in it). For views narrower than a URL pattern (the Home
   * Assistant on-ramp), which filter and page the result themselves.
   */
  public Future<List<WebhookRecord>> listWithUrlContaining(String organization,
      String fragment) {
    return pool.preparedQuery(LIST_URL_CONTAINING)
        .execute(Tuple.of(organization, "%" + fragment + "%"))
        .map(rs -> {
          List<WebhookRecord> items = new ArrayList<>();
          rs.forEach(r -> items.add(map(r)));
          return items;
        });
  }

  /**
   * Applies {@code changes}. A URL already used by another webhook of the organization is
   * refused inside the UPDATE. Setting {@code active} from another status resets the failure
   * count and makes held deliveries due, as {@link #enable} does.
   */
  public Future<UpdateOutcome> update(String id, String scope, Changes c, long nowSeconds,
      long nowMs) {
    List<String> sets = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (c.url() != null) {
      sets.add("url = ?");
      args.addValue(c.url());
    }
    if (c.topics() != null) {
      sets.add("topics = ?");
      args.addValue(new JsonArray(c.topics()).encode());
    }
    if (c.status() != null) {
      sets.add("consecutive_failures = CASE WHEN status = 'active' OR ? <> 'active' "
          + "THEN consecutive_failures ELSE 0 END");
      args.addValue(c.status());
      sets.add("status = ?");
      args.addValue(c.status());
    }
    if (c.description() != null || c.clearDescription()) {
      sets.add("description = ?");
      args.addValue(c.description());
    }
    if (c.retryPolicy() != null) {
      sets.add("retry_policy = ?");
      args.addValue(c.retryPolicy());
    }
    sets.add("updated_at = ?");
    args.addValue(nowSeconds);
    // Only fixed column fragments above go into the text; values travel as parameters.
    StringBuilder sql = new StringBuilder("UPDATE webhooks SET ")
        .append(String.join(", ", sets))
        .append(" WHERE id = ? AND organization_id = COALESCE(?, organization_id)");
    args.addValue(id).addValue(scope);
    if (c.url() != null) {
      sql.append(" AND NOT EXISTS (SELECT 1 FROM webhooks w2 WHERE w2.organization_id = "
          + "webhooks.organization_id AND w2.url = ? AND w2.id <> webhooks.id)");
      args.addValue(c.url());
    }
    return Transactions.run(pool, conn -> lockOrganizationFor(conn, id, c.url() != null)
        .compose(locked -> before(conn, id, scope, c.status() != null))
        .compose(before -> conn.preparedQuery(sql.toString()).execute(args)
        .compose(rs -> {
          if (rs.rowCount() == 1) {
            Future<?> resumed = "active".equals(c.status())
                ? conn.preparedQuery(RESUME_HELD).execute(Tuple.of(nowMs, nowMs, id, nowMs))
                : Future.succeededFuture();
            return resumed
                .compose(x -> statusChanged(conn, before, c.url(), c.status(),
                    "active".equals(c.status()) ? "enabled by an admin" : "paused by an admin"))
                .map(x -> UpdateOutcome.UPDATED);
          }
          return find(conn, id, scope).map(found -> found.isEmpty() ? UpdateOutcome.NOT_FOUND
              : UpdateOutcome.DUPLICATE_URL);
        })))
        // A unique constraint of the database's own refused the new URL (see create).
        .recover(failure -> UniqueViolation.is(failure)
            ? Future.succeededFuture(UpdateOutcome.DUPLICATE_URL) : Future.failedFuture(failure));
  }

  /**
   * Deletes the webhook (its previous secrets go with it) and cancels its pending and in-flight
   * deliveries, keeping them.
   *
   * @return the number of deliveries cancelled, or empty when there was no such webhook
   */
  public Future<Optional<Integer>> delete(String id, String scope, long nowMs) {
    return Transactions.run(pool, conn -> conn.preparedQuery(CANCEL_DELIVERIES)
        .execute(Tuple.of(nowMs, nowMs, id, id, scope))
        .compose(cancelled -> conn.preparedQuery(DELETE).execute(Tuple.of(id, scope))
            .map(deleted -> deleted.rowCount() == 1 ? Optional.of(cancelled.rowCount())
                : Optional.<Integer>empty())));
  }

  /**
   * Sets the webhook {@code active} with no failures and makes its held deliveries due now.
   *
   * @return false when there is no such webhook
   */
  public Future<Boolean> enable(String id, String scope, long nowSeconds, long nowMs) {
    return Transactions.run(pool, conn -> before(conn, id, scope, true)
        .compose(before -> conn.preparedQuery(ENABLE)
        .execute(Tuple.of(nowSeconds, id, scope))
        .compose(rs -> rs.rowCount() == 0 ? Future.succeededFuture(false)
            : conn.preparedQuery(RESUME_HELD).execute(Tuple.of(nowMs, nowMs, id, nowMs))
                .compose(held -> statusChanged(conn, before, null, "active", "enabled by an admin")
                    .map(x -> {
                      before.ifPresent(b -> StateChanges.webhookEnabled(id, b.organizationId(),
                          held.rowCount()));
                      return true;
                    })))));
  }

  /** On PostgreSQL, when {@code needed}: {@link #LOCK_ORGANIZATION_OF_POSTGRESQL}. */
  private Future<?> lockOrganizationFor(SqlConnection conn, String webhookId, boolean needed) {
    return needed && dialect == Dialect.POSTGRESQL
        ? conn.preparedQuery(LOCK_ORGANIZATION_OF_POSTGRESQL).execute(Tuple.of(webhookId))
        : Future.succeededFuture();
  }

  /**
   * The webhook as it is before a status change, read under the write lock; empty when
   * {@code needed} is false (nothing to compare) or there is no such webhook.
   */
  private Future<Optional<WebhookRecord>> before(SqlConnection conn, String id, String scope,
      boolean needed) {
    if (!needed) {
      return Future.succeededFuture(Optional.empty());
    }
    return conn.preparedQuery(LOCK_ROW).execute(Tuple.of(id, scope))
        .compose(locked -> find(conn, id, scope));
  }

  /**
   * Writes INTEGRATION_STATUS_CHANGED (issue 9) in the same transaction when an admin's change
   * moved the webhook to another status. Turning it {@code active} clears its failure count.
   */
  private static Future<Boolean> statusChanged(SqlConnection conn,
      Optional<WebhookRecord> before, String newUrl, String to, String reason) {
    if (before.isEmpty() || to == null) {
      return Future.succeededFuture(false);
    }
    WebhookRecord b = before.get();
    int failures = "active".equals(to) && !"active".equals(b.status()) ? 0
        : b.consecutiveFailures();
    return StatusChangeEvents.record(conn, b.organizationId(),
        StatusChange.of(b.id(), newUrl != null ? newUrl : b.url(), b.status(), to, reason,
            failures),
        StatusChangeEvents.Source.API);
  }

  /**
   * Makes {@code newSecret} the webhook's secret; the current one keeps signing until
   * {@code previousExpiresAtMs} (Unix ms).
   *
   * @return false when there is no such webhook
   */
  public Future<Boolean> rotateSecret(String id, String scope, String newSecret,
      long previousExpiresAtMs, long nowSeconds, long nowMs) {
    return Transactions.run(pool, conn -> conn.preparedQuery(KEEP_PREVIOUS_SECRET)
        .execute(Tuple.of(previousExpiresAtMs, nowMs, id, scope))
        .compose(kept -> conn.preparedQuery(SET_SECRET)
            .execute(Tuple.of(newSecret, nowSeconds, id, scope)))
        .map(rs -> rs.rowCount() == 1));
  }

  /** The previous secrets still signing at {@code nowMs}, newest first (the current excluded). */
  public Future<List<String>> previousSecrets(String id, long nowMs) {
    return pool.preparedQuery(LIVE_PREVIOUS_SECRETS).execute(Tuple.of(id, nowMs))
        .map(rs -> {
          List<String> out = new ArrayList<>();
          rs.forEach(r -> out.add(r.getString("secret")));
          return out;
        });
  }

  private Future<Optional<WebhookRecord>> find(SqlConnection conn, String id, String scope) {
    return conn.preparedQuery(FIND).execute(Tuple.of(id, scope))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(map(rs.iterator().next())));
  }

  static WebhookRecord map(Row r) {
    List<String> topics = new ArrayList<>();
    try {
      new JsonArray(r.getString("topics")).forEach(t -> topics.add(String.valueOf(t)));
    } catch (RuntimeException notJson) {
      // A row written by another writer with a broken topics column matches nothing; show none.
    }
    Number consecutive = (Number) r.getValue("consecutive_failures");
    Number lastAt = (Number) r.getValue("last_delivery_at");
    Number lastStatus = (Number) r.getValue("last_delivery_status");
    return new WebhookRecord(r.getString("id"), r.getString("organization_id"),
        r.getString("url"), r.getString("secret"), topics,
        r.getString("status") == null ? "active" : r.getString("status"),
        r.getString("description"),
        r.getString("retry_policy") == null ? "exponential" : r.getString("retry_policy"),
        lastAt == null ? null : lastAt.longValue(),
        lastStatus == null ? null : lastStatus.intValue(),
        consecutive == null ? 0 : consecutive.intValue(),
        ((Number) r.getValue("created_at")).longValue(),
        ((Number) r.getValue("updated_at")).longValue());
  }
}
