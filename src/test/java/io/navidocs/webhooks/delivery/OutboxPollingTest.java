package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.navidocs.webhooks.event.OutboxPoller;
import io.vertx.core.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox poller's pace: while events keep coming it looks again soon, when the outbox is
 * empty it waits the idle interval (here 30 s, far longer than any bound below).
 */
@Timeout(60)
class OutboxPollingTest {
  static final long IDLE_INTERVAL_MS = 30_000;

  @TempDir Path dir;
  EngineFixture f;
  OutboxPoller poller;
  /** The one context the poller runs on, as the engine's verticle would give it. */
  Context context;
  final List<Long> polls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dir);
    DeliveryStore store = f.store("poller-test");
    poller = new OutboxPoller(f.vertx, store, f.clock, 500, IDLE_INTERVAL_MS,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> { });
    poller.onIteration(() -> polls.add(System.nanoTime()));
    context = f.vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    context.runOnContext(v -> poller.stop());
    f.close();
  }

  @Test
  void aPollThatFoundEventsIsFollowedSoonNotAfterTheIdleInterval() throws Exception {
    context.runOnContext(v -> poller.start()); // first poll at once: nothing there yet
    await("the first poll", Duration.ofSeconds(10), () -> polls.size() == 1);
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    f.vertx.eventBus().publish(OutboxPoller.WAKE_ADDRESS, null); // polls now: finds the event

    await("the poll that found the event", Duration.ofSeconds(10), () -> polls.size() >= 2);
    await("the next poll, long before the 30 s idle interval", Duration.ofSeconds(5),
        () -> polls.size() >= 3);
    assertEquals("accepted", f.value("SELECT status FROM domain_events"));
    long gapMs = (polls.get(2) - polls.get(1)) / 1_000_000;
    assertTrue(gapMs < IDLE_INTERVAL_MS / 2, "gap " + gapMs + " ms");
  }
}
