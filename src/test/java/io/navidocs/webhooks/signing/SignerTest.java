package io.navidocs.webhooks.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known-answer tests: values computed by implementations other than ours. */
class SignerTest {

  // The Standard Webhooks specification's published vector, as used by the reference libraries'
  // own tests (standard-webhooks/standard-webhooks, libraries/java WebhookTest
  // verifyWebhookSignWorks; the Svix libraries' testSignFunctionWorks).
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330L;
  static final String SPEC_PAYLOAD = "{\"test\": 2432232314}";
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void reproducesTheStandardWebhooksSpecificationTestVector() {
    String signature = Signer.standardSignature(WebhookSecret.of(SPEC_SECRET), SPEC_MSG_ID,
        SPEC_TIMESTAMP, SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8));

    assertEquals(SPEC_SIGNATURE, signature);
  }

  @Test
  void signaturesMadeOneAfterAnotherOnOneThreadWithDifferentSecretsStayTheirOwn() {
    // The signer reuses one Mac per thread; a signature must not depend on what it signed before.
    byte[] body = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    WebhookSecret raw = WebhookSecret.of(WebhookSecretTest.SEED_SECRET);
    WebhookSecret spec = WebhookSecret.of(SPEC_SECRET);

    Signer.naviDocsSignature(raw, body);
    Signer.standardSignature(raw, SPEC_MSG_ID, SPEC_TIMESTAMP, body);
    assertEquals(SPEC_SIGNATURE, Signer.standardSignature(spec, SPEC_MSG_ID, SPEC_TIMESTAMP, body));
    assertEquals("v1,RIHSeAi1R1q4RxzOHsZb8DPV/N634X9RiyFvpzeqFdg=",
        Signer.standardSignature(raw, SPEC_MSG_ID, SPEC_TIMESTAMP, body));
  }

  @Test
  void signingOnManyThreadsAtOnceGivesTheVectorsSignatureOnEach() throws Exception {
    byte[] body = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    WebhookSecret spec = WebhookSecret.of(SPEC_SECRET);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(() -> Signer.standardSignature(spec, SPEC_MSG_ID, SPEC_TIMESTAMP,
            body)));
      }
      for (java.util.concurrent.Future<String> r : results) {
        assertEquals(SPEC_SIGNATURE, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theWebhookSignatureHeaderOfOneSecretIsTheVectorsSignature() {
    Signer.Signatures signed = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD,
        List.of(WebhookSecret.of(SPEC_SECRET)));

    assertEquals(SPEC_SIGNATURE, signed.webhookSignature());
  }

  @Test
  void aRawSecretSignsWebhookSignatureWithItsUtf8Bytes() {
    // Expected value computed with Python's hmac module: base64(HMAC-SHA256(
    //   b"super-secret-key-32-chars-minimum1234567890",
    //   b"msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{\"test\": 2432232314}")).
    String signature = Signer.standardSignature(WebhookSecret.of(WebhookSecretTest.SEED_SECRET),
        SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8));

    assertEquals("v1,RIHSeAi1R1q4RxzOHsZb8DPV/N634X9RiyFvpzeqFdg=", signature);
  }

  @Test
  void theNaviDocsSignatureIsLowercaseHexHmacOfTheBodyWithTheSecretsUtf8Bytes() {
    // Expected values computed with `openssl dgst -sha256 -hmac <secret>` over the payload.
    byte[] body = SPEC_PAYLOAD.getBytes(StandardCharsets.UTF_8);

    assertEquals("sha256=f4222bf4339f19c8bd82334df9430fe7c61288abec23d7dfd79b8117577440f4",
        Signer.naviDocsSignature(WebhookSecret.of(WebhookSecretTest.SEED_SECRET), body));
    // A whsec_ secret is keyed with its whole text here, prefix included, not decoded.
    assertEquals("sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c",
        Signer.naviDocsSignature(WebhookSecret.of(SPEC_SECRET), body));
  }

  @Test
  void duringARotationWebhookSignatureCarriesOneEntryPerSecretNewestFirst() {
    WebhookSecret newest = WebhookSecret.of(WebhookSecretTest.SEED_SECRET);
    WebhookSecret previous = WebhookSecret.of(SPEC_SECRET);

    Signer.Signatures signed =
        Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, List.of(newest, previous));

    assertEquals("v1,RIHSeAi1R1q4RxzOHsZb8DPV/N634X9RiyFvpzeqFdg= " + SPEC_SIGNATURE,
        signed.webhookSignature());
  }

  @Test
  void duringARotationTheNaviDocsSignatureUsesTheNewestSecretOnly() {
    Signer.Signatures signed = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD,
        List.of(WebhookSecret.of(WebhookSecretTest.SEED_SECRET), WebhookSecret.of(SPEC_SECRET)));

    assertEquals("sha256=f4222bf4339f19c8bd82334df9430fe7c61288abec23d7dfd79b8117577440f4",
        signed.naviDocsSignature());
  }

  @Test
  void theSameSecretListedTwiceIsSignedOnce() {
    WebhookSecret secret = WebhookSecret.of(SPEC_SECRET);

    Signer.Signatures signed = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD,
        List.of(secret, WebhookSecret.of(SPEC_SECRET)));

    assertEquals(SPEC_SIGNATURE, signed.webhookSignature());
  }

  @Test
  void headersAreTheFourSignatureHeadersOfTheSpec() {
    Signer.Signatures signed = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD,
        List.of(WebhookSecret.of(SPEC_SECRET)));

    assertEquals(List.of("webhook-id", "webhook-timestamp", "webhook-signature",
        "X-NaviDocs-Signature"), List.copyOf(signed.headers().keySet()));
    assertEquals(Map.of(
        "webhook-id", SPEC_MSG_ID,
        "webhook-timestamp", "1614265330",
        "webhook-signature", SPEC_SIGNATURE,
        "X-NaviDocs-Signature",
        "sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c"),
        signed.headers());
  }

  @Test
  void aRetryWithANewTimestampGetsANewStandardSignatureButTheSameNaviDocsSignature() {
    List<WebhookSecret> secrets = List.of(WebhookSecret.of(SPEC_SECRET));

    Signer.Signatures first = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD, secrets);
    Signer.Signatures retry = Signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP + 5, SPEC_PAYLOAD, secrets);

    assertNotEquals(first.webhookSignature(), retry.webhookSignature());
    assertEquals(first.naviDocsSignature(), retry.naviDocsSignature());
    assertEquals(first.webhookId(), retry.webhookId());
  }

  @Test
  void theTextAndByteFormsOfTheBodySignAlike() {
    String body = "{\"boat_name\":\"Seestern – Ærø\"}";
    List<WebhookSecret> secrets = List.of(WebhookSecret.of(SPEC_SECRET));

    assertEquals(Signer.sign("evt_1", 1, body.getBytes(StandardCharsets.UTF_8), secrets),
        Signer.sign("evt_1", 1, body, secrets));
  }

  @Test
  void signingWithoutASecretIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Signer.sign("evt_1", 1, "{}", List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Signer.sign("evt_1", 1, "{}", null));
  }

  @Test
  void aBlankOrHeaderBreakingIdAndANegativeTimestampAreRefused() {
    List<WebhookSecret> secrets = List.of(WebhookSecret.of(SPEC_SECRET));

    assertThrows(IllegalArgumentException.class, () -> Signer.sign(" ", 1, "{}", secrets));
    assertThrows(IllegalArgumentException.class, () -> Signer.sign(null, 1, "{}", secrets));
    assertThrows(IllegalArgumentException.class,
        () -> Signer.sign("evt_1\r\nX-Evil: 1", 1, "{}", secrets));
    assertThrows(IllegalArgumentException.class, () -> Signer.sign("evt_1", -1, "{}", secrets));
  }

  @Test
  void noSignatureOrExceptionRevealsASecret() {
    WebhookSecret secret = WebhookSecret.of(WebhookSecretTest.SEED_SECRET);
    Signer.Signatures signed = Signer.sign("evt_1", 1, "{}", List.of(secret));

    assertTrue(!signed.toString().contains("super-secret"), signed.toString());
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> Signer.sign("evt 1", 1, "{}", List.of(secret)));
    assertTrue(!thrown.getMessage().contains("super-secret"), thrown.getMessage());
  }
}
