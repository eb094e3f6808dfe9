package io.navidocs.webhooks.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * What the running service's components share: settings, Vert.x, the database (pool and
 * description), the metrics registry, the clock, the admin token and the HTTP router to mount
 * routes on. Built once by {@link Service#start}.
 *
 * @param instanceId identifies this process in leases (host name, pid and a random suffix)
 */
public record ServiceContext(
    Settings settings,
    Vertx vertx,
    Database database,
    Pool pool,
    PrometheusMeterRegistry registry,
    Clock clock,
    String adminToken,
    Router router,
    String instanceId) {

  @Override
  public String toString() {
    return "ServiceContext[database=" + database.describe() + ", instanceId=" + instanceId + "]";
  }
}
