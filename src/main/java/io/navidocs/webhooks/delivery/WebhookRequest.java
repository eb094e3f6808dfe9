package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.app.Version;
import io.navidocs.webhooks.signing.Signer;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The bytes and headers of one delivery attempt (SPEC §4): the JSON body with the event, and
 * Content-Type, User-Agent, the Standard Webhooks trio, X-NaviDocs-Signature, -Topic, -Delivery.
 */
public final class WebhookRequest {
  /** The delivered body's timestamp: ISO 8601 UTC, always with milliseconds. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  static final String USER_AGENT = "NaviDocs-Webhooks/" + Version.get();

  private final Buffer body;
  private final MultiMap headers;

  private WebhookRequest(Buffer body, MultiMap headers) {
    this.body = body;
    this.headers = headers;
  }

  /**
   * Builds one attempt's request.
   *
   * @param payloadJson the event's {@code data}, already validated as a JSON object
   * @param nowSeconds Unix seconds of this attempt ({@code webhook-timestamp})
   */
  public static WebhookRequest of(String eventId, String eventType, String organizationId,
      long eventCreatedAtMs, String payloadJson, String deliveryId,
      List<WebhookSecret> secrets, long nowSeconds) {
    // The payload is spliced in as stored: it was checked to be a JSON object when accepted,
    // and re-encoding it would only cost time.
    String text = "{\"id\":" + Json.encode(eventId)
        + ",\"event_type\":" + Json.encode(eventType)
        + ",\"organization_id\":" + Json.encode(organizationId)
        + ",\"timestamp\":\"" + TIMESTAMP.format(Instant.ofEpochMilli(eventCreatedAtMs)) + "\""
        + ",\"data\":" + payloadJson + "}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Signer.Signatures sig = Signer.sign(eventId, nowSeconds, bytes, secrets);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json")
        .add("User-Agent", USER_AGENT);
    for (Map.Entry<String, String> h : sig.headers().entrySet()) {
      headers.add(h.getKey(), h.getValue());
    }
    headers.add("X-NaviDocs-Topic", eventType).add("X-NaviDocs-Delivery", deliveryId);
    return new WebhookRequest(Buffer.buffer(bytes), headers);
  }

  public Buffer body() {
    return body;
  }

  public MultiMap headers() {
    return headers;
  }
}
