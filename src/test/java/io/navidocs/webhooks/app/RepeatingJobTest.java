package io.navidocs.webhooks.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RepeatingJobTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aFailedRunIsHandedToTheFailureHandlerAndTheJobKeepsRunning() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch third = new CountDownLatch(1);
    RepeatingJob job = new RepeatingJob(vertx, () -> {
      int n = runs.incrementAndGet();
      if (n == 3) {
        third.countDown();
      }
      if (n == 1) {
        throw new IllegalStateException("database is locked");
      }
      return 1;
    }, e -> {
      failures.add(e.getMessage());
      return 1;
    });
    job.start();
    assertTrue(third.await(10, TimeUnit.SECONDS), "the job ran again after its failed first run");
    job.stop().await();
    assertEquals(List.of("database is locked"), failures);
  }

  @Test
  void stopWaitsForTheRunInProgressAndNoRunStartsAfterIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    RepeatingJob job = new RepeatingJob(vertx, () -> {
      runs.incrementAndGet();
      started.countDown();
      assertTrue(release.await(10, TimeUnit.SECONDS));
      return 1;
    }, e -> 1);
    job.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    var stopped = job.stop();
    assertFalse(stopped.isComplete(), "stop completes only after the run in progress");
    release.countDown();
    stopped.await(10, TimeUnit.SECONDS);
    // One more event-loop turn: a timer set by the finished run would have fired by now.
    vertx.timer(20).await();
    assertEquals(1, runs.get());
  }
}
