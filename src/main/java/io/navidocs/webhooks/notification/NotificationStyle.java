package io.navidocs.webhooks.notification;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * How a notification about an event looks and links in the NaviDocs UI: the seed's
 * {@code notifications.type} (the event type in lower case, e.g. {@code warranty_expiring}), its
 * icon, the click-through URL and button label, and the links to the boat, document, warranty
 * or sale concerned. Pure. URLs are paths inside the NaviDocs app.
 */
public record NotificationStyle(
    String type,
    String iconEmoji,
    String actionUrl,
    String actionLabel,
    String boatId,
    String documentId,
    String warrantyId,
    String saleId) {

  public NotificationStyle {
    if (actionUrl == null) {
      actionLabel = null;
    }
  }

  /** The style of a notification about {@code eventType} with this event data. */
  public static NotificationStyle of(String eventType, JsonObject data) {
    String boat = data.getValue("boat_id") instanceof String s ? s : null;
    String document = data.getValue("document_id") instanceof String s ? s : null;
    String warranty = data.getValue("warranty_id") instanceof String s ? s : null;
    String sale = data.getValue("sale_id") instanceof String s ? s : null;
    String type = eventType.toLowerCase(Locale.ROOT);
    return switch (eventType) {
      case "WARRANTY_EXPIRING" -> new NotificationStyle(type, "⚠️",
          path("/boats/", boat, "/warranties/", warranty), "View warranty", boat, null, warranty, null);
      case "WARRANTY_EXPIRED" -> new NotificationStyle(type, "⛔",
          path("/boats/", boat, "/warranties/", warranty), "View warranty", boat, null, warranty, null);
      case "WARRANTY_CLAIMED", "WARRANTY_STATUS_CHANGED" -> new NotificationStyle(type, "🛡️",
          path("/boats/", boat, "/warranties/", warranty), "View warranty", boat, null, warranty, null);
      case "DOCUMENT_UPLOADED" -> new NotificationStyle(type, "📄",
          path("/documents/", document), "View document", boat, document, null, null);
      // The document is gone: no link to it (and notifications.document_id would dangle).
      case "DOCUMENT_DELETED" -> new NotificationStyle(type, "🗑️",
          path("/boats/", boat, "/documents"), boat == null ? null : "View documents",
          boat, null, null, null);
      case "SALE_INITIATED", "SALE_PACKAGE_GENERATED", "SALE_TRANSFERRED", "SALE_COMPLETED" ->
          new NotificationStyle(type, "💰", path("/boats/", boat, "/sales/", sale), "View sale", boat, null,
              null, sale);
      default -> new NotificationStyle(type, "🔔", null, null, boat, document, warranty, sale);
    };
  }

  /** The concatenation, or null when a part is missing (no link rather than a broken one). */
  private static String path(String... parts) {
    StringBuilder out = new StringBuilder();
    for (String p : parts) {
      if (p == null) {
        return null;
      }
      out.append(p);
    }
    return out.toString();
  }
}
