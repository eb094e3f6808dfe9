package io.navidocs.webhooks.notification;

import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The notification center's HTTP routes (see docs/openapi-notifications.yaml):
 * {@code GET /api/notifications?user_id=}, {@code PUT /api/notifications/{id}/read},
 * {@code PUT /api/notifications/read-all}, {@code GET /api/notification-templates}. Times in
 * responses are Unix seconds, as the seed stores them; expired notifications are not listed.
 *
 * <p>For now they require the admin token ({@code Authorization: Bearer <token>}); the
 * integrator moves them behind the API's shared authentication and OpenAPI validation.
 */
public final class NotificationRoutes implements Component {
  private static final Logger LOG = Logger.getLogger(NotificationRoutes.class.getName());
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  static final String COLUMNS = "id, user_id, type, title, message, boat_id, document_id,"
      + " warranty_id, sale_id, icon_emoji, action_url, action_label, is_read, read_at,"
      + " expires_at, created_at, updated_at";
  /** The seed's unread query shape (user_id, is_read = 0, newest first). */
  static final String LIST_SQL = "SELECT " + COLUMNS + " FROM notifications"
      + " WHERE user_id = ? AND expires_at > ? %s ORDER BY created_at DESC, id DESC"
      + " LIMIT ? OFFSET ?";
  static final String COUNT_SQL =
      "SELECT count(*) FROM notifications WHERE user_id = ? AND expires_at > ? %s";
  static final String UNREAD_SQL = "SELECT count(*) FROM notifications"
      + " WHERE user_id = ? AND is_read = 0 AND expires_at > ?";
  static final String READ_SQL = "UPDATE notifications SET is_read = 1, read_at = ?,"
      + " updated_at = ? WHERE id = ? AND is_read = 0";
  static final String ONE_SQL = "SELECT " + COLUMNS + " FROM notifications WHERE id = ?";
  static final String READ_ALL_SQL = "UPDATE notifications SET is_read = 1, read_at = ?,"
      + " updated_at = ? WHERE user_id = ? AND is_read = 0";
  static final String TEMPLATES_SQL = "SELECT id, event_type, type, subject, body, variables,"
      + " description, version, is_active, context_key, created_at, updated_at"
      + " FROM notification_templates WHERE 1 = 1%s ORDER BY event_type, type, context_key,"
      + " version";

  private Pool pool;
  private Clock clock;
  private byte[] adminToken;
  private boolean enabled;

  @Override
  public Future<Void> start(ServiceContext ctx) {
    pool = ctx.pool();
    clock = ctx.clock();
    adminToken = ctx.adminToken().getBytes(StandardCharsets.UTF_8);
    enabled = ctx.settings().worker().enabled();
    Router r = ctx.router();
    r.get("/api/notifications").handler(this::authorized).handler(this::list);
    r.put("/api/notifications/read-all")
        .handler(BodyHandler.create().setBodyLimit(ctx.settings().http().maxBodyBytes()))
        .handler(this::authorized).handler(this::readAll);
    r.put("/api/notifications/:id/read").handler(this::authorized).handler(this::read);
    r.get("/api/notification-templates").handler(this::authorized).handler(this::templates);
    return Future.succeededFuture();
  }

  private void authorized(RoutingContext rc) {
    if (!enabled) {
      // SPEC §2: with ENABLE_WEBHOOKS=false every /api route but /api/health answers this.
      error(rc, 503, "feature_disabled", "Feature temporarily disabled", null);
      return;
    }
    String header = rc.request().getHeader("Authorization");
    byte[] given = header != null && header.startsWith("Bearer ")
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (given.length == 0 || !MessageDigest.isEqual(given, adminToken)) {
      error(rc, 401, "unauthorized", "a valid bearer token is required", null);
      return;
    }
    rc.next();
  }

