package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker instances, each with its own Vert.x and its own database session, sharing one
 * PostgreSQL database and delivering 10,000 events to a local receiver (issue 7). The receiver
 * counts the requests it is serving at once per endpoint and the hits per delivery.
 */
@Timeout(900)
class ScaleOutOnPostgresTest {
  static final int EVENTS = 10_000;
  static final int PER_ENDPOINT = 4;
  // Generous: the machine the tests run on may be shared; the waits end as soon as work is done.
  static final Duration BOUND = Duration.ofSeconds(240);
  /** Each endpoint gets one event type, so every event is exactly one delivery. */
  static final String[][] ENDPOINTS = {
      {"a", "org-1", "[\"DOCUMENT_*\"]", "DOCUMENT_UPLOADED"},
      {"b", "org-1", "[\"SALE_COMPLETED\"]", "SALE_COMPLETED"},
      {"c", "org-2", "[\"WARRANTY_*\"]", "WARRANTY_CLAIMED"},
      {"d", "org-2", "[\"DOCUMENT_DELETED\", \"SALE_INITIATED\"]", "DOCUMENT_DELETED"}};

  @TempDir Path dir;
  EngineFixture f;
  Vertx receiverVertx;
  HttpServer receiver;
  final Map<String, AtomicInteger> serving = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
  /** Hits per {@code path webhook-id}: receivers deduplicate on webhook-id (SPEC §4). */
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final List<Vertx> instanceVertx = new ArrayList<>();
  /**
   * While true the receiver holds its answers, so the slots stay occupied. Touched only on the
   * receiver's one event loop.
   */
  boolean answersHeld;
  final List<Runnable> heldAnswers = new ArrayList<>();

  /** On the receiver's event loop. */
  void answer(Runnable send) {
    if (answersHeld) {
      heldAnswers.add(send);
    } else {
      send.run();
    }
  }

