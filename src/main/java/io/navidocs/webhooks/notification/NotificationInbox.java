package io.navidocs.webhooks.notification;

import io.navidocs.webhooks.storage.Page;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the admin API does with the seed's {@code notifications} and
 * {@code notification_templates} tables: a user's notifications (newest first, expired ones
 * hidden), marking one or all of them read, and the template list. The API's
 * {@code NotificationHandlers} read the request and answer; this class owns the SQL, the JSON
 * views and the organization scoping.
 *
 * <p>Scoping: a {@code scope} of null is the admin token (every user). Otherwise it is a JWT's
 * organization, and only users with a {@code user_organizations} row in it are visible; for
 * anyone else the methods answer empty (the API's 404), and their writes are guarded by the same
 * membership condition so that nothing outside the scope ever changes. Templates are global
 * configuration, not organization data, and are listed for every caller. Times are Unix seconds,
 * as the seed stores them.
 */
public final class NotificationInbox {
  static final String COLUMNS = "id, user_id, type, title, message, boat_id, document_id,"
      + " warranty_id, sale_id, icon_emoji, action_url, action_label, is_read, read_at,"
      + " expires_at, created_at, updated_at";
  /** Appended to a notifications query when a JWT's organization limits it (one parameter). */
  static final String IN_SCOPE = " AND user_id IN (SELECT uo.user_id FROM user_organizations uo"
      + " WHERE uo.organization_id = ?)";
  static final String MEMBER_SQL = "SELECT count(*) FROM user_organizations"
      + " WHERE user_id = ? AND organization_id = ?";
  /** The seed's unread query shape (user_id, is_read = 0, newest first). */
  static final String LIST_SQL = "SELECT " + COLUMNS + " FROM notifications"
      + " WHERE user_id = ? AND expires_at > ? %s ORDER BY created_at DESC, id DESC"
      + " LIMIT ? OFFSET ?";
  static final String COUNT_SQL =
      "SELECT count(*) FROM notifications WHERE user_id = ? AND expires_at > ? %s";
  static final String UNREAD_SQL = "SELECT count(*) FROM notifications"
      + " WHERE user_id = ? AND is_read = 0 AND expires_at > ?";
  /** Guarded: only an unread notification changes, so read_at keeps the first reading. */
  static final String READ_SQL = "UPDATE notifications SET is_read = 1, read_at = ?,"
      + " updated_at = ? WHERE id = ? AND is_read = 0";
  static final String ONE_SQL = "SELECT " + COLUMNS + " FROM notifications WHERE id = ?";
  static final String READ_ALL_SQL = "UPDATE notifications SET is_read = 1, read_at = ?,"
      + " updated_at = ? WHERE user_id = ? AND is_read = 0";
  static final String TEMPLATES_SQL = "SELECT id, event_type, type, subject, body, variables,"
      + " description, version, is_active, context_key, created_at, updated_at"
      + " FROM notification_templates WHERE 1 = 1%s ORDER BY event_type, type, context_key,"
      + " version";

  /** One page of a user's notifications and how many of them are unread. */
  public record Listing(Page<JsonObject> page, long unreadCount) {}

  private final Pool pool;
  private final Clock clock;

  public NotificationInbox(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * A page of {@code userId}'s unexpired notifications, newest first; empty when {@code scope}
   * is an organization the user is not a member of.
   */
  public Future<Optional<Listing>> list(String scope, String userId, boolean unreadOnly,
      int limit, int offset) {
    return visible(scope, userId).compose(visible -> {
      if (!visible) {
        return Future.succeededFuture(Optional.empty());
      }
      String filter = unreadOnly ? "AND is_read = 0" : "";
      long now = clock.instant().getEpochSecond();
      Future<List<JsonObject>> rows = pool.preparedQuery(String.format(LIST_SQL, filter))
          .execute(Tuple.of(userId, now, limit, offset)).map(set -> {
            List<JsonObject> out = new ArrayList<>();
            set.forEach(row -> out.add(notification(row)));
            return out;
          });
      Future<Long> total = pool.preparedQuery(String.format(COUNT_SQL, filter))
          .execute(Tuple.of(userId, now)).map(NotificationInbox::count);
      Future<Long> unread = pool.preparedQuery(UNREAD_SQL).execute(Tuple.of(userId, now))
          .map(NotificationInbox::count);
      return Future.all(rows, total, unread).map(all -> Optional.of(new Listing(
          new Page<>(rows.result(), total.result(), limit, offset), unread.result())));
    });
  }

  /**
   * Marks one notification read and answers it; empty when it does not exist or belongs to a
   * user outside {@code scope} (then nothing was written).
   */
  public Future<Optional<JsonObject>> markRead(String scope, String id) {
    long now = clock.instant().getEpochSecond();
    String guard = scope == null ? "" : IN_SCOPE;
    Tuple update = Tuple.of(now, now, id);
    Tuple select = Tuple.of(id);
    if (scope != null) {
      update.addString(scope);
      select.addString(scope);
    }
    return pool.preparedQuery(READ_SQL + guard).execute(update)
        .compose(v -> pool.preparedQuery(ONE_SQL + guard).execute(select))
        .map(set -> set.size() == 0 ? Optional.empty()
            : Optional.of(notification(set.iterator().next())));
  }

  /**
   * Marks every unread notification of {@code userId} read and answers how many changed; empty
   * when the user is outside {@code scope} (then nothing was written).
   */
  public Future<Optional<Integer>> markAllRead(String scope, String userId) {
    return visible(scope, userId).compose(visible -> {
      if (!visible) {
        return Future.succeededFuture(Optional.empty());
      }
      long now = clock.instant().getEpochSecond();
      // The membership condition again in the write: a membership removed meanwhile wins.
      Tuple args = Tuple.of(now, now, userId);
      if (scope != null) {
        args.addString(scope);
      }
      return pool.preparedQuery(READ_ALL_SQL + (scope == null ? "" : IN_SCOPE)).execute(args)
          .map(set -> Optional.of(set.rowCount()));
    });
  }

  /**
   * The templates, optionally only those of one event type, one channel type ({@code email,
   * sms, push, in_app}) or one activity state (null: any).
   */
  public Future<List<JsonObject>> templates(String eventType, String type, Boolean active) {
    // Only the filters given become conditions (no untyped "? IS NULL" parameters).
    StringBuilder where = new StringBuilder();
    Tuple args = Tuple.tuple();
    if (eventType != null) {
      where.append(" AND event_type = ?");
      args.addString(eventType);
    }
    if (type != null) {
      where.append(" AND type = ?");
      args.addString(type);
    }
    if (active != null) {
      where.append(active ? " AND is_active <> 0" : " AND is_active = 0");
    }
    return pool.preparedQuery(String.format(TEMPLATES_SQL, where)).execute(args).map(set -> {
      List<JsonObject> out = new ArrayList<>();
      set.forEach(row -> out.add(template(row)));
      return out;
    });
  }

  /** Whether {@code scope} may see {@code userId}: always for the admin (null scope). */
  private Future<Boolean> visible(String scope, String userId) {
    if (scope == null) {
      return Future.succeededFuture(true);
    }
    return pool.preparedQuery(MEMBER_SQL).execute(Tuple.of(userId, scope))
        .map(set -> count(set) > 0);
  }

  static JsonObject notification(Row row) {
    Long isRead = number(row, "is_read");
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("user_id", row.getString("user_id"))
        .put("type", row.getString("type"))
        .put("title", row.getString("title"))
        .put("message", row.getString("message"))
        .put("boat_id", row.getString("boat_id"))
        .put("document_id", row.getString("document_id"))
        .put("warranty_id", row.getString("warranty_id"))
        .put("sale_id", row.getString("sale_id"))
        .put("icon_emoji", row.getString("icon_emoji"))
        .put("action_url", row.getString("action_url"))
        .put("action_label", row.getString("action_label"))
        .put("is_read", isRead != null && isRead != 0)
        .put("read_at", number(row, "read_at"))
        .put("expires_at", number(row, "expires_at"))
        .put("created_at", number(row, "created_at"))
        .put("updated_at", number(row, "updated_at"));
  }

  static JsonObject template(Row row) {
    String raw = row.getString("variables");
    Object variables = raw;
    try {
      variables = raw == null ? null : new JsonArray(raw);
    } catch (DecodeException | ClassCastException e) {
      // Another writer stored text that is not a JSON array: show it as it is.
    }
    Long isActive = number(row, "is_active");
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("event_type", row.getString("event_type"))
        .put("type", row.getString("type"))
        .put("subject", row.getString("subject"))
        .put("body", row.getString("body"))
        .put("variables", variables)
        .put("description", row.getString("description"))
        .put("version", number(row, "version"))
        .put("is_active", isActive != null && isActive != 0)
        .put("context_key", row.getString("context_key"))
        .put("created_at", number(row, "created_at"))
        .put("updated_at", number(row, "updated_at"));
  }

  private static Long number(Row row, String column) {
    Object v = row.getValue(column);
    return v instanceof Number n ? n.longValue() : null;
  }

  private static long count(RowSet<Row> set) {
    Object v = set.iterator().next().getValue(0);
    return v instanceof Number n ? n.longValue() : 0L;
  }
}
