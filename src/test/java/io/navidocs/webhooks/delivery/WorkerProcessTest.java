package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real service in a child JVM: killed with SIGKILL mid-load, and stopped with SIGTERM. */
@Timeout(120)
class WorkerProcessTest {
  static final int EVENTS = 500;
  static final String TOKEN = "process-test-admin-token-0123456789abcdef";

  @TempDir Path dir;
  Vertx vertx;
  HttpServer receiver;
  /** Distinct (path, webhook-id) pairs received: at-least-once means all of them arrive. */
  final Set<String> received = ConcurrentHashMap.newKeySet();
  final AtomicInteger requests = new AtomicInteger();
  volatile long answerDelayMs = 5;
  Database database;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      requests.incrementAndGet();
      long delay = 1 + ThreadLocalRandom.current().nextLong(answerDelayMs);
      vertx.setTimer(delay, id -> {
        received.add(req.path() + " " + req.getHeader("webhook-id"));
        req.response().setStatusCode(204).end();
      });
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    database = new Database("jdbc:sqlite:" + dir.resolve("navidocs.db"), 5000);
  }

  @AfterEach
  void tearDown() {
    vertx.close();
  }

  Process launch(String name) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"),
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "io.navidocs.webhooks.app.Main", "run");
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("NAVIDOCS_DB_URL", "jdbc:sqlite:" + dir.resolve("navidocs.db"));
    env.put("NAVIDOCS_HTTP_PORT", "0");
    env.put("NAVIDOCS_ADMIN_TOKEN", TOKEN);
    env.put("NAVIDOCS_DELIVERY_ALLOW_HTTP", "true");
    env.put("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.0/8");
    env.put("NAVIDOCS_DELIVERY_REQUEST_TIMEOUT_MS", "2000");
    env.put("NAVIDOCS_DELIVERY_LEASE_SECONDS", "3");
    env.put("NAVIDOCS_POLL_INTERVAL_MS", "50");
    env.put("NAVIDOCS_DELIVERY_MAX_IN_FLIGHT_PER_ENDPOINT", "8");
    Process p = pb.start();
    await(name + " listening", Duration.ofSeconds(30), () -> log(name).contains("listening on"));
    return p;
  }

  String log(String name) {
    try {
      Path file = dir.resolve(name + ".log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (Exception e) {
      return "";
    }
  }

  void seed() throws Exception {
    String url = "http://127.0.0.1:" + receiver.actualPort();
    try (Connection c = database.open(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO organizations (id, name, created_at, updated_at) "
          + "VALUES ('org-1', 'One', 0, 0)");
      for (String hook : new String[] {"a", "b"}) {
        s.execute("INSERT INTO webhooks (id, organization_id, url, secret, topics, status, "
            + "created_at, updated_at) VALUES ('" + hook + "', 'org-1', '" + url + "/" + hook
            + "', '" + EngineFixture.SECRET + "', '[\"*\"]', 'active', 0, 0)");
      }
    }
  }

  void insertEvents(int n) throws Exception {
    try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        ps.setString(1, "org-1");
        ps.setString(2, "DOCUMENT_UPLOADED");
        ps.setString(3, "{\"n\":" + i + "}");
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    }
  }

  long count(String sql) throws Exception {
    try (Connection c = database.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aWorkerKilledWithSigkillMidLoadLosesNothingAndDeliversAfterRestart() throws Exception {
    Process first = launch("first");
    seed();
    insertEvents(EVENTS);
    await("deliveries under way", Duration.ofSeconds(30), () -> received.size() >= 100);
    first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, leases left held
    first.waitFor(10, TimeUnit.SECONDS);
    int atKill = received.size();
    assertTrue(atKill < 2 * EVENTS, "killed mid-load, not after: " + atKill);

    Process second = launch("second");
    try {
      await("every event at every webhook", Duration.ofSeconds(60),
          () -> received.size() == 2 * EVENTS);
      await("all recorded", Duration.ofSeconds(30), EngineFixture.quietly(() -> count(
          "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 2 * EVENTS));
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(EVENTS, count("SELECT COUNT(*) FROM domain_events WHERE status = 'accepted'"));
  }

  @Test
  void sigtermStopsGracefullyLeavingNoLeaseHeld() throws Exception {
    answerDelayMs = 300;
    Process p = launch("run");
    seed();
    insertEvents(200);
    await("deliveries under way", Duration.ofSeconds(30), () -> requests.get() >= 10);
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(40, TimeUnit.SECONDS), "exited");
    assertEquals(143, p.exitValue(), "the JVM's exit status after SIGTERM");
    assertTrue(log("run").contains("navidocs-webhooks stopped"), log("run"));
    assertTrue(log("run").contains("delivery worker stopped"), log("run"));
    assertEquals(0, count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivering'"));
    assertEquals(0, count("SELECT COUNT(*) FROM webhook_deliveries WHERE lease_owner IS NOT NULL"));
  }
}
