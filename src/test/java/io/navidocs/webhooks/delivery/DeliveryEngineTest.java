package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.SECRET;
import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.svix.Webhook;
import io.vertx.core.json.JsonObject;
import io.navidocs.webhooks.storage.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine end to end on SQLite and on PostgreSQL: a real database, real local receivers, the
 * worker as deployed.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Dialect.class)
class DeliveryEngineTest {
  @Parameter Dialect dialect;
  static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir Path dir;
  EngineFixture f;
  Receiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dialect, dir);
    receiver = new Receiver(f.vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.close();
    f.close();
  }

  @Test
  void deliversAnEventInsertedByAnotherConnectionWithSignaturesSvixAccepts() throws Exception {
    f.webhook("wh-1", "org-1", receiver.url("/hook"), "[\"WARRANTY_*\"]");
    f.start("w1");
    // Written by a plain JDBC connection while the worker runs, as the NaviDocs app does.
    f.event("org-1", "WARRANTY_CLAIMED", "{\"warranty_id\":\"w-9\"}");

    await("the delivery", BOUND, () -> receiver.count("/hook") == 1);
    Receiver.Received r = receiver.received.get(0);
    new Webhook(SECRET).verify(r.body(), Map.of(
        "webhook-id", List.of(r.headers().get("webhook-id")),
        "webhook-timestamp", List.of(r.headers().get("webhook-timestamp")),
        "webhook-signature", List.of(r.headers().get("webhook-signature"))));
    JsonObject body = new JsonObject(r.body());
    assertEquals(r.headers().get("webhook-id"), body.getString("id"));
    assertEquals("WARRANTY_CLAIMED", body.getString("event_type"));
    assertEquals("org-1", body.getString("organization_id"));
    assertEquals("w-9", body.getJsonObject("data").getString("warranty_id"));
    assertTrue(body.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertEquals("application/json", r.headers().get("Content-Type"));
    assertTrue(r.headers().get("User-Agent").startsWith("NaviDocs-Webhooks/"));
    assertEquals("WARRANTY_CLAIMED", r.headers().get("X-NaviDocs-Topic"));
    assertTrue(r.headers().get("X-NaviDocs-Delivery").startsWith("dlv_"));
    assertTrue(r.headers().get("X-NaviDocs-Signature").matches("sha256=[0-9a-f]{64}"));

    await("the outcome recorded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 1));
    assertEquals(1, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts WHERE outcome = "
        + "'success' AND http_status = 204"));
    assertEquals(204, f.count("SELECT last_delivery_status FROM webhooks WHERE id = 'wh-1'"));
    long lastAt = f.count("SELECT last_delivery_at FROM webhooks WHERE id = 'wh-1'");
    assertTrue(Math.abs(lastAt - f.clock.millis() / 1000) < 60, "Unix seconds: " + lastAt);
    assertEquals("accepted", f.value("SELECT status FROM domain_events"));
  }

  @Test
  void matchesByTypePatternAndStarWithinTheEventsOrganizationOnly() throws Exception {
    f.webhook("exact", "org-1", receiver.url("/exact"), "[\"SALE_COMPLETED\"]");
    f.webhook("prefix", "org-1", receiver.url("/prefix"), "[\"SALE_*\"]");
    f.webhook("star", "org-1", receiver.url("/star"), "[\"*\"]");
    f.webhook("other", "org-1", receiver.url("/other"), "[\"DOCUMENT_UPLOADED\"]");
    f.webhook("paused", "org-1", receiver.url("/paused"), "[\"*\"]", "inactive", "exponential");
    f.webhook("foreign", "org-2", receiver.url("/foreign"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "SALE_COMPLETED", "{}");

    await("three deliveries", BOUND, () -> receiver.received.size() == 3);
    await("recorded", BOUND, quietly(() -> f.count("SELECT COUNT(*) FROM webhook_deliveries "
        + "WHERE status = 'succeeded'") == 3));
    assertEquals(List.of(1L, 1L, 1L, 0L, 0L, 0L), List.of(receiver.count("/exact"),
        receiver.count("/prefix"), receiver.count("/star"), receiver.count("/other"),
        receiver.count("/paused"), receiver.count("/foreign")));
    assertEquals(3, f.count("SELECT COUNT(*) FROM webhook_deliveries"));
  }

  @Test
  void rejectsUnknownTypesInvalidPayloadsAndUnknownOrganizationsWithAReason() throws Exception {
    f.webhook("star", "org-1", receiver.url("/star"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "NOT_A_TYPE", "{}");
    f.event("org-1", "SALE_COMPLETED", "[1,2]");
    f.event("org-9", "SALE_COMPLETED", "{}");

    await("all three processed", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM domain_events WHERE status = 'rejected'") == 3));
    assertEquals("unknown event_type", f.value("SELECT reason FROM domain_events WHERE id = 1"));
    assertEquals("payload is not a JSON object",
        f.value("SELECT reason FROM domain_events WHERE id = 2"));
    assertEquals("unknown organization", f.value("SELECT reason FROM domain_events WHERE id = 3"));
    assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_deliveries"));
    assertTrue(f.metrics().contains("navidocs_webhook_events_total{event_type=\"unknown\","
        + "outcome=\"rejected\",source=\"outbox\"} 1.0"), f.metrics());
  }

  @Test
  void retriesA500OnTheScheduleAndSucceedsOnTheNextAttempt() throws Exception {
    receiver.status("/flaky", 500);
    f.webhook("wh", "org-1", receiver.url("/flaky"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("a failed first attempt", BOUND, quietly(() -> f.count(
        "SELECT attempt_count FROM webhook_deliveries WHERE status = 'pending'") == 1));
    long next = f.count("SELECT next_attempt_at FROM webhook_deliveries");
    long started = f.count("SELECT started_at FROM webhook_delivery_attempts");
    assertTrue(next - started >= 5_000 && next - started < 7_000, "5 s later: " + (next - started));
    assertEquals(1, f.count("SELECT consecutive_failures FROM webhooks"));
    assertEquals(500, f.count("SELECT last_delivery_status FROM webhooks"));

    receiver.status("/flaky", 200);
    f.clock.advance(Duration.ofSeconds(6));
    await("the retry succeeded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded' AND attempt_count = 2") == 1));
    assertEquals(2, receiver.count("/flaky"));
    assertEquals(receiver.received.get(0).headers().get("webhook-id"),
        receiver.received.get(1).headers().get("webhook-id"));
    assertEquals(0, f.count("SELECT consecutive_failures FROM webhooks"));
    assertEquals(2, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"));
  }

  @Test
  void failsA400AtOnceWithoutRetrying() throws Exception {
    receiver.status("/bad", 400);
    f.webhook("wh", "org-1", receiver.url("/bad"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("failed", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed'") == 1));
    assertEquals(400, f.count("SELECT last_http_status FROM webhook_deliveries"));
    assertEquals("active", f.value("SELECT status FROM webhooks"));
  }

  @Test
  void honoursRetryAfterOnA429() throws Exception {
    receiver.on("/busy", r -> r.response().setStatusCode(429).putHeader("Retry-After", "120").end());
    f.webhook("wh", "org-1", receiver.url("/busy"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("rescheduled", BOUND, quietly(() -> f.count(
        "SELECT attempt_count FROM webhook_deliveries WHERE status = 'pending'") == 1));
    long wait = f.count("SELECT next_attempt_at FROM webhook_deliveries")
        - f.count("SELECT started_at FROM webhook_delivery_attempts");
    assertTrue(wait >= 119_000 && wait < 125_000, "about 120 s: " + wait);
  }

  @Test
  void neverFollowsARedirect() throws Exception {
    receiver.on("/moved", r -> r.response().setStatusCode(302)
        .putHeader("Location", receiver.url("/target")).end());
    f.webhook("wh", "org-1", receiver.url("/moved"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("the 302 recorded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_delivery_attempts WHERE http_status = 302 "
            + "AND outcome = 'http_error'") == 1));
    assertEquals("pending", f.value("SELECT status FROM webhook_deliveries"));
    assertEquals(0, receiver.count("/target"));
  }

  @Test
  void keepsAtMost4KiBOfTheResponseBody() throws Exception {
    receiver.on("/big", r -> r.response().setStatusCode(500).end("x".repeat(200_000)));
    f.webhook("wh", "org-1", receiver.url("/big"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("recorded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_delivery_attempts") == 1));
    assertEquals(4096, f.count("SELECT length(response_body) FROM webhook_delivery_attempts"));
  }

  @Test
  void refusesLoopbackUnlessItsNetworkIsAllowed() throws Exception {
    f.settings = EngineFixture.settings(d -> EngineFixture.withNetworks(d, List.of()));
    f.webhook("wh", "org-1", receiver.url("/local"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("blocked", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_delivery_attempts WHERE outcome = 'blocked'") == 1));
    assertEquals(0, receiver.received.size());
    assertEquals("failed", f.value("SELECT status FROM webhook_deliveries"));
  }

  @Test
  void a410DisablesTheWebhookAndTellsTheOrganizationsOtherSubscribers() throws Exception {
    receiver.status("/gone", 410);
    f.webhook("gone", "org-1", receiver.url("/gone"), "[\"*\"]");
    f.webhook("ops", "org-1", receiver.url("/ops"), "[\"WEBHOOK_DELIVERY_FAILED\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("the failure announced", BOUND, () -> receiver.count("/ops") == 1);
    assertEquals("failed", f.value("SELECT status FROM webhooks WHERE id = 'gone'"));
    JsonObject body = new JsonObject(receiver.at("/ops").get(0).body());
    assertEquals("WEBHOOK_DELIVERY_FAILED", body.getString("event_type"));
    assertEquals("gone", body.getJsonObject("data").getString("webhook_id"));
    assertEquals("worker", f.value("SELECT source FROM domain_events WHERE event_type = "
        + "'WEBHOOK_DELIVERY_FAILED'"));
    // Never queued for the failed webhook itself.
    assertEquals(1, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = 'gone'"));
  }

  @Test
  void anEndpointInBackoffGetsOneProbeWhileOtherDeliveriesWaitWithoutSpendingAttempts()
      throws Exception {
    receiver.status("/down", 503);
    f.webhook("wh", "org-1", receiver.url("/down"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    await("the first failure", BOUND, quietly(() -> f.count(
        "SELECT consecutive_failures FROM webhooks") == 1));
    for (int i = 0; i < 5; i++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    }
    await("queued", BOUND, quietly(() -> f.count("SELECT COUNT(*) FROM webhook_deliveries") == 6));

    f.clock.advance(Duration.ofSeconds(6)); // past the first backoff (5 s), before the second
    await("one probe", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_delivery_attempts") == 2));
    await("its failure counted", BOUND, quietly(() -> f.count(
        "SELECT consecutive_failures FROM webhooks") == 2));
    assertEquals(2, receiver.count("/down"));
    // The first delivery and the probe spent one attempt each; the four others none.
    assertEquals(4, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE attempt_count = 0"));
    assertEquals(2, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE attempt_count = 1"));

    receiver.status("/down", 204);
    f.clock.advance(Duration.ofSeconds(30)); // past the second backoff (20 s)
    await("all delivered once healthy", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 6));
    assertEquals(0, f.count("SELECT consecutive_failures FROM webhooks"));
  }

  @Test
  void becomesFailedAtTheThresholdKeepingItsDeliveriesHeld() throws Exception {
    f.settings = EngineFixture.settings(d -> EngineFixture.withDisableAfter(d, 2));
    receiver.status("/down", 500);
    f.webhook("wh", "org-1", receiver.url("/down"), "[\"DOCUMENT_*\"]");
    f.webhook("ops", "org-1", receiver.url("/ops"), "[\"WEBHOOK_DELIVERY_FAILED\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    await("the first failure", BOUND, quietly(() -> f.count(
        "SELECT consecutive_failures FROM webhooks WHERE id = 'wh'") == 1));
    f.event("org-1", "DOCUMENT_DELETED", "{}");
    f.clock.advance(Duration.ofSeconds(6));

    await("failed", BOUND, quietly(() -> "failed".equals(
        f.value("SELECT status FROM webhooks WHERE id = 'wh'"))));
    await("announced", BOUND, () -> receiver.count("/ops") == 1);
    f.event("org-1", "DOCUMENT_UPLOADED", "{}"); // queued and held while failed
    await("held", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = 'wh'") == 3));
    f.clock.advance(Duration.ofHours(10));
    long attempts = receiver.count("/down");
    assertEquals(2, attempts);
    assertEquals(3, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = 'wh' "
        + "AND status = 'pending'"));

    receiver.status("/down", 204);
    f.exec("UPDATE webhooks SET status = 'active', consecutive_failures = 0 WHERE id = 'wh'");
    await("held deliveries resume", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = 'wh' "
            + "AND status = 'succeeded'") == 3));
    // The admin reset the count, not the backoff gate: the first success reopens the gate.
    assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_endpoint_state WHERE webhook_id = "
        + "'wh' AND (last_failure_at IS NOT NULL OR next_probe_at <> 0)"));
    assertEquals(204, f.count("SELECT last_delivery_status FROM webhooks WHERE id = 'wh'"));
  }

  @Test
  void aHangingEndpointDoesNotDelayAHealthyOne() throws Exception {
    f.settings = EngineFixture.settings(d -> new io.navidocs.webhooks.config.Settings.Delivery(
        true, List.of("127.0.0.0/8"), 1000, 20_000, 60, 32, 512, 8));
    // Same host and port for both: they share the client's connection pool as well.
    receiver.hang("/hang");
    f.webhook("slow", "org-1", receiver.url("/hang"), "[\"*\"]");
    f.webhook("fast", "org-1", receiver.url("/fast"), "[\"*\"]");
    f.start("w1");
    for (int i = 0; i < 50; i++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    }
    await("the healthy endpoint got everything", Duration.ofSeconds(5),
        () -> receiver.count("/fast") == 50);
    assertTrue(receiver.count("/hang") <= 32, "per-endpoint limit: " + receiver.count("/hang"));
  }

  @Test
  void theInFlightLimitsHoldWhileAttemptsFinishAndNewEventsArrive() throws Exception {
    f.settings = EngineFixture.settings(d -> new io.navidocs.webhooks.config.Settings.Delivery(
        true, List.of("127.0.0.0/8"), 1000, 20_000, 60, 4, 6, 8));
    // Each endpoint answers 2 ms after a request arrives; the receiver counts what is open.
    Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    Map<String, Integer> most = new ConcurrentHashMap<>();
    AtomicInteger openInAll = new AtomicInteger();
    AtomicInteger mostInAll = new AtomicInteger();
    List<String> paths = List.of("/a", "/b", "/c");
    for (String path : paths) {
      open.put(path, new AtomicInteger());
      receiver.on(path, r -> {
        most.merge(path, open.get(path).incrementAndGet(), Math::max);
        mostInAll.accumulateAndGet(openInAll.incrementAndGet(), Math::max);
        f.vertx.setTimer(2, id -> {
          open.get(path).decrementAndGet();
          openInAll.decrementAndGet();
          r.response().setStatusCode(204).end();
        });
      });
      f.webhook("wh" + path.substring(1), "org-1", receiver.url(path), "[\"*\"]");
    }
    f.start("w1");
    // Inserted while the worker runs: slots free and fill through every kind of claim (the
    // outbox batches', the record batches', the engine's own) at once.
    for (int i = 0; i < 200; i++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":" + i + "}");
    }

    await("all delivered", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 600));
    for (String path : paths) {
      assertEquals(200, receiver.count(path), path);
      assertTrue(most.get(path) <= 4, path + ": " + most.get(path) + " at once");
    }
    assertEquals(6, mostInAll.get(), "the global limit is reached and never passed");
  }

  @Test
  void twoWorkersOnOneDatabaseNeverBothWinADelivery() throws Exception {
    f.webhook("wh", "org-1", receiver.url("/hook"), "[\"*\"]");
    f.start("w1");
    f.start("w2");
    for (int i = 0; i < 300; i++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":" + i + "}");
    }
    await("all delivered", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 300));
    assertEquals(300, receiver.count("/hook"));
    assertEquals(300, receiver.received.stream().map(r -> r.headers().get("webhook-id"))
        .distinct().count());
    assertEquals(300, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"));
  }

  @Test
  void gracefulStopReleasesLeasesWithoutSpendingAttempts() throws Exception {
    f.settings = EngineFixture.settings(d -> new io.navidocs.webhooks.config.Settings.Delivery(
        true, List.of("127.0.0.0/8"), 1000, 30_000, 120, 32, 512, 8));
    receiver.hang("/hang");
    f.webhook("wh", "org-1", receiver.url("/hang"), "[\"*\"]");
    DeliveryWorker worker = f.start("w1", Duration.ofMillis(500));
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    await("in flight", BOUND, () -> receiver.count("/hang") == 1);

    f.workers.remove(worker);
    worker.stop().await(40, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("pending", f.value("SELECT status FROM webhook_deliveries"));
    assertEquals(0, f.count("SELECT attempt_count FROM webhook_deliveries"));
    assertNull(f.value("SELECT lease_owner FROM webhook_deliveries"));
  }

  @Test
  void exportsTheSpecMetricNames() throws Exception {
    f.webhook("wh", "org-1", receiver.url("/hook"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "SALE_COMPLETED", "{}");
    await("recorded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 1));
    await("counted", BOUND, () -> f.metrics().contains("navidocs_webhook_deliveries_total"));
    String text = f.metrics();
    for (String name : List.of(
        "navidocs_webhook_delivery_attempts_total{event_type=\"SALE_COMPLETED\",outcome=\"success\"} 1.0",
        "navidocs_webhook_deliveries_total{outcome=\"succeeded\"} 1.0",
        "navidocs_webhook_delivery_duration_seconds_bucket{le=\"0.01\"}",
        "navidocs_webhook_delivery_duration_seconds_bucket{le=\"30.0\"}",
        "navidocs_webhook_event_to_delivery_seconds_count 1",
        "navidocs_webhook_deliveries_pending ",
        "navidocs_webhook_oldest_pending_seconds ",
        "navidocs_webhook_endpoints{status=\"active\"}",
        "navidocs_webhook_events_total{event_type=\"SALE_COMPLETED\",outcome=\"accepted\",source=\"outbox\"} 1.0")) {
      assertTrue(text.contains(name), name + " in\n" + text);
    }
  }

  @Test
  void aClosedSocketIsANetworkErrorAndAHangATimeoutBothRetried() throws Exception {
    receiver.on("/close", r -> r.connection().close());
    receiver.hang("/hang");
    f.webhook("closer", "org-1", receiver.url("/close"), "[\"*\"]");
    f.webhook("hanger", "org-1", receiver.url("/hang"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("both recorded", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending' AND attempt_count = 1") == 2));
    assertEquals("network_error", f.value("SELECT a.outcome FROM webhook_delivery_attempts a "
        + "JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = 'closer'"));
    assertEquals("timeout", f.value("SELECT a.outcome FROM webhook_delivery_attempts a "
        + "JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = 'hanger'"));
    assertEquals(0, f.count("SELECT last_delivery_status FROM webhooks WHERE id = 'hanger'"));
    assertEquals(1, f.count("SELECT consecutive_failures FROM webhooks WHERE id = 'hanger'"));
  }
}
