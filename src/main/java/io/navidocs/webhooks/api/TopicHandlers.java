package io.navidocs.webhooks.api;

import io.navidocs.webhooks.event.EventType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/topics}: the event catalogue of SPEC §4 from {@link EventType}. */
final class TopicHandlers {
  Future<Void> list(RoutingContext rc) {
    JsonArray topics = new JsonArray();
    for (EventType type : EventType.values()) {
      topics.add(new JsonObject().put("event_type", type.name())
          .put("description", type.description())
          .put("example_data", type.exampleData())
          .put("subscribable", type != EventType.WEBHOOK_TEST));
    }
    ApiRequest.answer(rc, 200, new JsonObject().put("topics", topics));
    return Future.succeededFuture();
  }
}
