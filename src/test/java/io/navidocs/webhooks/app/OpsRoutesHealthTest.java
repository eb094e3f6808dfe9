package io.navidocs.webhooks.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.metrics.Heartbeat;
import io.navidocs.webhooks.metrics.MutableClock;
import io.navidocs.webhooks.metrics.PrometheusText;
import io.navidocs.webhooks.metrics.StateChanges;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.testing.LogMessages;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/health} against a real SQLite pool, with a clock the test moves. */
class OpsRoutesHealthTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private LogMessages stateLog;
  @TempDir Path dir;
  private Vertx vertx;
  private Pool pool;
  private HttpServer server;

  private void start(Map<String, String> env) throws Exception {
    stateLog = LogMessages.of(StateChanges.LOGGER);
    Settings settings = SettingsLoader.load(null, env);
    Database database = new Database("jdbc:sqlite:" + dir.resolve("h.db"), 5000);
    vertx = Vertx.vertx();
    pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(database.jdbcUrl()),
        new PoolOptions().setMaxSize(1));
    Router router = Router.router(vertx);
    ServiceContext ctx = new ServiceContext(settings, vertx, database, pool,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock, "t", router, "test");
    new OpsRoutes().start(ctx).await(10, TimeUnit.SECONDS);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (stateLog != null) {
      stateLog.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject health(int expectedStatus) throws Exception {
    HttpResponse<String> r = get("/api/health");
    assertEquals(expectedStatus, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  @Test
  void healthIsOkWhileTheWorkerBeats() throws Exception {
    start(Map.of());
    Heartbeat beat = Heartbeat.register(vertx, clock);
    clock.advance(Duration.ofSeconds(20));
    beat.beat();
    clock.advance(Duration.ofSeconds(20));
    JsonObject body = health(200);
    assertEquals("ok", body.getString("status"));
    assertEquals("ok", body.getString("database"));
    assertEquals("running", body.getString("worker"));
    assertEquals(20.0, body.getDouble("worker_last_beat_seconds_ago"));
    assertEquals(30L, body.getLong("worker_stall_after_seconds"));
  }

  @Test
  void aWorkerSilentForMoreThanThirtySecondsTurnsHealth503AndIsLoggedOnce() throws Exception {
    start(Map.of());
    Heartbeat.register(vertx, clock);
    clock.advance(Duration.ofSeconds(45));
    JsonObject body = health(503);
    assertEquals("unavailable", body.getString("status"));
    assertEquals("ok", body.getString("database"));
    assertEquals("stalled", body.getString("worker"));
    assertEquals(45.0, body.getDouble("worker_last_beat_seconds_ago"));
    health(503);
    assertEquals(1.0, PrometheusText.value(get("/metrics").body(),
        "navidocs_webhook_worker_stalled", Map.of()).orElseThrow());
    assertEquals(List.of("worker loop stalled: no heartbeat for 45 s"), stateLog.messages());

    Heartbeat.find(vertx).orElseThrow().beat();
    assertEquals("running", health(200).getString("worker"));
    assertEquals("worker loop running again", stateLog.messages().get(1));
  }

  @Test
  void withWebhooksDisabledTheWorkerIsPausedAndHealthStaysOk() throws Exception {
    start(Map.of("ENABLE_WEBHOOKS", "false"));
    Heartbeat.register(vertx, clock);
    clock.advance(Duration.ofHours(2));
    JsonObject body = health(200);
    assertEquals("ok", body.getString("status"));
    assertEquals("paused", body.getString("worker"));
    String metrics = get("/metrics").body();
    assertEquals(1.0, PrometheusText.value(metrics, "navidocs_webhook_worker_paused", Map.of())
        .orElseThrow());
    assertEquals(0.0, PrometheusText.value(metrics, "navidocs_webhook_worker_stalled", Map.of())
        .orElseThrow());
  }

  @Test
  void anUnreachableDatabaseTurnsHealth503() throws Exception {
    start(Map.of());
    Heartbeat.register(vertx, clock);
    pool.close().await(10, TimeUnit.SECONDS);
    JsonObject body = health(503);
    assertEquals("unavailable", body.getString("status"));
    assertEquals("unreachable", body.getString("database"));
    assertEquals("running", body.getString("worker"));
  }

  @Test
  void aServiceWithoutAWorkerReportsItAbsentButHealthy() throws Exception {
    start(Map.of());
    clock.advance(Duration.ofHours(1));
    assertEquals("absent", health(200).getString("worker"));
  }
}
