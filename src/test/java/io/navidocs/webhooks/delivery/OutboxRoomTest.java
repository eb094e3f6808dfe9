package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.metrics.PrometheusText;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite: an event the engine has no free in-flight slot for waits in the outbox, not as a
 * {@code pending} delivery, and goes out as soon as a slot frees, not at the next poll; the
 * backlog gauges count it meanwhile. The poll interval here is a minute, far beyond every bound.
 */
@Timeout(60)
class OutboxRoomTest {
  static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;
  EngineFixture f;
  Receiver receiver;
  /** Requests the receiver holds open until the test answers them. */
  final BlockingQueue<HttpServerRequest> held = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dir);
    receiver = new Receiver(f.vertx).on("/held", held::add);
    Settings s = EngineFixture.settings(d -> new Settings.Delivery(true, List.of("127.0.0.0/8"),
        1000, 20_000, 60, 2, 2, 8)); // two attempts in flight at most, in all
    f.settings = new Settings(s.database(), s.http(), s.auth(),
        new Settings.Worker(true, 60_000, 500), s.delivery(), s.retry(), s.retention(),
        s.backup(), s.logging());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (HttpServerRequest r; (r = held.poll()) != null; ) {
      r.response().setStatusCode(204).end();
    }
    receiver.close();
    f.close();
  }

  @Test
  void anEventWithoutAFreeSlotWaitsInTheOutboxAndGoesOutWhenOneFrees() throws Exception {
    f.webhook("wh", "org-1", receiver.url("/held"), "[\"*\"]");
    for (int i = 1; i <= 3; i++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":" + i + "}");
    }
    f.start("w1"); // its first poll reads all three

    HttpServerRequest first = held.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
    HttpServerRequest second = held.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(second, "two events sent at once");
    assertEquals(2, receiver.count("/held"), "both slots in use");
    // The third event is still in the outbox: no delivery row was written for it.
    assertEquals(2, f.count("SELECT COUNT(*) FROM domain_events WHERE status = 'accepted'"));
    assertEquals(1, f.count("SELECT COUNT(*) FROM domain_events WHERE status = 'pending'"));
    assertEquals(2, f.count("SELECT COUNT(*) FROM webhook_deliveries"));
    assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"));
    await("the gauges count the event waiting in the outbox", BOUND,
        () -> gauge("navidocs_webhook_outbox_pending") == 1.0);
    // Made two hours old: the oldest-pending age covers events waiting in the outbox too.
    f.exec("UPDATE domain_events SET created_at = created_at - 7200000 WHERE status = 'pending'");
    await("the oldest pending age counts the waiting event", BOUND,
        () -> gauge("navidocs_webhook_oldest_pending_seconds") >= 7200);

    first.response().setStatusCode(204).end();
    HttpServerRequest third = held.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertNotNull(third, "the held event goes out when a slot frees, not at the next poll");
    assertEquals("{\"n\":3}", new JsonObject(receiver.at("/held").get(2).body())
        .getJsonObject("data").encode());
    second.response().setStatusCode(204).end();
    third.response().setStatusCode(204).end();
    await("all three delivered", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 3));
    assertEquals(0, f.count("SELECT COUNT(*) FROM domain_events WHERE status = 'pending'"));
  }

  private double gauge(String name) {
    return PrometheusText.value(f.metrics(), name, Map.of()).orElse(-1.0);
  }
}
