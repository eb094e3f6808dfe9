package io.navidocs.webhooks.retry;

import java.util.Locale;
import java.util.Optional;

/**
 * A webhook's {@code retry_policy} (the seed's column, {@code CHECK(retry_policy IN
 * ('exponential', 'linear', 'none'))}, default {@code exponential}). The delays themselves are
 * {@link RetrySchedule}'s.
 */
public enum RetryPolicy {
  /** Delay before attempt n+1 is {@code min(initial × 4^(n-1), max)} with ±20 % jitter. */
  EXPONENTIAL,
  /** Delay before attempt n+1 is {@code min(interval × n, max)}, without jitter. */
  LINEAR,
  /** One attempt only. */
  NONE;

  /** The seed's column default. */
  public static final RetryPolicy DEFAULT = EXPONENTIAL;

  /** The stored and API spelling: {@code exponential}, {@code linear} or {@code none}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The policy spelt exactly as the seed's CHECK constraint spells it (lower case). Other
   * spellings are refused rather than normalised, because the database would refuse them too.
   */
  public static Optional<RetryPolicy> parse(String wireName) {
    for (RetryPolicy policy : values()) {
      if (policy.wireName().equals(wireName)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }
}
