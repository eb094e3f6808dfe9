package io.navidocs.webhooks.api;

import io.navidocs.webhooks.storage.DeliveryRecords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** {@code /api/deliveries/{id}} (one delivery with its attempts) and its {@code retry}. */
final class DeliveryHandlers {
  private final DeliveryRecords deliveries;
  private final Clock clock;

  DeliveryHandlers(DeliveryRecords deliveries, Clock clock) {
    this.deliveries = deliveries;
    this.clock = clock;
  }

  Future<Void> get(RoutingContext rc) {
    return visible(rc).compose(d -> deliveries.attempts(d.id()).map(attempts -> {
      JsonArray list = new JsonArray();
      attempts.forEach(a -> list.add(Views.attempt(a)));
      ApiRequest.answer(rc, 200, new JsonObject()
          .put("delivery", Views.delivery(d).put("attempts", list)));
      return null;
    }));
  }

  Future<Void> retry(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    String id = ApiRequest.pathId(rc);
    return deliveries.retry(id, caller.scope(), clock.millis()).compose(outcome -> switch (outcome) {
      case NOT_FOUND -> Future.failedFuture(ApiError.notFound("delivery"));
      case INVALID_STATE -> Future.failedFuture(ApiError.conflict("invalid_state", "status",
          "only a failed or cancelled delivery of an existing webhook can be retried"));
      case QUEUED -> visible(rc).map(d -> {
        ApiRequest.answer(rc, 200, new JsonObject().put("delivery", Views.delivery(d)));
        return null;
      });
    });
  }

  private Future<DeliveryRecords.Delivery> visible(RoutingContext rc) {
    return deliveries.find(ApiRequest.pathId(rc), ApiRequest.caller(rc).scope())
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiError.notFound("delivery"))));
  }
}
