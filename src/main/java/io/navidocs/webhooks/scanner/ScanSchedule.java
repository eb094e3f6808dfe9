package io.navidocs.webhooks.scanner;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** When the next daily run is due: the next occurrence of a UTC time of day. Pure. */
public final class ScanSchedule {
  private ScanSchedule() {}

  /** The first instant strictly after {@code now} whose UTC time of day is {@code dailyAt}. */
  public static Instant next(Instant now, LocalTime dailyAt) {
    ZonedDateTime today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(dailyAt)
        .atZone(ZoneOffset.UTC);
    Instant candidate = today.toInstant();
    return candidate.isAfter(now) ? candidate : today.plusDays(1).toInstant();
  }

  /** How long from {@code now} until {@link #next}. */
  public static Duration delayUntilNext(Instant now, LocalTime dailyAt) {
    return Duration.between(now, next(now, dailyAt));
  }
}
