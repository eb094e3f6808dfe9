package io.navidocs.webhooks.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code process.role} / {@code run --only}: an API process and a worker process on one SQLite
 * file, as an operator runs them to give delivery a smaller CPU share than the API
 * (docs/operations.md). The default, one process running both, is what every other test runs.
 */
class ProcessRoleTest {
  static final String TOKEN = "role-test-admin-token-0123456789abcdef";

  @TempDir Path dir;
  Path database;
  Vertx receiverVertx;
  HttpServer receiver;
  final AtomicInteger received = new AtomicInteger();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void startReceiver() throws Exception {
    database = dir.resolve("navidocs.db");
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body().onComplete(b -> {
      received.incrementAndGet();
      req.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopReceiver() throws Exception {
    receiverVertx.close().await(10, TimeUnit.SECONDS);
  }

  private Settings settings(String role, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of(
        "NAVIDOCS_DB_URL", "jdbc:sqlite:" + database,
        "NAVIDOCS_HTTP_PORT", "0",
        "NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString(),
        "NAVIDOCS_DELIVERY_ALLOW_HTTP", "true",
        "NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.1/32",
        "NAVIDOCS_POLL_INTERVAL_MS", "20"));
    if (role != null) {
      env.put("NAVIDOCS_PROCESS_ROLE", role);
    }
    env.putAll(extra);
    return SettingsLoader.load(Files.writeString(dir.resolve("c.yaml"), "{}"), env);
  }

  private Service start(Settings settings) throws Exception {
    return ServiceTest.start(settings);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private long count(String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      return r.next() ? r.getLong(1) : -1;
    }
  }

  /** Polls {@code condition} until it holds, failing after {@code bound}. */
  private static void await(Duration bound, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // bounded poll's pace
    }
  }

  /** The sum of a Prometheus counter's samples in {@code scrape} (0 when it has none). */
  private static double counter(String scrape, String name, String labelFragment) {
    double sum = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(labelFragment)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  void anApiProcessServesTheApiButDeliversNothingAndAWorkerProcessOnTheSameFileDelivers()
      throws Exception {
    Service api = start(settings("api", Map.of("NAVIDOCS_ADMIN_TOKEN", TOKEN)));
    Service worker = null;
    try {
      sql("INSERT INTO organizations VALUES ('org-1', 'One', 1, 1)");
      HttpResponse<String> created = post(api.port(), "/api/webhooks", new JsonObject()
          .put("organization_id", "org-1")
          .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
          .put("topics", new JsonArray().add("DOCUMENT_UPLOADED")));
      assertEquals(201, created.statusCode(), created.body());
      String webhookId = new JsonObject(created.body()).getJsonObject("webhook").getString("id");
      HttpResponse<String> published = post(api.port(), "/api/events", new JsonObject()
          .put("organization_id", "org-1").put("event_type", "DOCUMENT_UPLOADED")
          .put("data", new JsonObject().put("document_id", "doc-1")));
      assertEquals(202, published.statusCode(), published.body());

      JsonObject health = new JsonObject(get(api.port(), "/api/health").body());
      assertEquals("ok", health.getString("status"));
      assertEquals("absent", health.getString("worker"), "no worker runs in the API process");

      worker = start(settings("worker", Map.of("NAVIDOCS_DB_MIGRATE_ON_START", "false")));
      await(Duration.ofSeconds(20), "the worker process delivers the event",
          () -> received.get() >= 1);
      await(Duration.ofSeconds(20), "the delivery is recorded as succeeded", () -> {
        try {
          return count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 1;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      // The API process shows what the worker process did: one store, two processes.
      HttpResponse<String> deliveries = get(api.port(),
          "/api/webhooks/" + webhookId + "/deliveries");
      assertEquals(200, deliveries.statusCode(), deliveries.body());
      JsonArray list = new JsonObject(deliveries.body()).getJsonArray("deliveries");
      assertEquals(1, list.size(), deliveries.body());
      assertEquals("succeeded", list.getJsonObject(0).getString("status"));
      assertEquals(1, list.getJsonObject(0).getInteger("attempt_count"));
      assertEquals(1, received.get(), "delivered once, by one process");

      // Each process counts its own work: the attempt is the worker's, none is the API's.
      String workerMetrics = get(worker.port(), "/metrics").body();
      String apiMetrics = get(api.port(), "/metrics").body();
      assertEquals(1.0, counter(workerMetrics, "navidocs_webhook_delivery_attempts_total",
          "outcome=\"success\""), workerMetrics);
      assertEquals(0.0, counter(apiMetrics, "navidocs_webhook_delivery_attempts_total",
          "outcome=\"success\""), apiMetrics);
      JsonObject workerHealth = new JsonObject(get(worker.port(), "/api/health").body());
      assertEquals("running", workerHealth.getString("worker"));
    } finally {
      if (worker != null) {
        worker.stop();
      }
      api.stop();
    }
  }

  @Test
  void aWorkerProcessAnswersHealthAndMetricsButNoOtherApiRouteAndWritesNoAdminToken()
      throws Exception {
    Service worker = start(settings("worker", Map.of()));
    try {
      assertEquals(200, get(worker.port(), "/api/health").statusCode());
      assertEquals(200, get(worker.port(), "/metrics").statusCode());
      HttpResponse<String> list = get(worker.port(), "/api/webhooks");
      assertEquals(404, list.statusCode(), list.body());
      JsonObject error = new JsonObject(list.body());
      assertEquals(false, error.getBoolean("success"));
      assertEquals("not_found", error.getString("error"));
      assertTrue(error.getString("message").contains("worker only"), list.body());
    } finally {
      worker.stop();
    }
    assertFalse(Files.exists(dir.resolve("admin-token")),
        "a worker-only process has no authenticated route, so it generates no admin token");
  }

  @Test
  void theRoleIsAllByDefaultAndTheEnvironmentOrTheFileChoosesAnother() throws Exception {
    assertEquals(Settings.Process.Role.ALL, settings(null, Map.of()).process().role());
    assertEquals(Settings.Process.Role.WORKER, settings("worker", Map.of()).process().role());
    assertEquals(Settings.Process.Role.API, settings("API", Map.of()).process().role());
    Settings fromFile = SettingsLoader.load(
        Files.writeString(dir.resolve("r.yaml"), "process:\n  role: api\n"), Map.of());
    assertEquals(Settings.Process.Role.API, fromFile.process().role());
    ConfigException e = assertThrows(ConfigException.class, () -> settings("both", Map.of()));
    assertEquals("invalid configuration: process.role (environment variable "
        + "NAVIDOCS_PROCESS_ROLE) must be one of [all, api, worker], not 'both'", e.getMessage());
  }

  @Test
  void runOnlyWithAnUnknownPartIsAUsageError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new String[] {"run", "--only", "scanner"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--only must be api or worker, not 'scanner'"),
        err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }
}
