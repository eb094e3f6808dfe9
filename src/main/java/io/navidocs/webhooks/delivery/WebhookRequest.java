package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.app.Version;
import io.navidocs.webhooks.signing.Signer;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

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

  // Header names as AsciiString: their hash is computed once, not on every add and copy.
  private static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized(
      "application/json");
  private static final CharSequence USER_AGENT_NAME = HttpHeaders.USER_AGENT;
  private static final CharSequence USER_AGENT_VALUE = HttpHeaders.createOptimized(USER_AGENT);
  private static final CharSequence WEBHOOK_ID = HttpHeaders.createOptimized(Signer.WEBHOOK_ID);
  private static final CharSequence WEBHOOK_TIMESTAMP =
      HttpHeaders.createOptimized(Signer.WEBHOOK_TIMESTAMP);
  private static final CharSequence WEBHOOK_SIGNATURE =
      HttpHeaders.createOptimized(Signer.WEBHOOK_SIGNATURE);
  private static final CharSequence NAVIDOCS_SIGNATURE =
      HttpHeaders.createOptimized(Signer.NAVIDOCS_SIGNATURE);
  private static final CharSequence TOPIC = HttpHeaders.createOptimized("X-NaviDocs-Topic");
  private static final CharSequence DELIVERY = HttpHeaders.createOptimized("X-NaviDocs-Delivery");

  /**
   * Builds one attempt's request.
   *
   * @param payloadJson the event's {@code data}, already validated as a JSON object
   * @param nowSeconds Unix seconds of this attempt ({@code webhook-timestamp})
   */
  public static WebhookRequest of(String eventId, String eventType, String organizationId,
      long eventCreatedAtMs, String payloadJson, String deliveryId,
      List<WebhookSecret> secrets, long nowSeconds) {
    return of(body(eventId, eventType, organizationId, eventCreatedAtMs, payloadJson), eventId,
        eventType, deliveryId, secrets, nowSeconds);
  }

  /**
   * Builds one attempt's request around a body made by {@link #body} (the same bytes for every
   * webhook an event goes to, so a caller may build them once per event).
   */
  static WebhookRequest of(byte[] body, String eventId, String eventType, String deliveryId,
      List<WebhookSecret> secrets, long nowSeconds) {
    Signer.Signatures sig = Signer.sign(eventId, nowSeconds, body, secrets);
    // A map that does not validate: the client validates every header once more as it copies
    // them into the request. Validating in both places was 11.4 % of the engine loop's JFR
    // samples, once 6.7 % (benchmarks.md, "Headers validated once").
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(CONTENT_TYPE, APPLICATION_JSON)
        .add(USER_AGENT_NAME, USER_AGENT_VALUE)
        .add(WEBHOOK_ID, sig.webhookId())
        .add(WEBHOOK_TIMESTAMP, Long.toString(sig.timestamp()))
        .add(WEBHOOK_SIGNATURE, sig.webhookSignature())
        .add(NAVIDOCS_SIGNATURE, sig.naviDocsSignature())
        .add(TOPIC, eventType)
        .add(DELIVERY, deliveryId);
    return new WebhookRequest(Buffer.buffer(body), headers);
  }

  /** The delivered JSON body of an event (SPEC §4), as UTF-8. */
  static byte[] body(String eventId, String eventType, String organizationId,
      long eventCreatedAtMs, String payloadJson) {
    // The payload is spliced in as stored: it was checked to be a JSON object when accepted,
    // and re-encoding it would only cost time.
    StringBuilder text = new StringBuilder(96 + eventId.length() + eventType.length()
        + organizationId.length() + payloadJson.length());
    text.append("{\"id\":");
    JsonText.appendString(text, eventId);
    text.append(",\"event_type\":");
    JsonText.appendString(text, eventType);
    text.append(",\"organization_id\":");
    JsonText.appendString(text, organizationId);
    text.append(",\"timestamp\":\"");
    JsonText.appendTimestamp(text, eventCreatedAtMs);
    text.append("\",\"data\":").append(payloadJson).append('}');
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  public Buffer body() {
    return body;
  }

  public MultiMap headers() {
    return headers;
  }
}
