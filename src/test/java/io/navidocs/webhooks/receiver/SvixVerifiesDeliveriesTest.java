package io.navidocs.webhooks.receiver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import io.navidocs.webhooks.receiver.CapturingReceiver.Received;
import io.navidocs.webhooks.receiver.RunningService.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries made by the running service, captured by a real local receiver, verified with the
 * Svix Java library ({@code com.svix.Webhook}, an implementation of Standard Webhooks nobody here
 * wrote) exactly as docs/receivers.md tells receivers to do it. The known-answer test of the
 * signer against the Standard Webhooks specification's published vector is
 * {@code signing.SignerTest#reproducesTheStandardWebhooksSpecificationTestVector}; this class
 * checks the other end: what really goes over the wire.
 */
@Timeout(60)
class SvixVerifiesDeliveriesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  RunningService service;
  CapturingReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    service = RunningService.start(dir, Map.of());
    receiver = new CapturingReceiver();
    service.organization("org-1");
    service.boat("boat-42", "org-1", "Sea Breeze");
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    receiver.close();
  }

  @Test
  void aDeliverySignedWithAGeneratedWhsecSecretVerifiesWithSvixGivenTheSecretAsIs()
      throws Exception {
    String secret = createWebhook("/generated", null).getString("secret");
    assertTrue(secret.startsWith("whsec_"));
    service.uploadDocument("doc-1", "org-1", "boat-42", "Engine service manual",
        "engine-service-manual.pdf");

    Received r = receiver.await(x -> x.path().equals("/generated"), 1, WAIT).get(0);
    assertDoesNotThrow(() -> new Webhook(secret).verify(r.body(), r.headers()));
    JsonObject body = new JsonObject(r.body());
    assertEquals("DOCUMENT_UPLOADED", body.getString("event_type"));
    assertEquals(r.header("webhook-id"), body.getString("id"));
    assertEquals("engine-service-manual.pdf", body.getJsonObject("data").getString("file_name"));
    // A receiver that verifies must refuse a body someone changed on the way.
    String tampered = r.body().replace("engine-service-manual.pdf", "invoice.pdf");
    assertThrows(WebhookVerificationException.class,
        () -> new Webhook(secret).verify(tampered, r.headers()));
  }

  @Test
  void aDeliverySignedWithARawSecretVerifiesWithSvixGivenWhsecAndTheBase64OfItsUtf8Bytes()
      throws Exception {
    String raw = "marina-bay-listing-feed-2026-secret-ÆØÅ";
    createWebhook("/raw", raw);
    service.uploadDocument("doc-2", "org-1", "boat-42", "Survey 2026", "survey.pdf");

    Received r = receiver.await(x -> x.path().equals("/raw"), 1, WAIT).get(0);
    byte[] utf8 = raw.getBytes(StandardCharsets.UTF_8);
    String asWhsec = "whsec_" + Base64.getEncoder().encodeToString(utf8);
    assertDoesNotThrow(() -> new Webhook(asWhsec).verify(r.body(), r.headers()));
    assertDoesNotThrow(() -> new Webhook(utf8).verify(r.body(), r.headers()));
    // Handing the raw string to the library as it is fails: the library reads it as base64.
    assertThrows(Exception.class, () -> new Webhook(raw).verify(r.body(), r.headers()));
    // The legacy header: hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes.
    assertEquals("sha256=" + hexHmac(utf8, r.body()), r.header("X-NaviDocs-Signature"));
  }

  @Test
  void duringARotationBothSecretsVerifyWithSvixAndTheLegacyHeaderUsesTheNewOne()
      throws Exception {
    JsonObject created = createWebhook("/rotating", null);
    String oldSecret = created.getString("secret");
    Answer rotated = service.call("POST", "/api/webhooks/" + created.getString("id")
        + "/rotate-secret", new JsonObject().put("grace_period_seconds", 3600));
    assertEquals(200, rotated.status(), rotated.body());
    String newSecret = rotated.json().getJsonObject("webhook").getString("secret");
    service.uploadDocument("doc-3", "org-1", "boat-42", "Registration", "registration.pdf");

    Received r = receiver.await(x -> x.path().equals("/rotating"), 1, WAIT).get(0);
    String[] entries = r.header("webhook-signature").split(" ");
    assertEquals(2, entries.length, "one v1 entry per live secret");
    assertDoesNotThrow(() -> new Webhook(newSecret).verify(r.body(), r.headers()));
    assertDoesNotThrow(() -> new Webhook(oldSecret).verify(r.body(), r.headers()));
    // The newest first: a receiver that has already switched matches the first entry alone.
    Map<String, List<String>> firstOnly = new java.util.HashMap<>(r.headers());
    firstOnly.put("webhook-signature", List.of(entries[0]));
    assertDoesNotThrow(() -> new Webhook(newSecret).verify(r.body(), firstOnly));
    String unrelated = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    assertThrows(WebhookVerificationException.class,
        () -> new Webhook(unrelated).verify(r.body(), r.headers()));
    assertEquals("sha256=" + hexHmac(newSecret.getBytes(StandardCharsets.UTF_8), r.body()),
        r.header("X-NaviDocs-Signature"));
  }

  @Test
  void aRetryCarriesTheSameWebhookIdAndAFreshSignatureThatStillVerifies() throws Exception {
    String secret = createWebhook("/flaky", null).getString("secret");
    receiver.answer("/flaky", 503);
    service.uploadDocument("doc-4", "org-1", "boat-42", "Insurance", "insurance.pdf");
    Received first = receiver.await(x -> x.path().equals("/flaky"), 1, WAIT).get(0);
    receiver.answer("/flaky", 200);

    // The first retry comes about 5 s later by the default schedule.
    Received second = receiver.await(x -> x.path().equals("/flaky"), 2, WAIT).get(1);
    assertEquals(first.header("webhook-id"), second.header("webhook-id"));
    assertEquals(first.body(), second.body());
    assertDoesNotThrow(() -> new Webhook(secret).verify(second.body(), second.headers()));
  }

  private JsonObject createWebhook(String path, String secret) throws Exception {
    JsonObject body = new JsonObject().put("organization_id", "org-1")
        .put("url", receiver.base() + path).put("topics", new JsonArray().add("DOCUMENT_*"));
    if (secret != null) {
      body.put("secret", secret);
    }
    Answer a = service.call("POST", "/api/webhooks", body);
    assertEquals(201, a.status(), a.body());
    return a.json().getJsonObject("webhook");
  }

  private static String hexHmac(byte[] key, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
