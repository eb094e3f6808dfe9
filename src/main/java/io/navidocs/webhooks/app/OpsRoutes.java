package io.navidocs.webhooks.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code GET /metrics} (Prometheus text format) and {@code GET /api/health}; no auth. */
final class OpsRoutes implements Component {
  @Override
  public Future<Void> start(ServiceContext ctx) {
    ctx.router().get("/metrics").handler(rc -> rc.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(ctx.registry().scrape()));
    ctx.router().get("/api/health").handler(rc -> ctx.pool().query("SELECT 1").execute()
        .onComplete(ar -> {
          boolean ok = ar.succeeded();
          rc.response().setStatusCode(ok ? 200 : 503)
              .putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("status", ok ? "ok" : "unavailable")
                  .put("database", ok ? "ok" : "unreachable")
                  .put("version", Version.get()).encode());
        }));
    return Future.succeededFuture();
  }
}
