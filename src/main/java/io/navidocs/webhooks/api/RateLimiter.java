package io.navidocs.webhooks.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} requests per token in each clock minute (a fixed window keyed by
 * the token's hash, kept in memory: each instance limits on its own). Windows of past minutes
 * are dropped as new ones open, so memory stays bounded by the tokens active this minute.
 */
final class RateLimiter {
  private record Window(long minute, int count) {}

  private final Clock clock;
  private final int perMinute;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long lastSweepMinute;

  RateLimiter(Clock clock, int perMinute) {
    this.clock = clock;
    this.perMinute = perMinute;
  }

  int perMinute() {
    return perMinute;
  }

  /**
   * Counts one request for {@code key}.
   *
   * @return 0 when allowed, otherwise the seconds until the next window opens (at least 1)
   */
  long acquire(String key) {
    long nowMs = clock.millis();
    long minute = Math.floorDiv(nowMs, 60_000L);
    if (minute != lastSweepMinute) {
      lastSweepMinute = minute;
      windows.values().removeIf(w -> w.minute() < minute);
    }
    Window w = windows.compute(key, (k, old) -> old == null || old.minute() != minute
        ? new Window(minute, 1) : new Window(minute, old.count() + 1));
    if (w.count() <= perMinute) {
      return 0;
    }
    long untilNext = (minute + 1) * 60_000L - nowMs;
    return Math.max(1, (untilNext + 999) / 1000);
  }
}
