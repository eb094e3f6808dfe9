package io.navidocs.webhooks.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our signatures, checked by the Svix Java library, a Standard Webhooks verifier we did not
 * write. Svix refuses timestamps more than five minutes from its own clock, so these tests sign
 * at the current time; nothing waits.
 */
class SvixInteropTest {

  private static final String BODY = "{\"id\":\"evt_01J\",\"event_type\":\"WARRANTY_EXPIRING\","
      + "\"organization_id\":\"org-1\",\"timestamp\":\"2026-11-24T10:00:00.123Z\","
      + "\"data\":{\"boat_name\":\"Seestern – Ærø\",\"days_until_expiration\":30}}";

  private final SecureRandom random = new SecureRandom();

  private static Map<String, List<String>> headersOf(Signer.Signatures signed) {
    return Map.of(
        "webhook-id", List.of(signed.webhookId()),
        "webhook-timestamp", List.of(Long.toString(signed.timestamp())),
        "webhook-signature", List.of(signed.webhookSignature()));
  }

  private static Signer.Signatures signNow(WebhookSecret... secrets) {
    return Signer.sign("evt_01J", Instant.now().getEpochSecond(), BODY, List.of(secrets));
  }

  /** What Svix must be given for a secret: it base64-decodes whatever follows whsec_. */
  private static String svixFormOf(WebhookSecret secret) {
    return secret.isStandard() ? secret.value()
        : "whsec_" + Base64.getEncoder().encodeToString(
            secret.value().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void svixVerifiesADeliverySignedWithAGeneratedSecret() throws Exception {
    WebhookSecret secret = WebhookSecret.generate(random);

    new Webhook(secret.value()).verify(BODY, headersOf(signNow(secret)));
  }

  @Test
  void svixVerifiesADeliverySignedWithARawSecretGivenAsBase64OfItsBytes() throws Exception {
    WebhookSecret secret = WebhookSecret.of(WebhookSecretTest.SEED_SECRET);

    new Webhook(svixFormOf(secret)).verify(BODY, headersOf(signNow(secret)));
  }

  @Test
  void duringARotationEachLiveSecretAloneVerifies() throws Exception {
    WebhookSecret newest = WebhookSecret.generate(random);
    WebhookSecret previous = WebhookSecret.of(WebhookSecretTest.SEED_SECRET);
    Signer.Signatures signed = signNow(newest, previous);

    new Webhook(svixFormOf(newest)).verify(BODY, headersOf(signed));
    new Webhook(svixFormOf(previous)).verify(BODY, headersOf(signed));
  }

  @Test
  void svixRefusesASecretThatIsNotLive() {
    Signer.Signatures signed = signNow(WebhookSecret.generate(random));
    String other = WebhookSecret.generate(random).value();

    assertThrows(WebhookVerificationException.class,
        () -> new Webhook(other).verify(BODY, headersOf(signed)));
  }

  @Test
  void svixRefusesATamperedBody() {
    WebhookSecret secret = WebhookSecret.generate(random);
    Signer.Signatures signed = signNow(secret);

    assertThrows(WebhookVerificationException.class,
        () -> new Webhook(secret.value()).verify(BODY.replace("30", "31"), headersOf(signed)));
  }

  @Test
  void svixAndWeComputeTheSameSignatureForTheSameInputs() throws Exception {
    WebhookSecret secret = WebhookSecret.generate(random);
    long timestamp = 1_700_000_000L;

    assertEquals(new Webhook(secret.value()).sign("evt_01J", timestamp, BODY),
        Signer.sign("evt_01J", timestamp, BODY, List.of(secret)).webhookSignature());
  }
}
