package io.navidocs.webhooks.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RetrySchedule#honourRetryAfter}: RFC 9110 §10.2.3 Retry-After. */
class RetryAfterTest {

  // 1994-11-06T08:49:00Z, 37 s before the RFC's example date "Sun, 06 Nov 1994 08:49:37 GMT".
  private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");
  private static final Duration SCHEDULED = Duration.ofSeconds(80);

  private final RetrySchedule schedule = RetrySchedule.defaults();

  @ParameterizedTest(name = "Retry-After: {0} -> {1} s")
  @CsvSource({
      "0,       0",
      "1,       1",
      "120,     120",
      "' 30 ',  30",
      "36000,   36000",     // exactly the 10 h maximum
      "36001,   36000",
      "99999999999999999999999999, 36000",
  })
  void deltaSecondsAreHonouredUpToTheMaximum(String header, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), schedule.honourRetryAfter(header, NOW, SCHEDULED));
  }

  @ParameterizedTest(name = "Retry-After: {0}")
  @ValueSource(strings = {
      "Sun, 06 Nov 1994 08:49:37 GMT",    // IMF-fixdate
      "Sunday, 06-Nov-94 08:49:37 GMT",   // obsolete RFC 850 form
      "Sun Nov  6 08:49:37 1994",         // ANSI C asctime() form
  })
  void everyHttpDateFormIsHonoured(String header) {
    assertEquals(Duration.ofSeconds(37), schedule.honourRetryAfter(header, NOW, SCHEDULED));
  }

  @Test
  void aDateInThePastMeansRetryNow() {
    assertEquals(Duration.ZERO,
        schedule.honourRetryAfter("Sat, 05 Nov 1994 08:49:37 GMT", NOW, SCHEDULED));
  }

  @Test
  void aDateBeyondTheMaximumIsClampedToIt() {
    assertEquals(Duration.ofHours(10),
        schedule.honourRetryAfter("Sun, 06 Nov 2044 08:49:37 GMT", NOW, SCHEDULED));
  }

  @Test
  void aRetryAfterShorterThanTheScheduleIsHonoured() {
    assertEquals(Duration.ofSeconds(2),
        schedule.honourRetryAfter("2", NOW, Duration.ofHours(5)));
  }

  @Test
  void aTwoDigitYearMoreThanFiftyYearsAheadIsReadAsThePastCentury() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");

    // "77" would be 2077, more than 50 years ahead of 2026: RFC 9110 says 1977, in the past.
    assertEquals(Duration.ZERO,
        schedule.honourRetryAfter("Thursday, 24-Nov-77 10:00:00 GMT", now, SCHEDULED));
    // "26" is 2026: 90 s from now.
    assertEquals(Duration.ofSeconds(90),
        schedule.honourRetryAfter("Tuesday, 24-Nov-26 10:01:30 GMT", now, SCHEDULED));
  }

  @ParameterizedTest(name = "Retry-After: [{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "-5", "+5", "1.5", "5s", "soon", "0x10", "١٢٣",
      "Sun, 06 Nov 1994 08:49:37 CET",
      "2026-11-24T10:00:00Z",
      "Mon, 06 Nov 1994 08:49:37 GMT",    // 6 Nov 1994 was a Sunday
      "Sun, 31 Nov 1994 08:49:37 GMT",
  })
  void anInvalidHeaderKeepsTheScheduledDelay(String header) {
    assertEquals(SCHEDULED, schedule.honourRetryAfter(header, NOW, SCHEDULED));
  }
}
