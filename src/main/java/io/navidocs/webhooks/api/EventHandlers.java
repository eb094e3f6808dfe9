package io.navidocs.webhooks.api;

import io.navidocs.webhooks.event.EventType;
import io.navidocs.webhooks.storage.EventRecords;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code /api/events}: publish into the outbox (then wake the worker), list, and one event with
 * its data and deliveries.
 */
final class EventHandlers {
  /** Event-bus address the delivery worker listens on to poll the outbox at once. */
  static final String WAKE_ADDRESS = "navidocs.outbox.wake";

  private final EventRecords events;
  private final EventBus bus;
  private final Clock clock;

  EventHandlers(EventRecords events, EventBus bus, Clock clock) {
    this.events = events;
    this.bus = bus;
    this.clock = clock;
  }

  Future<Void> publish(RoutingContext rc) {
    JsonObject body = ApiRequest.body(rc);
    String org = ApiRequest.organizationFor(ApiRequest.caller(rc),
        body.getString("organization_id"), "organization_id");
    String typeName = body.getString("event_type");
    EventType type = EventType.parse(typeName).orElseThrow(() -> ApiError.validation(
        "event_type", "event_type must be one of the types listed by GET /api/topics"));
    if (type == EventType.WEBHOOK_TEST) {
      throw ApiError.validation("event_type",
          "WEBHOOK_TEST is sent only by POST /api/webhooks/{id}/test");
    }
    String boat = body.getString("boat_id");
    String payload = body.getJsonObject("data").encode();
    return events.organizationExists(org)
        .compose(exists -> exists ? Future.succeededFuture()
            : Future.failedFuture(ApiError.validation("organization_id",
                "organization_id names no organization")))
        .compose(ok -> boat == null ? Future.succeededFuture(true) : events.boatExists(boat, org))
        .compose(boatOk -> boatOk ? Future.succeededFuture()
            : Future.failedFuture(ApiError.validation("boat_id",
                "boat_id names no boat of this organization")))
        .compose(ok -> events.publish(org, type.name(), payload, boat, clock.millis()))
        .map(event -> {
          bus.publish(WAKE_ADDRESS, event.id());
          ApiRequest.answer(rc, 202, new JsonObject().put("event", Views.event(event)));
          return null;
        });
  }

  Future<Void> list(RoutingContext rc) {
    return events.list(ApiRequest.caller(rc).scope(), ApiRequest.query(rc, "status"),
            ApiRequest.query(rc, "event_type"), ApiRequest.queryInt(rc, "limit", 20),
            ApiRequest.queryInt(rc, "offset", 0))
        .map(page -> {
          ApiRequest.answer(rc, 200, Views.page("events", page, Views::event));
          return null;
        });
  }

  Future<Void> get(RoutingContext rc) {
    return events.find(ApiRequest.pathId(rc), ApiRequest.caller(rc).scope()).map(found -> {
      EventRecords.EventDetail d = found.orElseThrow(() -> ApiError.notFound("event"));
      JsonObject view = Views.event(d.event());
      view.remove("deliveries");
      JsonArray refs = new JsonArray();
      d.deliveries().forEach(r -> refs.add(new JsonObject().put("id", r.id())
          .put("webhook_id", r.webhookId()).put("status", r.status())));
      Object data;
      try {
        data = new JsonObject(d.payload());
      } catch (DecodeException | ClassCastException notAnObject) {
        // Another writer stored a payload that is not a JSON object: show it as it is.
        data = d.payload();
      }
      Long processed = d.event().processedAt();
      ApiRequest.answer(rc, 200, new JsonObject().put("event", view.put("data", data)
          .put("processed_at", processed == null ? null : Views.seconds(processed))
          .put("deliveries", refs)));
      return null;
    });
  }
}
