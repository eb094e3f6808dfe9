package io.navidocs.webhooks.app;

import io.navidocs.webhooks.metrics.Heartbeat;
import io.navidocs.webhooks.metrics.WorkerHealth;
import io.navidocs.webhooks.metrics.WorkerMeters;
import io.navidocs.webhooks.metrics.WorkerWatch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /api/health}; no auth.
 *
 * <p>Health is 200 {@code {"status":"ok","database":"ok","worker":"running"|"paused"|"absent",…}}
 * and 503 {@code {"status":"unavailable",…}} when the database does not answer or the worker loop
 * has not beaten for longer than {@code max(3 × poll interval, 30 s)} ({@code "worker":"stalled"}).
 */
final class OpsRoutes implements Component {
  @Override
  public Future<Void> start(ServiceContext ctx) {
    WorkerWatch watch = new WorkerWatch(() -> Heartbeat.find(ctx.vertx()),
        ctx.settings().worker().enabled(),
        Duration.ofMillis(ctx.settings().worker().pollIntervalMs()), ctx.clock());
    WorkerMeters.bind(ctx.registry(), watch::health, ctx.clock());
    ctx.router().get("/metrics").handler(rc -> rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(ctx.registry().scrape()));
    ctx.router().get("/api/health").handler(rc -> ctx.pool().query("SELECT 1").execute()
        .onComplete(ar -> health(rc, ar.succeeded(), watch)));
    return Future.succeededFuture();
  }

  private static void health(RoutingContext rc, boolean databaseOk, WorkerWatch watch) {
    WorkerHealth worker = watch.health();
    boolean ok = databaseOk && !worker.unhealthy();
    JsonObject body = new JsonObject()
        .put("status", ok ? "ok" : "unavailable")
        .put("database", databaseOk ? "ok" : "unreachable")
        .put("worker", worker.state().label());
    if (worker.lastBeat().isPresent()) {
      body.put("worker_last_beat_seconds_ago",
          Math.round(worker.secondsSinceBeat(watch.clock().instant()) * 10) / 10.0);
      body.put("worker_stall_after_seconds", worker.stallAfter().toSeconds());
    }
    body.put("version", Version.get());
    rc.response().setStatusCode(ok ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
