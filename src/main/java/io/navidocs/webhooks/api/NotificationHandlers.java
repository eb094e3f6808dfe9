package io.navidocs.webhooks.api;

import io.navidocs.webhooks.notification.NotificationInbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The notification center's operations ({@code listNotifications}, {@code markNotificationRead},
 * {@code markAllNotificationsRead}, {@code listNotificationTemplates}): reads the validated
 * request, asks the {@link NotificationInbox} within the caller's organization and answers. A
 * user or notification outside a JWT's organization is a 404, as for webhooks.
 */
final class NotificationHandlers {
  private final NotificationInbox inbox;

  NotificationHandlers(NotificationInbox inbox) {
    this.inbox = inbox;
  }

  Future<Void> list(RoutingContext rc) {
    int limit = ApiRequest.queryInt(rc, "limit", 20);
    int offset = ApiRequest.queryInt(rc, "offset", 0);
    Boolean unread = ApiRequest.queryBoolean(rc, "unread");
    return inbox.list(ApiRequest.caller(rc).scope(), ApiRequest.query(rc, "user_id"),
            Boolean.TRUE.equals(unread), limit, offset)
        .map(found -> {
          NotificationInbox.Listing listing = found.orElseThrow(() -> ApiError.notFound("user"));
          ApiRequest.answer(rc, 200, Views.page("notifications", listing.page(), n -> n)
              .put("unread_count", listing.unreadCount()));
          return null;
        });
  }

  Future<Void> markRead(RoutingContext rc) {
    return inbox.markRead(ApiRequest.caller(rc).scope(), ApiRequest.pathId(rc)).map(found -> {
      JsonObject n = found.orElseThrow(() -> ApiError.notFound("notification"));
      ApiRequest.answer(rc, 200, new JsonObject().put("notification", n));
      return null;
    });
  }

  Future<Void> markAllRead(RoutingContext rc) {
    String inQuery = ApiRequest.query(rc, "user_id");
    String inBody = ApiRequest.body(rc).getString("user_id");
    if (inQuery != null && inBody != null && !inQuery.equals(inBody)) {
      throw ApiError.validation("user_id", "user_id differs between the query and the body");
    }
    String user = inBody != null ? inBody : inQuery;
    if (user == null) {
      throw ApiError.validation("user_id", "user_id is required (in the body or the query)");
    }
    return inbox.markAllRead(ApiRequest.caller(rc).scope(), user).map(found -> {
      int updated = found.orElseThrow(() -> ApiError.notFound("user"));
      ApiRequest.answer(rc, 200, new JsonObject().put("updated", updated));
      return null;
    });
  }

  /** Templates are global configuration, not organization data: every caller may list them. */
  Future<Void> templates(RoutingContext rc) {
    return inbox.templates(ApiRequest.query(rc, "event_type"), ApiRequest.query(rc, "type"),
            ApiRequest.queryBoolean(rc, "active"))
        .map(list -> {
          ApiRequest.answer(rc, 200, new JsonObject().put("templates", new JsonArray(list)));
          return null;
        });
  }
}
