package io.navidocs.webhooks.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {

  private static final double NO_JITTER = 0.5;

  private final RetrySchedule defaults = RetrySchedule.defaults();

  @Test
  void theDefaultsAreTheSpecsEnvironmentDefaults() {
    assertEquals(new RetrySchedule(5_000, 300_000, 36_000_000, 8).toString(),
        defaults.toString());
    assertEquals(8, defaults.maxAttempts());
    assertEquals(Duration.ofHours(10), defaults.maxDelay());
  }

  @ParameterizedTest(name = "after attempt {0}: {1} ms")
  @CsvSource({
      "1, 5000",        // 5 s
      "2, 20000",       // 20 s
      "3, 80000",       // 80 s
      "4, 320000",      // 5.3 min
      "5, 1280000",     // 21 min
      "6, 5120000",     // 85 min
      "7, 20480000",    // 5.7 h
  })
  void theDefaultExponentialScheduleIsTheOneTheSpecLists(int attemptsMade, long millis) {
    assertEquals(Optional.of(Duration.ofMillis(millis)),
        defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, attemptsMade, NO_JITTER));
  }

  @Test
  void eightDefaultAttemptsSpanAboutSevenPointSixHours() {
    Duration total = Duration.ZERO;
    int attempts = 1;
    Optional<Duration> next;
    while ((next = defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, attempts, NO_JITTER))
        .isPresent()) {
      total = total.plus(next.get());
      attempts++;
    }

    assertEquals(8, attempts);
    assertEquals(Duration.ofSeconds(27_305), total);
    assertEquals(7.6, total.toMinutes() / 60.0, 0.05);
  }

  @Test
  void afterTheLastAttemptThereIsNoFurtherDelay() {
    assertEquals(Optional.empty(), defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 8, 0.5));
    assertEquals(Optional.empty(), defaults.delayAfterAttempt(RetryPolicy.LINEAR, 8, 0.5));
    assertEquals(Optional.empty(), defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 50, 0.5));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 100})
  void policyNoneMakesOneAttemptOnly(int attemptsMade) {
    assertEquals(Optional.empty(),
        defaults.delayAfterAttempt(RetryPolicy.NONE, attemptsMade, NO_JITTER));
  }

  @ParameterizedTest(name = "after attempt {0}: {1} min")
  @CsvSource({"1, 5", "2, 10", "3, 15", "4, 20", "5, 25", "6, 30", "7, 35"})
  void theDefaultLinearScheduleRunsFromFiveToThirtyFiveMinutes(int attemptsMade, int minutes) {
    assertEquals(Optional.of(Duration.ofMinutes(minutes)),
        defaults.delayAfterAttempt(RetryPolicy.LINEAR, attemptsMade, NO_JITTER));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.25, 0.999999})
  void linearDelaysAreNotJittered(double jitterUnit) {
    assertEquals(Optional.of(Duration.ofMinutes(15)),
        defaults.delayAfterAttempt(RetryPolicy.LINEAR, 3, jitterUnit));
  }

  @ParameterizedTest(name = "jitter unit {0} scales 80 s to {1} ms")
  @CsvSource({
      "0.0,       64000",   // -20 %
      "0.25,      72000",   // -10 %
      "0.5,       80000",
      "0.75,      88000",   // +10 %
      "0.9999999, 95999.996",
  })
  void exponentialDelaysAreJitteredByUpToTwentyPercent(double jitterUnit, double millis) {
    Duration delay =
        defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 3, jitterUnit).orElseThrow();

    assertEquals(Math.round(millis), delay.toMillis());
  }

  @Test
  void jitterNeverLeavesTheTwentyPercentBand() {
    for (int attempt = 1; attempt < 8; attempt++) {
      long nominal = defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, attempt, NO_JITTER)
          .orElseThrow().toMillis();
      for (double u = 0; u < 1; u += 0.01) {
        long jittered = defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, attempt, u)
            .orElseThrow().toMillis();
        assertTrue(jittered >= nominal * 0.8 && jittered <= nominal * 1.2,
            attempt + " / " + u + ": " + jittered);
      }
    }
  }

  @Test
  void exponentialDelaysStopGrowingAtTheMaximum() {
    RetrySchedule schedule = new RetrySchedule(1_000, 1_000, 60_000, 100);

    assertEquals(Optional.of(Duration.ofSeconds(16)),
        schedule.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 3, NO_JITTER));
    assertEquals(Optional.of(Duration.ofMinutes(1)),
        schedule.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 4, NO_JITTER));
    assertEquals(Optional.of(Duration.ofMinutes(1)),
        schedule.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 99, NO_JITTER));
  }

  @Test
  void upwardJitterNeverExceedsTheMaximumButDownwardJitterStillSpreadsCappedDelays() {
    RetrySchedule schedule = new RetrySchedule(1_000, 1_000, 60_000, 100);

    assertEquals(Duration.ofMinutes(1),
        schedule.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 40, 0.99).orElseThrow());
    assertEquals(Duration.ofSeconds(48),
        schedule.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 40, 0.0).orElseThrow());
  }

  @Test
  void linearDelaysAreClampedToTheMaximumWithoutOverflow() {
    RetrySchedule schedule = new RetrySchedule(1_000, 600_000, 1_800_000, Integer.MAX_VALUE);

    assertEquals(Optional.of(Duration.ofMinutes(20)),
        schedule.delayAfterAttempt(RetryPolicy.LINEAR, 2, NO_JITTER));
    assertEquals(Optional.of(Duration.ofMinutes(30)),
        schedule.delayAfterAttempt(RetryPolicy.LINEAR, 4, NO_JITTER));
    assertEquals(Optional.of(Duration.ofMinutes(30)),
        schedule.delayAfterAttempt(RetryPolicy.LINEAR, Integer.MAX_VALUE - 1, NO_JITTER));
  }

  @Test
  void aSingleAttemptScheduleNeverRetries() {
    RetrySchedule once = new RetrySchedule(5_000, 300_000, 36_000_000, 1);

    assertEquals(Optional.empty(), once.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 1, 0.5));
    assertEquals(Optional.empty(), once.delayAfterAttempt(RetryPolicy.LINEAR, 1, 0.5));
  }

  @ParameterizedTest(name = "{0} consecutive failures: {1} ms")
  @CsvSource({
      "0, 0",
      "1, 5000",
      "2, 20000",
      "7, 20480000",
      "8, 36000000",     // 4^7 × 5 s exceeds 10 h: the maximum
      "1000, 36000000",  // no last attempt for an endpoint
  })
  void theEndpointBackoffFollowsTheExponentialDelayForEachFailureCount(int failures,
      long millis) {
    assertEquals(Duration.ofMillis(millis),
        defaults.endpointBackoff(RetryPolicy.EXPONENTIAL, failures, NO_JITTER));
  }

  @Test
  void anEndpointWithPolicyNoneBacksOffExponentially() {
    for (int failures = 0; failures < 12; failures++) {
      assertEquals(defaults.endpointBackoff(RetryPolicy.EXPONENTIAL, failures, 0.3),
          defaults.endpointBackoff(RetryPolicy.NONE, failures, 0.3));
    }
    assertEquals(Duration.ofSeconds(80), defaults.endpointBackoff(RetryPolicy.NONE, 3, 0.5));
  }

  @Test
  void anEndpointWithPolicyLinearBacksOffLinearly() {
    assertEquals(Duration.ZERO, defaults.endpointBackoff(RetryPolicy.LINEAR, 0, 0.5));
    assertEquals(Duration.ofMinutes(10), defaults.endpointBackoff(RetryPolicy.LINEAR, 2, 0.9));
    assertEquals(Duration.ofMinutes(60), defaults.endpointBackoff(RetryPolicy.LINEAR, 12, 0.5));
    assertEquals(Duration.ofHours(10), defaults.endpointBackoff(RetryPolicy.LINEAR, 500, 0.5));
  }

  @Test
  void theEndpointBackoffIsJitteredLikeTheExponentialSchedule() {
    assertEquals(Duration.ofSeconds(16), defaults.endpointBackoff(RetryPolicy.EXPONENTIAL, 2, 0));
    assertEquals(Duration.ofSeconds(22), defaults.endpointBackoff(RetryPolicy.NONE, 2, 0.75));
  }

  @ParameterizedTest
  @EnumSource(RetryPolicy.class)
  void anAttemptCountBelowOneIsRefused(RetryPolicy policy) {
    assertThrows(IllegalArgumentException.class,
        () -> defaults.delayAfterAttempt(policy, 0, NO_JITTER));
    assertThrows(IllegalArgumentException.class,
        () -> defaults.endpointBackoff(policy, -1, NO_JITTER));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void aJitterUnitOutsideZeroToOneIsRefused(double jitterUnit) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> defaults.delayAfterAttempt(RetryPolicy.EXPONENTIAL, 1, jitterUnit));
    assertTrue(thrown.getMessage().startsWith("jitter unit must be in [0, 1)"));
    assertThrows(IllegalArgumentException.class,
        () -> defaults.endpointBackoff(RetryPolicy.EXPONENTIAL, 1, jitterUnit));
  }

  @ParameterizedTest(name = "[{index}] {4}")
  @CsvSource(delimiter = '|', value = {
      "0     | 300000 | 36000000 | 8 | initial delay must be positive, got 0 ms",
      "5000  | -1     | 36000000 | 8 | linear interval must be positive, got -1 ms",
      "5000  | 300000 | 0        | 8 | maximum delay must be positive, got 0 ms",
      "5000  | 300000 | 4000     | 8 | maximum retry delay (4000 ms) must not be below the initial delay (5000 ms) or the linear interval (300000 ms)",
      "5000  | 300000 | 200000   | 8 | maximum retry delay (200000 ms) must not be below the initial delay (5000 ms) or the linear interval (300000 ms)",
      "5000  | 300000 | 36000000 | 0 | max attempts must be at least 1, got 0",
  })
  void anInconsistentScheduleIsRefusedRatherThanClamped(long initial, long interval, long max,
      int attempts, String message) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> new RetrySchedule(initial, interval, max, attempts));
    assertEquals(message, thrown.getMessage());
  }
}
