package io.navidocs.webhooks.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Evaluates the worker's {@link WorkerHealth} on demand (health requests, metric scrapes) and logs
 * each change into or out of {@code stalled} once, not on every evaluation.
 */
public final class WorkerWatch {
  private final Supplier<Optional<Heartbeat>> heartbeat;
  private final boolean enabled;
  private final Duration pollInterval;
  private final Clock clock;
  private final AtomicReference<WorkerHealth.State> lastState = new AtomicReference<>();

  /**
   * @param heartbeat finds the worker's heartbeat (looked up each time: the worker may register
   *     after the routes start)
   * @param enabled the {@code ENABLE_WEBHOOKS} flag
   * @param pollInterval the worker's idle poll interval
   */
  public WorkerWatch(Supplier<Optional<Heartbeat>> heartbeat, boolean enabled,
      Duration pollInterval, Clock clock) {
    this.heartbeat = heartbeat;
    this.enabled = enabled;
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  /** The worker's health now. */
  public WorkerHealth health() {
    WorkerHealth h = WorkerHealth.evaluate(heartbeat.get(), enabled, pollInterval, clock.instant());
    WorkerHealth.State before = lastState.getAndSet(h.state());
    if (before != h.state()) {
      if (h.state() == WorkerHealth.State.STALLED) {
        StateChanges.workerStalled(h.secondsSinceBeat(clock.instant()));
      } else if (before == WorkerHealth.State.STALLED) {
        StateChanges.workerRecovered();
      }
    }
    return h;
  }

  public Clock clock() {
    return clock;
  }
}