  private void list(RoutingContext rc) {
    String userId = rc.queryParams().get("user_id");
    if (userId == null || userId.isBlank()) {
      invalid(rc, "user_id", "is required");
      return;
    }
    Integer limit = intParam(rc, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Integer offset = limit == null ? null : intParam(rc, "offset", 0, 0, Integer.MAX_VALUE);
    if (limit == null || offset == null) {
      return;
    }
    String unread = rc.queryParams().get("unread");
    if (unread != null && !unread.equals("true") && !unread.equals("false")) {
      invalid(rc, "unread", "must be true or false");
      return;
    }
    String filter = "true".equals(unread) ? "AND is_read = 0" : "";
    long now = clock.instant().getEpochSecond();
    Future<List<JsonObject>> rows = pool.preparedQuery(String.format(LIST_SQL, filter))
        .execute(Tuple.of(userId, now, limit, offset))
        .map(set -> {
          List<JsonObject> out = new java.util.ArrayList<>();
          set.forEach(row -> out.add(notification(row)));
          return out;
        });
    Future<Long> total = pool.preparedQuery(String.format(COUNT_SQL, filter))
        .execute(Tuple.of(userId, now)).map(set -> number(set.iterator().next(), 0));
    Future<Long> unreadCount = pool.preparedQuery(UNREAD_SQL).execute(Tuple.of(userId, now))
        .map(set -> number(set.iterator().next(), 0));
    Future.all(rows, total, unreadCount).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(rc, ar.cause());
        return;
      }
      ok(rc, 200, new JsonObject()
          .put("notifications", new JsonArray(rows.result()))
          .put("unread_count", unreadCount.result())
          .put("pagination", new JsonObject().put("total", total.result()).put("limit", limit)
              .put("offset", offset).put("hasMore", offset + rows.result().size()
                  < total.result())));
    });
  }

  private void read(RoutingContext rc) {
    String id = rc.pathParam("id");
    long now = clock.instant().getEpochSecond();
    // Guarded: only an unread notification changes, so read_at keeps the first reading.
    pool.preparedQuery(READ_SQL).execute(Tuple.of(now, now, id))
        .compose(v -> pool.preparedQuery(ONE_SQL).execute(Tuple.of(id)))
        .onComplete(ar -> {
          if (ar.failed()) {
            unavailable(rc, ar.cause());
          } else if (ar.result().size() == 0) {
            error(rc, 404, "not_found", "no notification " + id, null);
          } else {
            ok(rc, 200, new JsonObject().put("notification",
                notification(ar.result().iterator().next())));
          }
        });
  }

  private void readAll(RoutingContext rc) {
    String userId = rc.queryParams().get("user_id");
    String raw = rc.body().asString();
    if (raw != null && !raw.isBlank()) {
      JsonObject body;
      try {
        body = new JsonObject(raw);
      } catch (DecodeException | ClassCastException e) {
        error(rc, 400, "validation_error", "the body must be a JSON object", null);
        return;
      }
      for (String field : body.fieldNames()) {
        if (!field.equals("user_id")) {
          invalid(rc, field, "is not a known field");
          return;
        }
      }
      Object value = body.getValue("user_id");
      if (value != null && !(value instanceof String)) {
        invalid(rc, "user_id", "must be a string");
        return;
      }
      if (value != null) {
        if (userId != null && !userId.equals(value)) {
          invalid(rc, "user_id", "differs between the query and the body");
          return;
        }
        userId = (String) value;
      }
    }
    if (userId == null || userId.isBlank()) {
      invalid(rc, "user_id", "is required (in the body or the query)");
      return;
    }
    long now = clock.instant().getEpochSecond();
    pool.preparedQuery(READ_ALL_SQL).execute(Tuple.of(now, now, userId)).onComplete(ar -> {
      if (ar.failed()) {
        unavailable(rc, ar.cause());
      } else {
        ok(rc, 200, new JsonObject().put("updated", ar.result().rowCount()));
      }
    });
  }

  private void templates(RoutingContext rc) {
    String eventType = rc.queryParams().get("event_type");
    String type = rc.queryParams().get("type");
    if (type != null && !Set.of("email", "sms", "push", "in_app").contains(type)) {
      invalid(rc, "type", "must be one of email, sms, push, in_app");
      return;
    }
    String active = rc.queryParams().get("active");
    if (active != null && !active.equals("true") && !active.equals("false")) {
      invalid(rc, "active", "must be true or false");
      return;
    }
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
      where.append(active.equals("true") ? " AND is_active <> 0" : " AND is_active = 0");
    }
    pool.preparedQuery(String.format(TEMPLATES_SQL, where)).execute(args)
        .onComplete(ar -> {
          if (ar.failed()) {
            unavailable(rc, ar.cause());
            return;
          }
          JsonArray out = new JsonArray();
          for (Row row : ar.result()) {
            out.add(template(row));
          }
          ok(rc, 200, new JsonObject().put("templates", out));
        });
  }

  static JsonObject notification(Row row) {
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
        .put("is_read", number(row, "is_read") != null && number(row, "is_read") != 0)
        .put("read_at", number(row, "read_at"))
        .put("expires_at", number(row, "expires_at"))
        .put("created_at", number(row, "created_at"))
        .put("updated_at", number(row, "updated_at"));
  }

  static JsonObject template(Row row) {
    Object variables;
    try {
      variables = new JsonArray(row.getString("variables"));
    } catch (DecodeException | ClassCastException e) {
      variables = row.getString("variables");
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

  private static Long number(Row row, int index) {
    Object v = row.getValue(index);
    return v instanceof Number n ? n.longValue() : 0L;
  }

  private Integer intParam(RoutingContext rc, String name, int dflt, int min, int max) {
    String raw = rc.queryParams().get(name);
    if (raw == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    invalid(rc, name, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
        : "must be a whole number from " + min + " to " + max);
    return null;
  }

  private static void ok(RoutingContext rc, int status, JsonObject body) {
    JsonObject out = new JsonObject().put("success", true).mergeIn(body);
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(out.encode());
  }

  private static void invalid(RoutingContext rc, String field, String problem) {
    error(rc, 400, "validation_error", field + " " + problem,
        new JsonArray().add(new JsonObject().put("field", field).put("message", problem)));
  }

  private static void unavailable(RoutingContext rc, Throwable cause) {
    LOG.warning("notification route " + rc.request().path() + " failed: " + cause.getMessage());
    error(rc, 503, "unavailable", "the database is not available; try again", null);
  }

  private static void error(RoutingContext rc, int status, String code, String message,
      JsonArray details) {
    JsonObject body = new JsonObject().put("success", false).put("error", code)
        .put("message", message);
    if (details != null) {
      body.put("details", details);
    }
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
