package io.navidocs.webhooks.api;

import io.navidocs.webhooks.integration.HomeAssistantUrl;
import io.navidocs.webhooks.storage.DeliveryRecords;
import io.navidocs.webhooks.storage.EventRecords;
import io.navidocs.webhooks.storage.Page;
import io.navidocs.webhooks.storage.WebhookRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The JSON shapes of SPEC §6 and §8. Every time is Unix seconds: the seed's columns already are,
 * the worker's tables store milliseconds and are divided here.
 */
final class Views {
  private Views() {}

  /** A webhook without its secret (lists, get, update, enable). */
  static JsonObject webhook(WebhookRecord w) {
    return new JsonObject()
        .put("id", w.id())
        .put("organization_id", w.organizationId())
        // A Home Assistant webhook id in the URL is that receiver's only credential: shown
        // whole by the on-ramp's create answer only (issue 9).
        .put("url", HomeAssistantUrl.maskedUrl(w.url()))
        .mergeIn(subscriptionAndHealth(w));
  }

  /**
   * What a webhook and a Home Assistant integration show alike: topics, status, description,
   * retry policy, endpoint health and audit times (Unix seconds).
   */
  static JsonObject subscriptionAndHealth(WebhookRecord w) {
    return new JsonObject()
        .put("topics", new JsonArray(w.topics()))
        .put("status", w.status())
        .put("description", w.description())
        .put("retry_policy", w.retryPolicy())
        .put("last_delivery_at", w.lastDeliveryAt())
        .put("last_delivery_status", w.lastDeliveryStatus())
        .put("consecutive_failures", w.consecutiveFailures())
        .put("created_at", w.createdAt())
        .put("updated_at", w.updatedAt());
  }

  /** A webhook with its secret: only the create and rotate answers use this. */
  static JsonObject webhookWithSecret(WebhookRecord w) {
    return webhook(w).put("secret", w.secret());
  }

  static JsonObject delivery(DeliveryRecords.Delivery d) {
    return new JsonObject()
        .put("id", d.id())
        .put("event_id", d.eventId())
        .put("webhook_id", d.webhookId())
        .put("event_type", d.eventType())
        .put("status", d.status())
        .put("attempt_count", d.attemptCount())
        .put("next_attempt_at", d.nextAttemptAt() == null ? null : seconds(d.nextAttemptAt()))
        .put("last_http_status", d.lastHttpStatus())
        .put("last_error", d.lastError())
        .put("created_at", seconds(d.createdAt()))
        .put("updated_at", seconds(d.updatedAt()));
  }

  static JsonObject attempt(DeliveryRecords.Attempt a) {
    return new JsonObject()
        .put("number", a.number())
        .put("started_at", seconds(a.startedAt()))
        .put("duration_ms", a.durationMs())
        .put("http_status", a.httpStatus())
        .put("outcome", a.outcome())
        .put("error", a.error())
        .put("response_body", a.responseBody());
  }

  static JsonObject event(EventRecords.Event e) {
    return new JsonObject()
        .put("id", e.id())
        .put("event_type", e.eventType())
        .put("organization_id", e.organizationId())
        .put("boat_id", e.boatId())
        .put("source", e.source())
        .put("status", e.status())
        .put("reason", e.reason())
        .put("deliveries", e.deliveries())
        .put("created_at", seconds(e.createdAt()));
  }

  static <T> JsonObject page(String name, Page<T> page, Function<T, JsonObject> view) {
    JsonArray items = new JsonArray();
    page.items().forEach(i -> items.add(view.apply(i)));
    return new JsonObject().put(name, items).put("pagination", new JsonObject()
        .put("total", page.total()).put("limit", page.limit()).put("offset", page.offset())
        .put("hasMore", page.hasMore()));
  }

  static long seconds(long millis) {
    return Math.floorDiv(millis, 1000L);
  }
}
