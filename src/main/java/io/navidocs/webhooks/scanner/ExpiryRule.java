package io.navidocs.webhooks.scanner;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the warranty scanner does with one active warranty on one day (SPEC §4 and §8). Pure: no
 * I/O, no clock of its own.
 *
 * <ul>
 *   <li>Thresholds are 90, 30 and 14 days before {@code expiration_date}; each is alerted at
 *       most once per warranty and expiration date ({@code marked} remembers them).
 *   <li>Missed thresholds: one scan alerts only the smallest threshold already crossed; larger
 *       ones crossed at the same time count as done. First seen 29 days before: one alert for 30
 *       (29 days left), later one for 14.
 *   <li>{@code expiration_date} is the last covered day: the warranty expires the day after, when
 *       {@code days_until_expiration} becomes negative.
 * </ul>
 */
public final class ExpiryRule {
  /** Alert thresholds in days before expiration, largest first. */
  public static final List<Integer> THRESHOLDS = List.of(90, 30, 14);
  /** The mark recorded when the scanner expires a warranty. */
  public static final int EXPIRED_MARK = 0;

  private ExpiryRule() {}

  /** What to do. */
  public sealed interface Decision permits Alert, Expire {
    /** Days from today to the expiration date (negative once past it). */
    long daysUntilExpiration();
  }

  /**
   * Emit WARRANTY_EXPIRING for {@code threshold}; {@code alsoDone} are larger thresholds crossed
   * at the same time, recorded without an event.
   */
  public record Alert(int threshold, long daysUntilExpiration, List<Integer> alsoDone)
      implements Decision {}

  /** Set the warranty 'expired' and emit WARRANTY_EXPIRED. */
  public record Expire(long daysUntilExpiration) implements Decision {}

  /** Whole days from {@code today} to {@code expirationDate}. */
  public static long daysUntil(LocalDate today, LocalDate expirationDate) {
    return ChronoUnit.DAYS.between(today, expirationDate);
  }

  /**
   * The decision for an active warranty.
   *
   * @param marked thresholds already recorded for this warranty and expiration date (0 = expired)
   */
  public static Optional<Decision> decide(LocalDate today, LocalDate expirationDate,
      Set<Integer> marked) {
    long days = daysUntil(today, expirationDate);
    if (days < 0) {
      // Already expired by a scanner once for this date (the app made it active again): leave it.
      return marked.contains(EXPIRED_MARK) ? Optional.empty() : Optional.of(new Expire(days));
    }
    int smallest = -1;
    List<Integer> crossed = new ArrayList<>();
    for (int t : THRESHOLDS) {
      if (days <= t) {
        crossed.add(t);
        smallest = t;
      }
    }
    if (smallest < 0) {
      return Optional.empty();
    }
    for (int m : marked) {
      if (m != EXPIRED_MARK && m <= smallest) {
        return Optional.empty();
      }
    }
    List<Integer> alsoDone = new ArrayList<>();
    for (int t : crossed) {
      if (t != smallest && !marked.contains(t)) {
        alsoDone.add(t);
      }
    }
    return Optional.of(new Alert(smallest, days, List.copyOf(alsoDone)));
  }

  /**
   * The alert threshold a WARRANTY_EXPIRING event with this many days left belongs to (the
   * smallest threshold not below it), e.g. 29 → 30; empty when more than 90 days are left.
   */
  public static Optional<Integer> thresholdFor(long daysUntilExpiration) {
    Optional<Integer> out = Optional.empty();
    for (int t : THRESHOLDS) {
      if (daysUntilExpiration <= t) {
        out = Optional.of(t);
      }
    }
    return out;
  }
}
