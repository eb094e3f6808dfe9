package io.navidocs.webhooks.retry;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The delays between delivery attempts (SPEC §5), as pure functions of the attempt count, the
 * clock reading and a jitter draw supplied by the caller, so the schedule is tested without
 * waiting and without randomness.
 *
 * <ul>
 *   <li>{@code exponential}: the delay after attempt n is {@code min(initial × 4^(n-1), max)},
 *       then scaled by a factor in [0.8, 1.2) drawn from the jitter unit (±20 %), then clamped
 *       to max again so the configured maximum is never exceeded. With the defaults: 5 s, 20 s,
 *       80 s, 5.3 min, 21 min, 85 min, 5.7 h; 8 attempts over about 7.6 h.
 *   <li>{@code linear}: {@code min(interval × n, max)}: 5, 10, … 35 min with the defaults. Not
 *       jittered: SPEC lists exact values, and an operator who picks linear wants a
 *       predictable rhythm. Bursts after an outage are spread anyway, since an endpoint in
 *       backoff gets one probe at a time ({@link #endpointBackoff}).
 *   <li>{@code none}: one attempt.
 * </ul>
 *
 * <p>A jitter unit is a number in [0, 1), for example {@code ThreadLocalRandom.nextDouble()};
 * 0.5 means no jitter.
 */
public final class RetrySchedule {

  /** Default delay after the first attempt, {@code NAVIDOCS_RETRY_INITIAL_DELAY_MS}. */
  public static final long DEFAULT_INITIAL_DELAY_MS = 5_000;
  /** Default step of the linear policy, {@code NAVIDOCS_RETRY_LINEAR_INTERVAL_MS} (5 min). */
  public static final long DEFAULT_LINEAR_INTERVAL_MS = 300_000;
  /** Default longest delay, {@code NAVIDOCS_RETRY_MAX_DELAY_MS} (10 h). */
  public static final long DEFAULT_MAX_DELAY_MS = 36_000_000;
  /** Default attempts per delivery including the first, {@code NAVIDOCS_RETRY_MAX_ATTEMPTS}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** Growth factor of the exponential policy (SPEC §5: 4^(n-1)). */
  static final long EXPONENTIAL_BASE = 4;
  /** Half-width of the exponential jitter as a fraction of the delay (SPEC §5: ±20 %). */
  static final double JITTER_FRACTION = 0.2;

  private final long initialDelayMs;
  private final long linearIntervalMs;
  private final long maxDelayMs;
  private final int maxAttempts;

  /**
   * A schedule from the four {@code NAVIDOCS_RETRY_*} settings.
   *
   * @throws IllegalArgumentException when a delay is not positive, when the maximum is below the
   *     initial delay or the linear interval (that would clamp them silently), or when fewer
   *     than one attempt is allowed
   */
  public RetrySchedule(long initialDelayMs, long linearIntervalMs, long maxDelayMs,
      int maxAttempts) {
    requirePositive("initial delay", initialDelayMs);
    requirePositive("linear interval", linearIntervalMs);
    requirePositive("maximum delay", maxDelayMs);
    if (maxDelayMs < initialDelayMs || maxDelayMs < linearIntervalMs) {
      throw new IllegalArgumentException("maximum retry delay (" + maxDelayMs
          + " ms) must not be below the initial delay (" + initialDelayMs
          + " ms) or the linear interval (" + linearIntervalMs + " ms)");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
    }
    this.initialDelayMs = initialDelayMs;
    this.linearIntervalMs = linearIntervalMs;
    this.maxDelayMs = maxDelayMs;
    this.maxAttempts = maxAttempts;
  }

  /** The schedule with every setting at its default. */
  public static RetrySchedule defaults() {
    return new RetrySchedule(DEFAULT_INITIAL_DELAY_MS, DEFAULT_LINEAR_INTERVAL_MS,
        DEFAULT_MAX_DELAY_MS, DEFAULT_MAX_ATTEMPTS);
  }

  /** Attempts per delivery, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The longest delay this schedule ever gives. */
  public Duration maxDelay() {
    return Duration.ofMillis(maxDelayMs);
  }

  /**
   * The wait before the next attempt of a delivery that has made {@code attemptsMade} failed
   * attempts, or empty when it gets no further attempt (after 1 for {@code none}, after
   * {@link #maxAttempts()} otherwise) and is therefore {@code failed}.
   *
   * @param attemptsMade attempts made so far, at least 1
   * @param jitterUnit a draw in [0, 1); 0.5 means no jitter; ignored by linear
   */
  public Optional<Duration> delayAfterAttempt(RetryPolicy policy, int attemptsMade,
      double jitterUnit) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attempts made must be at least 1, got "
          + attemptsMade);
    }
    requireJitterUnit(jitterUnit);
    if (policy == RetryPolicy.NONE || attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    return Optional.of(delay(policy, attemptsMade, jitterUnit));
  }

  /**
   * How long after its last failure an endpoint in backoff may receive its next probe (SPEC §5,
   * endpoint health): the policy's delay for {@code consecutiveFailures} attempts, the
   * exponential one for {@code none}, and zero when there are no failures. Unlike
   * {@link #delayAfterAttempt} it has no last attempt: failures counted across many deliveries
   * may exceed {@link #maxAttempts()}, and the delay then stays at the maximum.
   */
  public Duration endpointBackoff(RetryPolicy policy, int consecutiveFailures,
      double jitterUnit) {
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutive failures must not be negative, got "
          + consecutiveFailures);
    }
    requireJitterUnit(jitterUnit);
    if (consecutiveFailures == 0) {
      return Duration.ZERO;
    }
    return delay(policy == RetryPolicy.NONE ? RetryPolicy.EXPONENTIAL : policy,
        consecutiveFailures, jitterUnit);
  }

  /**
   * The delay to use when the receiver sent {@code Retry-After} (RFC 9110 §10.2.3) with a 429
   * or 503: its value, as delta-seconds or an HTTP-date relative to {@code now}, clamped to
   * [0, {@link #maxDelay()}]. A shorter value than {@code scheduled} is honoured as well: the
   * receiver knows when it will be back, and each attempt still counts against
   * {@link #maxAttempts()}. A missing or unparseable header yields {@code scheduled}. Whether
   * the status code warrants honouring the header is the caller's decision.
   */
  public Duration honourRetryAfter(String headerValue, Instant now, Duration scheduled) {
    if (headerValue == null) {
      return scheduled;
    }
    String value = headerValue.trim();
    Optional<Duration> wanted = value.chars().allMatch(c -> c >= '0' && c <= '9')
        ? deltaSeconds(value)
        : httpDate(value, now).map(at -> Duration.between(now, at));
    return wanted.map(this::clamp).orElse(scheduled);
  }

  private Duration delay(RetryPolicy policy, int n, double jitterUnit) {
    if (policy == RetryPolicy.LINEAR) {
      // interval × n, saturating at the maximum instead of overflowing.
      return Duration.ofMillis(n > maxDelayMs / linearIntervalMs ? maxDelayMs
          : Math.min(linearIntervalMs * n, maxDelayMs));
    }
    long base = initialDelayMs;
    for (int i = 1; i < n && base < maxDelayMs; i++) {
      base = base > maxDelayMs / EXPONENTIAL_BASE ? maxDelayMs : base * EXPONENTIAL_BASE;
    }
    base = Math.min(base, maxDelayMs);
    double factor = 1 - JITTER_FRACTION + 2 * JITTER_FRACTION * jitterUnit;
    return Duration.ofMillis(Math.min(Math.round(base * factor), maxDelayMs));
  }

  private Duration clamp(Duration wanted) {
    if (wanted.isNegative()) {
      return Duration.ZERO;
    }
    return wanted.compareTo(maxDelay()) > 0 ? maxDelay() : wanted;
  }

  private Optional<Duration> deltaSeconds(String digits) {
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    // More than 18 digits cannot be a long; it is "very long", which clamps to the maximum.
    if (digits.length() > 18) {
      return Optional.of(maxDelay());
    }
    long seconds = Long.parseLong(digits);
    return Optional.of(seconds > maxDelayMs / 1000 ? maxDelay() : Duration.ofSeconds(seconds));
  }

  /**
   * An HTTP-date in any of the three forms RFC 9110 §5.6.7 obliges recipients to accept:
   * IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850 form
   * {@code Sunday, 06-Nov-94 08:49:37 GMT} (a two-digit year more than 50 years ahead of
   * {@code now} is read as the past century) and asctime {@code Sun Nov  6 08:49:37 1994}.
   */
  private static Optional<Instant> httpDate(String value, Instant now) {
    LocalDate base = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(49);
    List<DateTimeFormatter> formats = List.of(
        DateTimeFormatter.RFC_1123_DATE_TIME,
        new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, base)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC),
        DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US)
            .withZone(ZoneOffset.UTC));
    for (DateTimeFormatter format : formats) {
      try {
        return Optional.of(ZonedDateTime.parse(value, format).toInstant());
      } catch (DateTimeException notThisForm) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  private static void requirePositive(String what, long ms) {
    if (ms <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + ms + " ms");
    }
  }

  private static void requireJitterUnit(double jitterUnit) {
    if (!(jitterUnit >= 0 && jitterUnit < 1)) {
      throw new IllegalArgumentException("jitter unit must be in [0, 1), got " + jitterUnit);
    }
  }

  @Override
  public String toString() {
    return "RetrySchedule[initialDelayMs=" + initialDelayMs + ", linearIntervalMs="
        + linearIntervalMs + ", maxDelayMs=" + maxDelayMs + ", maxAttempts=" + maxAttempts + "]";
  }
}
