package io.navidocs.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery: the signature headers of SPEC §4.
 *
 * <ul>
 *   <li>{@code webhook-signature}, the Standard Webhooks scheme (standardwebhooks.com, "Signature
 *       scheme" / symmetric): {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}
 *       with standard padded base64, one such entry per live secret, newest first, separated
 *       by single spaces. Verifiers accept a message when any entry matches, which is what
 *       makes a secret rotation gapless. The key is {@link WebhookSecret#hmacKey()}.
 *   <li>{@code X-NaviDocs-Signature}, the NaviDocs integration guides' form:
 *       {@code sha256=<lowercase hex HMAC-SHA256(secret as UTF-8 bytes, body)>}, made with the
 *       newest secret only (SPEC §8, secret rotation). It does not cover the timestamp, so it
 *       gives receivers no replay protection; it exists for receivers already written to it.
 * </ul>
 *
 * <p>Pure: the attempt's timestamp is passed in (Unix seconds at the time of this attempt), so a
 * retry is re-signed with a fresh timestamp while {@code webhook-id} stays the same.
 */
public final class Signer {

  /** Standard Webhooks header: the message id, the same on every retry. */
  public static final String WEBHOOK_ID = "webhook-id";
  /** Standard Webhooks header: Unix seconds at the time of this attempt. */
  public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
  /** Standard Webhooks header: space-separated {@code v1,<base64>} entries. */
  public static final String WEBHOOK_SIGNATURE = "webhook-signature";
  /** NaviDocs header: {@code sha256=<hex>} over the body alone. */
  public static final String NAVIDOCS_SIGNATURE = "X-NaviDocs-Signature";

  private static final String HMAC_SHA256 = "HmacSHA256";

  private Signer() {}

  /**
   * The signature headers of one attempt.
   *
   * @param webhookId the body's {@code id} ({@code evt_…})
   * @param timestampSeconds Unix seconds at the time of this attempt, not negative
   * @param body the exact bytes sent as the request body
   * @param liveSecretsNewestFirst the webhook's current secret first, then any secret still
   *     within its rotation grace period; duplicates are signed once
   * @throws IllegalArgumentException on a blank id, a negative timestamp or no secret
   */
  public static Signatures sign(String webhookId, long timestampSeconds, byte[] body,
      List<WebhookSecret> liveSecretsNewestFirst) {
    if (liveSecretsNewestFirst == null || liveSecretsNewestFirst.isEmpty()) {
      throw new IllegalArgumentException("at least one live secret is needed to sign "
          + webhookId);
    }
    List<String> entries = new ArrayList<>();
    List<WebhookSecret> signed = new ArrayList<>();
    for (WebhookSecret secret : liveSecretsNewestFirst) {
      if (!signed.contains(secret)) {
        signed.add(secret);
        entries.add(standardSignature(secret, webhookId, timestampSeconds, body));
      }
    }
    return new Signatures(webhookId, timestampSeconds, String.join(" ", entries),
        naviDocsSignature(liveSecretsNewestFirst.get(0), body));
  }

  /** {@link #sign(String, long, byte[], List)} for a body given as text (sent as UTF-8). */
  public static Signatures sign(String webhookId, long timestampSeconds, String body,
      List<WebhookSecret> liveSecretsNewestFirst) {
    return sign(webhookId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8),
        liveSecretsNewestFirst);
  }

  /** One Standard Webhooks entry, {@code v1,<base64>}, for one secret. */
  public static String standardSignature(WebhookSecret secret, String webhookId,
      long timestampSeconds, byte[] body) {
    requireHeaderSafe(webhookId);
    if (timestampSeconds < 0) {
      throw new IllegalArgumentException("timestamp must not be negative: " + timestampSeconds);
    }
    Mac mac = hmac(secret.hmacKeySpec());
    mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /** The {@code X-NaviDocs-Signature} value, {@code sha256=<lowercase hex>}, for one secret. */
  public static String naviDocsSignature(WebhookSecret secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret.utf8KeySpec()).doFinal(body));
  }

  // Mac.getInstance walks the security providers on every call, which showed up in the delivery
  // engine's profile (two signatures per attempt). A Mac is not thread-safe, so each thread keeps
  // one and re-keys it per signature: init() resets any earlier state, and the Mac never leaves
  // the calling method, so nothing of one signature (or its key) reaches the next one's result.
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(Signer::newMac);

  private static Mac newMac() {
    try {
      return Mac.getInstance(HMAC_SHA256);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide HmacSHA256 (javax.crypto.Mac Javadoc).
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static Mac hmac(SecretKeySpec key) {
    Mac mac = MACS.get();
    try {
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      // HMAC takes keys of any non-zero length, which WebhookSecret guarantees.
      throw new IllegalStateException("HmacSHA256 refused the key", e);
    }
  }

  // The id goes into a header verbatim and is the receiver's deduplication key.
  private static void requireHeaderSafe(String webhookId) {
    if (webhookId == null || webhookId.isBlank()) {
      throw new IllegalArgumentException("webhook id must not be blank");
    }
    for (int i = 0; i < webhookId.length(); i++) {
      char c = webhookId.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("webhook id must not contain spaces or control "
            + "characters");
      }
    }
  }

  /**
   * The signature headers of one attempt.
   *
   * @param webhookId value of {@code webhook-id}
   * @param timestamp value of {@code webhook-timestamp}, Unix seconds
   * @param webhookSignature value of {@code webhook-signature}
   * @param naviDocsSignature value of {@code X-NaviDocs-Signature}
   */
  public record Signatures(String webhookId, long timestamp, String webhookSignature,
      String naviDocsSignature) {

    /** The four headers by name, in the order SPEC §4 lists them. */
    public Map<String, String> headers() {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(WEBHOOK_ID, webhookId);
      headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestamp));
      headers.put(WEBHOOK_SIGNATURE, webhookSignature);
      headers.put(NAVIDOCS_SIGNATURE, naviDocsSignature);
      return headers;
    }
  }
}
