package io.navidocs.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook's signing secret (the seed's {@code webhooks.secret}, SPEC §4).
 *
 * <p>Two forms are accepted. A Standard Webhooks secret {@code whsec_<base64>} signs with the
 * base64-decoded bytes, which is what the official Standard Webhooks and Svix libraries do with
 * it, so receivers can verify with those libraries unchanged. Any other string of at least
 * {@value #MIN_LENGTH} characters (the seed's rule) signs with its UTF-8 bytes, so secrets
 * created by the NaviDocs app before this service keep working.
 *
 * <p>The value never leaks by accident: {@link #toString()} prints {@code ***} and no message
 * produced here contains it. Only {@link #value()} reveals it, for storage and for the create
 * and rotate responses.
 */
public final class WebhookSecret {

  /** The Standard Webhooks prefix of a secret whose remainder is base64. */
  public static final String PREFIX = "whsec_";

  /** Shortest secret accepted, counting the prefix (seed: "min 32 chars"). */
  public static final int MIN_LENGTH = 32;

  /**
   * Longest secret accepted. Not in the seed: a bound so a client cannot store megabytes as a
   * "secret"; 1,024 characters is far beyond any real key.
   */
  public static final int MAX_LENGTH = 1024;

  /** Random bytes in a generated secret (SPEC §4: 32). */
  public static final int GENERATED_BYTES = 32;

  private final String value;
  // Derived from value alone (so cached by value, never by webhook): the HMAC keys, built on
  // first use. A benign race may build one twice; SecretKeySpec is immutable.
  private SecretKeySpec hmacKeySpec;
  private SecretKeySpec utf8KeySpec;

  private WebhookSecret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret after checking it.
   *
   * @throws IllegalArgumentException with the {@link #validate} message (never the secret)
   */
  public static WebhookSecret of(String value) {
    Optional<String> problem = validate(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return new WebhookSecret(value);
  }

  /** A fresh {@code whsec_} secret: the prefix and base64 of 32 bytes from {@code random}. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] bytes = new byte[GENERATED_BYTES];
    random.nextBytes(bytes);
    return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * Why {@code value} cannot be a secret, or empty when it can. Messages describe the rule and
   * the length, never the value.
   */
  public static Optional<String> validate(String value) {
    if (value == null) {
      return Optional.of("secret must be a string");
    }
    if (value.length() < MIN_LENGTH) {
      return Optional.of("secret must be at least " + MIN_LENGTH + " characters long (got "
          + value.length() + ")");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of("secret must be at most " + MAX_LENGTH + " characters long (got "
          + value.length() + ")");
    }
    if (value.startsWith(PREFIX) && !isCanonicalBase64(value.substring(PREFIX.length()))) {
      return Optional.of("secret starting with " + PREFIX
          + " must continue with standard padded base64 (A-Z, a-z, 0-9, +, /, = padding)");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code text} is base64 exactly as {@code Base64.getEncoder()} writes it: the
   * standard alphabet with padding. java.util's decoder also takes unpadded input, but other
   * receivers' libraries (Python's, for one) refuse it, and a URL-safe secret would fail at
   * every receiver; so a secret must survive a decode/encode round trip unchanged. Never empty
   * here: the length rule leaves at least 26 characters after the prefix.
   */
  private static boolean isCanonicalBase64(String text) {
    try {
      return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text)).equals(text);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** Whether this is a Standard Webhooks {@code whsec_} secret. */
  public boolean isStandard() {
    return value.startsWith(PREFIX);
  }

  /**
   * The HMAC key for {@code webhook-signature}: the decoded bytes of a {@code whsec_} secret,
   * otherwise the UTF-8 bytes. A new array on every call.
   */
  public byte[] hmacKey() {
    return isStandard()
        ? Base64.getDecoder().decode(value.substring(PREFIX.length()))
        : value.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The key for {@code X-NaviDocs-Signature}: the whole secret as UTF-8 bytes, prefix included,
   * as the NaviDocs integration guides define it. A new array on every call.
   */
  public byte[] utf8Bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** {@link #hmacKey()} as an HmacSHA256 key, built once per secret. */
  SecretKeySpec hmacKeySpec() {
    SecretKeySpec k = hmacKeySpec;
    if (k == null) {
      k = new SecretKeySpec(hmacKey(), "HmacSHA256");
      hmacKeySpec = k;
    }
    return k;
  }

  /** {@link #utf8Bytes()} as an HmacSHA256 key, built once per secret. */
  SecretKeySpec utf8KeySpec() {
    SecretKeySpec k = utf8KeySpec;
    if (k == null) {
      k = new SecretKeySpec(utf8Bytes(), "HmacSHA256");
      utf8KeySpec = k;
    }
    return k;
  }

  /** The secret itself. Only for storage and the create/rotate responses; never log it. */
  public String value() {
    return value;
  }

  /** Compares in constant time, so equality checks do not leak the secret by timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSecret
        && MessageDigest.isEqual(utf8Bytes(), ((WebhookSecret) other).utf8Bytes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  /** Always {@code ***}. */
  @Override
  public String toString() {
    return "***";
  }
}