  void holdAnswers(boolean hold) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    receiverVertx.runOnContext(v -> {
      answersHeld = hold;
      if (!hold) {
        heldAnswers.forEach(Runnable::run);
        heldAnswers.clear();
      }
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
  }

  int servingNow() {
    return serving.values().stream().mapToInt(AtomicInteger::get).sum();
  }
  final List<DeliveryWorker> instances = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(Dialect.POSTGRESQL, dir);
    Settings s = EngineFixture.settings(d -> new Settings.Delivery(true, List.of("127.0.0.0/8"),
        5000, 20_000, 60, PER_ENDPOINT, 512, 8));
    f.settings = new Settings(s.database(), s.http(), s.auth(), new Settings.Worker(true, 50, 500),
        s.delivery(), s.retry(), s.retention(), s.backup(), s.logging());
    receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    receiver = receiverVertx.createHttpServer().requestHandler(req -> {
      String path = req.path();
      int now = serving.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      mostAtOnce.computeIfAbsent(path, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      req.body().onSuccess(b -> {
        hits.computeIfAbsent(path + " " + req.getHeader("webhook-id"),
            k -> new AtomicInteger()).incrementAndGet();
        // A few ms of work per request, so that the endpoints' slots actually fill up.
        receiverVertx.setTimer(1 + ThreadLocalRandom.current().nextInt(3), id -> answer(() -> {
          serving.get(path).decrementAndGet();
          req.response().setStatusCode(204).end();
        }));
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    for (String[] e : ENDPOINTS) {
      f.webhook("wh-" + e[0], e[1], "http://127.0.0.1:" + receiver.actualPort() + "/" + e[0],
          e[2]);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (DeliveryWorker w : instances) {
      w.stop().await(30, TimeUnit.SECONDS);
    }
    for (Vertx v : instanceVertx) {
      v.close().await(30, TimeUnit.SECONDS);
    }
    receiver.close();
    receiverVertx.close();
    f.close();
  }

  /** An instance with its own Vert.x and its own session, named in pg_stat_activity. */
  DeliveryWorker instance(String name, boolean stopGracefully) throws Exception {
    Vertx own = Vertx.vertx();
    instanceVertx.add(own);
    Database db = new Database(f.database.configuredUrl() + "&ApplicationName=" + name, 5000);
    ServiceContext ctx = f.context(name, own, db, f.clock);
    DeliveryWorker w = f.start(ctx, Duration.ofMillis(200));
    if (stopGracefully) {
      instances.add(w);
    }
    return w;
  }

  void insertEvents() throws Exception {
    try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < EVENTS; i++) {
        String[] e = ENDPOINTS[i % ENDPOINTS.length];
        ps.setString(1, e[1]);
        ps.setString(2, e[3]);
        ps.setString(3, "{\"n\":" + i + "}");
        ps.addBatch();
        if (i % 500 == 499) { // the app commits in small transactions while the workers run
          ps.executeBatch();
          c.commit();
        }
      }
      ps.executeBatch();
      c.commit();
    }
  }

  long succeeded() throws Exception {
    return f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'");
  }

  void assertTheLimitHeldAtEveryEndpoint() {
    for (String[] e : ENDPOINTS) {
      int most = mostAtOnce.getOrDefault("/" + e[0], new AtomicInteger()).get();
      assertTrue(most <= PER_ENDPOINT, "/" + e[0] + " served " + most + " requests at once");
    }
  }

  /** Recorded attempts per {@code path webhook-id}. */
  Map<String, Long> attempts() throws Exception {
    Map<String, Long> out = new java.util.HashMap<>();
    try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT d.webhook_id, e.event_id, d.attempt_count FROM webhook_deliveries d "
            + "JOIN domain_events e ON e.id = d.event_id"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put("/" + rs.getString(1).substring("wh-".length()) + " " + rs.getString(2),
            rs.getLong(3));
      }
    }
    assertEquals(out.values().stream().mapToLong(Long::longValue).sum(),
        f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"), "one row per attempt");
    return out;
  }

  /**
   * No attempt was sent twice: a delivery reached the receiver at most as often as it has
   * recorded attempts (more than one only where an attempt failed, e.g. timed out on this
   * shared machine, and was retried by the schedule), plus once for {@code extra} deliveries.
   */
  void assertNoAttemptSentTwice(Set<String> extra) throws Exception {
    Map<String, Long> attempts = attempts();
    assertEquals(EVENTS, attempts.size());
    List<String> twice = new ArrayList<>();
    for (Map.Entry<String, AtomicInteger> h : hits.entrySet()) {
      long allowed = attempts.getOrDefault(h.getKey(), 0L) + (extra.contains(h.getKey()) ? 1 : 0);
      if (h.getValue().get() > allowed) {
        twice.add(h.getKey() + " received " + h.getValue() + " times for " + allowed);
      }
    }
    assertEquals(List.of(), twice, "attempts sent more than once");
    long retried = attempts.values().stream().filter(n -> n > 1).count();
    System.out.printf("%d deliveries, %d retried after a failed attempt, %d repeated after the "
        + "kill%n", EVENTS, retried, hits.entrySet().stream().filter(h -> extra.contains(h.getKey())
        && h.getValue().get() > attempts.get(h.getKey())).count());
  }

  @Test
  void threeInstancesDeliverEveryEventOnceWithinThePerEndpointLimit() throws Exception {
    for (int i = 1; i <= 3; i++) {
      instance("instance-" + i, true);
    }
    long start = System.nanoTime();
    insertEvents();

    await("all " + EVENTS + " delivered", BOUND, quietly(() -> succeeded() == EVENTS));
    System.out.printf("three instances: %d deliveries in %.1f s; most at once per endpoint %s%n",
        EVENTS, (System.nanoTime() - start) / 1e9, mostAtOnce);
    assertEquals(EVENTS, f.count("SELECT COUNT(*) FROM webhook_deliveries"));
    assertEquals(EVENTS, hits.size(), "distinct deliveries received");
    assertNoAttemptSentTwice(Set.of());
    assertTheLimitHeldAtEveryEndpoint();
    // The three really shared the work: each one's /metrics counted some of it.
    for (int i = 0; i < 3; i++) {
      String scrape = f.registries.get(i).scrape();
      assertTrue(scrape.contains("navidocs_webhook_deliveries_total{outcome=\"succeeded\"}"),
          "instance " + (i + 1) + " delivered nothing:\n" + scrape);
    }
  }

  @Test
  void aKilledInstancesLeasesAreReclaimedAndOnlyItsWorkIsRepeated() throws Exception {
    instance("instance-1", true);
    instance("instance-2", true);
    instance("instance-3", false);
    insertEvents();
    // Mid-load, the receiver holds its answers until every endpoint's slots are occupied; when
    // instance 3 holds some of them it is killed then (otherwise the load goes on a little).
    // Its leased rows can then not be recorded by it: they are exactly what it held.
    await("mid-load", BOUND, quietly(() -> succeeded() > EVENTS / 5));
    boolean holding = false;
    for (int tries = 0; tries < 50 && !holding; tries++) {
      holdAnswers(true);
      await("every slot occupied", BOUND, () -> servingNow() == PER_ENDPOINT * ENDPOINTS.length);
      holding = f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE lease_owner = 'instance-3' "
          + "AND status = 'delivering'") > 0;
      if (!holding) {
        long before = succeeded();
        holdAnswers(false);
        await("some progress", BOUND, quietly(() -> succeeded() > before + 50));
      }
    }
    assertTrue(holding, "instance 3 never held a slot");

    // Killed as a crash looks to the database: its session ends, its open transaction is rolled
    // back, its leases stay. (Its process lingers with no database, so it can claim nothing.)
    // (The pid first: in one statement the planner may call the function before the filter.)
    long pid = f.count("SELECT pid FROM pg_stat_activity WHERE application_name = 'instance-3'");
    assertTrue(pid > 0, "instance 3's session");
    f.value("SELECT pg_terminate_backend(?)", (int) pid);
    await("its session gone", BOUND, quietly(() -> f.count("SELECT COUNT(*) FROM "
        + "pg_stat_activity WHERE application_name = 'instance-3'") == 0));
    Set<String> held = new HashSet<>();
    try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT d.webhook_id, e.event_id FROM webhook_deliveries d JOIN domain_events e "
            + "ON e.id = d.event_id WHERE d.lease_owner = 'instance-3' "
            + "AND d.status = 'delivering'"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        held.add("/" + rs.getString(1).substring("wh-".length()) + " " + rs.getString(2));
      }
    }
    assertFalse(held.isEmpty(), "instance 3 held leases when it died");
    holdAnswers(false);

    // The survivors finish everything else they may: the dead one's live leases still count
    // against its endpoints' limits, so where it held every slot the rest waits for its leases.
    // Checked in one statement (one snapshot): nothing of the survivors in flight, and no
    // pending row at an endpoint with a free slot.
    await("the survivors done with all they may do", BOUND, quietly(() -> f.count(
        "SELECT (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivering' "
            + "AND lease_owner <> 'instance-3') + (SELECT COUNT(*) FROM webhook_deliveries d "
            + "WHERE d.status = 'pending' AND (SELECT COUNT(*) FROM webhook_deliveries h "
            + "WHERE h.webhook_id = d.webhook_id AND h.status = 'delivering') < ?)",
        PER_ENDPOINT) == 0));
    assertEquals(held.size(), f.count("SELECT COUNT(*) FROM webhook_deliveries "
        + "WHERE status = 'delivering'"));

    // Past the 60 s lease. Only the dead instance's leases exist now, so only they expire.
    f.clock.advance(Duration.ofSeconds(61));
    await("the dead instance's work delivered", BOUND, quietly(() -> succeeded() == EVENTS));
    assertEquals(EVENTS, hits.size(), "distinct deliveries received");
    assertNoAttemptSentTwice(held); // the dead instance recorded none of its last attempts
    assertTheLimitHeldAtEveryEndpoint();
  }
}
