package io.navidocs.webhooks.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretTest {

  /** The seed's example secret (testing checklist of 20251113_003_add_webhooks.sql). */
  static final String SEED_SECRET = "super-secret-key-32-chars-minimum1234567890";

  @Test
  void aGeneratedSecretIsTheWhsecPrefixAndBase64OfThirtyTwoRandomBytes() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());

    assertTrue(secret.value().startsWith("whsec_"));
    byte[] key = Base64.getDecoder().decode(secret.value().substring("whsec_".length()));
    assertEquals(32, key.length);
    assertArrayEquals(key, secret.hmacKey());
    assertTrue(secret.isStandard());
    assertEquals(Optional.empty(), WebhookSecret.validate(secret.value()));
  }

  @Test
  void generatedSecretsDiffer() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      assertTrue(seen.add(WebhookSecret.generate(random).value()));
    }
  }

  @Test
  void generationDrawsItsBytesFromTheGivenRandomSource() throws Exception {
    SecureRandom fixed = SecureRandom.getInstance("SHA1PRNG");
    fixed.setSeed(42L);
    SecureRandom same = SecureRandom.getInstance("SHA1PRNG");
    same.setSeed(42L);

    assertEquals(WebhookSecret.generate(fixed).value(), WebhookSecret.generate(same).value());
  }

  @Test
  void aWhsecSecretSignsWithItsDecodedBytes() {
    WebhookSecret secret = WebhookSecret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    assertArrayEquals(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        secret.hmacKey());
  }

  @Test
  void anyOtherSecretSignsWithItsUtf8Bytes() {
    WebhookSecret secret = WebhookSecret.of(SEED_SECRET);

    assertFalse(secret.isStandard());
    assertArrayEquals(SEED_SECRET.getBytes(StandardCharsets.UTF_8), secret.hmacKey());
  }

  @Test
  void aNonAsciiRawSecretIsEncodedAsUtf8() {
    String raw = "ankerplatz-geheimnis-ßüö-0123456789";
    assertArrayEquals(raw.getBytes(StandardCharsets.UTF_8), WebhookSecret.of(raw).hmacKey());
  }

  @Test
  void thePrefixIsCaseSensitiveSoAnUpperCaseOneIsARawSecret() {
    WebhookSecret secret = WebhookSecret.of("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    assertFalse(secret.isStandard());
    assertArrayEquals(secret.value().getBytes(StandardCharsets.UTF_8), secret.hmacKey());
  }

  @Test
  void hmacKeyReturnsACopyEachTime() {
    WebhookSecret secret = WebhookSecret.of(SEED_SECRET);
    secret.hmacKey()[0] ^= 1;

    assertArrayEquals(SEED_SECRET.getBytes(StandardCharsets.UTF_8), secret.hmacKey());
  }

  @ParameterizedTest(name = "[{index}] length {0}")
  @CsvSource({
      "0,  secret must be at least 32 characters long (got 0)",
      "31, secret must be at least 32 characters long (got 31)",
      "1025, secret must be at most 1024 characters long (got 1025)",
  })
  void aSecretOfTheWrongLengthIsRefused(int length, String message) {
    assertEquals(Optional.of(message), WebhookSecret.validate("k".repeat(length)));
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 33, 64, 1024})
  void aRawSecretOfThirtyTwoToOneThousandTwentyFourCharactersIsAccepted(int length) {
    assertEquals(Optional.empty(), WebhookSecret.validate("k".repeat(length)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "whsec_not*base64!not*base64!not*base64",
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",     // unpadded (java.util would accept it)
      "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAB==",        // bits set beyond the last byte
      "whsec_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_",    // URL-safe alphabet
      "whsec_MfKQ9r8GKYqrTwjUPD8I LPZIo2LaLaSw",  // a space inside
  })
  void aWhsecSecretThatIsNotStandardBase64IsRefused(String value) {
    assertEquals(Optional.of("secret starting with whsec_ must continue with standard padded base64"
        + " (A-Z, a-z, 0-9, +, /, = padding)"), WebhookSecret.validate(value));
  }

  @Test
  void nullIsNotASecret() {
    assertEquals(Optional.of("secret must be a string"), WebhookSecret.validate(null));
  }

  @Test
  void ofRefusesAnInvalidSecretWithoutRepeatingIt() {
    String leaked = "short-but-secret";

    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.of(leaked));

    assertFalse(thrown.getMessage().contains(leaked));
    assertEquals("secret must be at least 32 characters long (got 16)", thrown.getMessage());
  }

  @Test
  void noValidationMessageEverContainsTheSecret() {
    String[] candidates = {"whsec_" + "s3cr3t!".repeat(6), "q".repeat(2000), "tiny-secret"};
    for (String candidate : candidates) {
      String message = WebhookSecret.validate(candidate).orElseThrow();
      String body = candidate.replace("whsec_", "");
      assertFalse(message.contains(body.substring(0, 8)), message);
    }
  }

  @Test
  void toStringPrintsStarsOnly() {
    WebhookSecret secret = WebhookSecret.of(SEED_SECRET);

    assertEquals("***", secret.toString());
    assertEquals("***", String.valueOf(WebhookSecret.generate(new SecureRandom())));
    assertFalse(("secret=" + secret).contains("super"));
  }

  @Test
  void secretsAreEqualByValue() {
    assertEquals(WebhookSecret.of(SEED_SECRET), WebhookSecret.of(SEED_SECRET));
    assertEquals(WebhookSecret.of(SEED_SECRET).hashCode(),
        WebhookSecret.of(SEED_SECRET).hashCode());
    assertNotEquals(WebhookSecret.of(SEED_SECRET), WebhookSecret.of(SEED_SECRET + "x"));
  }
}
