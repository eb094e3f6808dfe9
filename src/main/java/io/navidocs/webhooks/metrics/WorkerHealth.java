package io.navidocs.webhooks.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code /api/health} says about the delivery worker, computed from its {@link Heartbeat}
 * and the time now (a pure function: tests pass the time).
 *
 * @param state the worker's state
 * @param lastBeat when the loop last beat (empty when no worker registered a heartbeat)
 * @param stallAfter how long without a beat counts as stalled
 */
public record WorkerHealth(State state, Optional<Instant> lastBeat, Duration stallAfter) {
  /** A stalled loop is one that missed at least this long, whatever the poll interval. */
  public static final Duration MIN_STALL_AFTER = Duration.ofSeconds(30);
  /** ... and at least this many poll intervals. */
  public static final int STALL_AFTER_POLLS = 3;

  /** The worker's state, as named in the health response. */
  public enum State {
    /** The loop beat recently. */
    RUNNING("running"),
    /** {@code ENABLE_WEBHOOKS=false}: delivery is paused on purpose; not a failure. */
    PAUSED("paused"),
    /** No beat for longer than {@link #stallAfter}: the service is unhealthy. */
    STALLED("stalled"),
    /** No worker registered a heartbeat in this process (no delivery component running). */
    ABSENT("absent");

    private final String label;

    State(String label) {
      this.label = label;
    }

    /** The name used in JSON and metric labels. */
    public String label() {
      return label;
    }
  }

  /** {@code max(3 × pollInterval, 30 s)}. */
  public static Duration stallAfter(Duration pollInterval) {
    Duration polls = pollInterval.multipliedBy(STALL_AFTER_POLLS);
    return polls.compareTo(MIN_STALL_AFTER) > 0 ? polls : MIN_STALL_AFTER;
  }

  /**
   * Evaluates the worker's health.
   *
   * @param heartbeat the registered heartbeat, if any
   * @param enabled the {@code ENABLE_WEBHOOKS} flag
   * @param pollInterval the worker's idle poll interval
   * @param now the current time
   */
  public static WorkerHealth evaluate(Optional<Heartbeat> heartbeat, boolean enabled,
      Duration pollInterval, Instant now) {
    Duration stallAfter = stallAfter(pollInterval);
    Optional<Instant> last = heartbeat.map(Heartbeat::lastBeat);
    State state;
    if (!enabled) {
      state = State.PAUSED;
    } else if (last.isEmpty()) {
      state = State.ABSENT;
    } else if (Duration.between(last.get(), now).compareTo(stallAfter) > 0) {
      state = State.STALLED;
    } else {
      state = State.RUNNING;
    }
    return new WorkerHealth(state, last, stallAfter);
  }

  /** Whether this state makes the service unhealthy (health answers 503). */
  public boolean unhealthy() {
    return state == State.STALLED;
  }

  /** Seconds since the last beat at {@code now}, or -1 when there is no heartbeat. */
  public double secondsSinceBeat(Instant now) {
    return lastBeat.map(b -> Duration.between(b, now).toMillis() / 1000.0).orElse(-1.0);
  }
}
