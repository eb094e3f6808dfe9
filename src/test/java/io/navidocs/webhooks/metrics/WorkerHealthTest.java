package io.navidocs.webhooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final Heartbeat heartbeat = new Heartbeat(clock);

  private WorkerHealth at(boolean enabled, Duration poll) {
    return WorkerHealth.evaluate(Optional.of(heartbeat), enabled, poll, clock.instant());
  }

  @Test
  void stallThresholdIsThreePollsButNeverUnderThirtySeconds() {
    assertEquals(Duration.ofSeconds(30), WorkerHealth.stallAfter(Duration.ofMillis(250)));
    assertEquals(Duration.ofSeconds(30), WorkerHealth.stallAfter(Duration.ofSeconds(10)));
    assertEquals(Duration.ofSeconds(60), WorkerHealth.stallAfter(Duration.ofSeconds(20)));
  }

  @Test
  void aLoopThatBeatsWithinTheThresholdIsRunning() {
    clock.advance(Duration.ofSeconds(30));
    assertEquals(WorkerHealth.State.RUNNING, at(true, Duration.ofMillis(250)).state());
  }

  @Test
  void aLoopSilentForLongerThanThirtySecondsIsStalledAndUnhealthy() {
    clock.advance(Duration.ofSeconds(31));
    WorkerHealth h = at(true, Duration.ofMillis(250));
    assertEquals(WorkerHealth.State.STALLED, h.state());
    assertTrue(h.unhealthy());
    assertEquals(31.0, h.secondsSinceBeat(clock.instant()));
  }

  @Test
  void aBeatAfterAStallMakesTheLoopRunningAgain() {
    clock.advance(Duration.ofMinutes(5));
    heartbeat.beat();
    clock.advance(Duration.ofSeconds(1));
    assertEquals(WorkerHealth.State.RUNNING, at(true, Duration.ofMillis(250)).state());
  }

  @Test
  void aSlowPollIntervalWaitsThreeIntervalsBeforeCallingTheLoopStalled() {
    clock.advance(Duration.ofSeconds(59));
    assertEquals(WorkerHealth.State.RUNNING, at(true, Duration.ofSeconds(20)).state());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(WorkerHealth.State.STALLED, at(true, Duration.ofSeconds(20)).state());
  }

  @Test
  void disabledWebhooksArePausedNotStalledHoweverLongTheSilence() {
    clock.advance(Duration.ofHours(3));
    WorkerHealth h = at(false, Duration.ofMillis(250));
    assertEquals(WorkerHealth.State.PAUSED, h.state());
    assertFalse(h.unhealthy());
  }

  @Test
  void withoutARegisteredHeartbeatTheWorkerIsAbsentNotStalled() {
    WorkerHealth h = WorkerHealth.evaluate(Optional.empty(), true, Duration.ofMillis(250),
        clock.instant());
    assertEquals(WorkerHealth.State.ABSENT, h.state());
    assertFalse(h.unhealthy());
    assertEquals(-1.0, h.secondsSinceBeat(clock.instant()));
  }
}
