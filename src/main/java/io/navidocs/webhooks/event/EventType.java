package io.navidocs.webhooks.event;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The event catalogue of SPEC §4: every {@code event_type} a webhook can receive.
 *
 * <p>The enum constant name is the wire name (the body's {@code event_type}, the
 * {@code X-NaviDocs-Topic} header, the {@code domain_events.event_type} column and the entries
 * of a webhook's {@code topics}). Each type carries a one-line description and an example
 * {@code data} object, which {@code GET /api/topics} publishes so receivers can be written
 * before the first real event arrives.
 *
 * <p>{@link #WEBHOOK_TEST} is special: it is sent only by {@code POST /api/webhooks/{id}/test}
 * and is never matched by a webhook's topics (see {@code TopicMatcher}).
 */
public enum EventType {
  WARRANTY_EXPIRING(
      "A warranty reaches 90, 30 or 14 days before its expiration date (once per threshold).",
      // Exactly the fields SPEC §4 lists, in its order.
      () -> new JsonObject()
          .put("warranty_id", "wty-1a2b")
          .put("boat_id", "boat-42")
          .put("boat_name", "Sea Breeze")
          .put("item_name", "Engine")
          .put("provider", "Volvo Penta")
          .put("expiration_date", "2026-12-24")
          .put("days_until_expiration", 30)
          .put("coverage_amount", 25000.0)),
  WARRANTY_EXPIRED(
      "An active warranty passed its expiration date and is now expired.",
      () -> warranty()
          .put("coverage_amount", 25000.0)
          .put("previous_status", "active")
          .put("status", "expired")),
  WARRANTY_CLAIMED(
      "A claim was filed against a warranty (its status became claimed).",
      () -> warrantyRef()
          .put("previous_status", "active")
          .put("status", "claimed")),
  WARRANTY_STATUS_CHANGED(
      "A warranty's status changed other than to claimed (for example to voided).",
      () -> warrantyRef()
          .put("previous_status", "active")
          .put("status", "voided")),
  DOCUMENT_UPLOADED(
      "A document was added to a boat.",
      () -> document()
          .put("uploaded_by", "user-7f3a")),
  DOCUMENT_DELETED(
      "A document was removed from a boat.",
      EventType::document),
  SALE_INITIATED(
      "A yacht sale workflow was started for a boat.",
      () -> sale("initiated", null)),
  SALE_PACKAGE_GENERATED(
      "The as-built document package of a sale was generated.",
      () -> sale("package_generated", "initiated")
          .put("package_file_size", 48_213_760)),
  SALE_TRANSFERRED(
      "The sale's documents were transferred to the buyer (download link issued).",
      () -> sale("transferred", "package_generated")
          .put("transfer_date", "2026-11-24")
          .put("expiration_date", "2026-12-24")),
  SALE_COMPLETED(
      "A yacht sale workflow was completed.",
      () -> sale("completed", "transferred")),
  NOTIFICATION_SENT(
      "An in-app or e-mail notification was sent to a user.",
      () -> new JsonObject()
          .put("notification_id", "notif-5e21")
          .put("user_id", "user-7f3a")
          .put("type", "warranty_expiring")
          .put("channel", "email")
          .put("title", "Engine warranty expiring soon")
          .put("boat_id", "boat-42")),
  WEBHOOK_DELIVERY_FAILED(
      "A webhook of the organization was disabled (status failed) after consecutive failures.",
      () -> new JsonObject()
          .put("webhook_id", "wh-9c1d")
          .put("url", "https://mls.example.com/hooks/navidocs")
          .put("status", "failed")
          .put("consecutive_failures", 8)
          .put("last_delivery_status", 503)
          .put("last_error", "HTTP 503")),
  INTEGRATION_STATUS_CHANGED(
      "An integration (for example Home Assistant) changed state.",
      () -> new JsonObject()
          .put("integration_id", "wh-3b7e")
          .put("integration_type", "home_assistant")
          .put("previous_status", "active")
          .put("status", "inactive")),
  WEBHOOK_TEST(
      "A test delivery sent on request by POST /api/webhooks/{id}/test; never matched by topics.",
      () -> new JsonObject()
          .put("webhook_id", "wh-9c1d")
          .put("message", "This is a test delivery from NaviDocs."));

  private final String description;
  private final Supplier<JsonObject> example;

  EventType(String description, Supplier<JsonObject> example) {
    this.description = description;
    this.example = example;
  }

  /** One line saying when the event happens, for the topic catalogue. */
  public String description() {
    return description;
  }

  /**
   * A realistic example of the delivered body's {@code data}. A fresh object on every call, so
   * callers may modify it.
   */
  public JsonObject exampleData() {
    return example.get();
  }

  /**
   * The event type with exactly this wire name. Case-sensitive: the wire names are upper case
   * everywhere (SPEC §4), and accepting {@code warranty_expiring} here would let two spellings of
   * one type into storage.
   */
  public static Optional<EventType> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (EventType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  // The warranty fields are the warranty_tracking columns of the seed (expiration_date is
  // YYYY-MM-DD there) plus the boat's name, which the scanner joins from entities.
  private static JsonObject warranty() {
    return warrantyRef()
        .put("boat_name", "Sea Breeze")
        .put("provider", "Volvo Penta")
        .put("expiration_date", "2026-12-24");
  }

  private static JsonObject warrantyRef() {
    return new JsonObject()
        .put("warranty_id", "wty-1a2b")
        .put("boat_id", "boat-42")
        .put("item_name", "Engine");
  }

  private static JsonObject document() {
    return new JsonObject()
        .put("document_id", "doc-81f0")
        .put("boat_id", "boat-42")
        .put("title", "Engine service manual")
        .put("file_name", "engine-service-manual.pdf")
        .put("mime_type", "application/pdf");
  }

  private static JsonObject sale(String status, String previousStatus) {
    JsonObject sale = new JsonObject()
        .put("sale_id", "sale-4d2c")
        .put("boat_id", "boat-42")
        .put("buyer_email", "buyer@example.com")
        .put("status", status);
    if (previousStatus != null) {
      sale.put("previous_status", previousStatus);
    }
    return sale;
  }
}
