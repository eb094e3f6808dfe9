package io.navidocs.webhooks.app;

import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.metrics.MeterPolicy;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.Schema;
import io.navidocs.webhooks.storage.StorageException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The running service: Vert.x with Prometheus metrics, the database pool, the HTTP API and the
 * delivery worker. {@link #start} returns once it listens; {@link #stop} stops claiming, lets
 * in-flight work finish or be released, and closes the database.
 */
public final class Service {
  private static final Logger LOG = Logger.getLogger(Service.class.getName());
  /** How long {@link #stop} waits for in-flight work before closing anyway. */
  static final long STOP_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final Pool pool;
  private final HttpServer server;

  private final List<Component> components;

  private Service(Vertx vertx, Pool pool, HttpServer server, List<Component> components) {
    this.vertx = vertx;
    this.pool = pool;
    this.server = server;
    this.components = components;
  }

  /**
   * The service's parts in start order: each one's routes are mounted on the shared router before
   * the server listens. {@code role} leaves out the API or the worker (process.role, run --only).
   */
  private static List<Component> components(Settings.Process.Role role) {
    List<Component> out = new ArrayList<>();
    out.add(new OpsRoutes());
    if (role.servesApi()) {
      out.add(new io.navidocs.webhooks.api.ApiRoutes());
    }
    if (role.runsWorker()) {
      out.add(new io.navidocs.webhooks.delivery.DeliveryWorker());
      out.add(new io.navidocs.webhooks.scanner.WarrantyScannerComponent());
      out.add(new io.navidocs.webhooks.notification.NotificationComponent());
    }
    return out;
  }

  /** Identifies this process in leases: host name, pid and a random suffix. */
  private static String instanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(new SecureRandom().nextInt());
  }

  /** The port the HTTP API listens on (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * The service's meter registry: its policy (bounded labels, histogram buckets) and the process
   * meters. Benchmarks build theirs here too, so they pay what the service pays per delivery.
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Before any meter is registered: filters apply only to meters registered after them.
    MeterPolicy.apply(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** The service's Vert.x: JVM and Vert.x (HTTP server and client) metrics into {@code registry}. */
  public static Vertx newVertx(PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(
            new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** Migrates (unless disabled), starts everything and logs where it listens. */
  public static Service start(Settings settings, Database database, Schema schema)
      throws StorageException {
    if (settings.process().role().servesApi()) {
      requireAdminTokenOnServerDatabase(settings, database);
    }
    if (settings.database().migrateOnStart()) {
      schema.upgrade(Optional.empty());
    } else {
      database.requireExisting();
    }
    Settings.Process.Role role = settings.process().role();
    // A worker-only process serves no authenticated route: it neither needs nor writes a token.
    String adminToken = role.servesApi() ? adminToken(settings, database) : null;

    PrometheusMeterRegistry registry = newRegistry();
    Vertx vertx = newVertx(registry);
    Pool pool = JDBCPool.pool(vertx,
        new JDBCConnectOptions().setJdbcUrl(database.jdbcUrl()).setAutoGeneratedKeys(false),
        new PoolOptions().setMaxSize(settings.database().poolSize()));

    Router router = Router.router(vertx);
    ServiceContext context = new ServiceContext(settings, vertx, database, pool, registry,
        Clock.systemUTC(), adminToken, router, instanceId());
    List<Component> components = components(role);
    try {
      for (Component c : components) {
        c.start(context).await(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      vertx.close();
      throw new StorageException("cannot start: " + e.getMessage(), e);
    }
    if (!role.servesApi()) {
      router.route("/api/*").handler(rc -> rc.response().setStatusCode(404)
          .putHeader("Content-Type", "application/json")
          .end(new io.vertx.core.json.JsonObject().put("success", false).put("error", "not_found")
              .put("message", "this process runs the worker only (process.role worker); the "
                  + "admin API is served by the API process").encode()));
    }
    try {
      HttpServer server = vertx.createHttpServer()
          .requestHandler(router)
          .listen(settings.http().port(), settings.http().host())
          .await(30, TimeUnit.SECONDS);
      Service service = new Service(vertx, pool, server, components);
      LOG.info("navidocs-webhooks " + Version.get() + " listening on http://"
          + hostForUrl(settings.http().host()) + ":" + server.actualPort()
          + ", database " + database.describe() + (role == Settings.Process.Role.ALL ? ""
              : " (process.role " + role.label() + ": " + (role.servesApi()
                  ? "API only, no delivery" : "worker only, /metrics and /api/health") + ")"));
      return service;
    } catch (Exception e) {
      vertx.close();
      throw new StorageException("cannot listen on " + settings.http().host() + ":"
          + settings.http().port() + ": " + e.getMessage(), e);
    }
  }

  /** Stops the service: no new work, in-flight work finished or released, database closed. */
  public void stop() {
    try {
      server.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      for (int i = components.size() - 1; i >= 0; i--) {
        components.get(i).stop().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      pool.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("navidocs-webhooks stopped");
    } catch (Exception e) {
      LOG.warning("stop did not finish cleanly: " + e);
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /**
   * On PostgreSQL the admin token must be configured: several instances share the database and
   * must accept the same token, there is no directory "beside the database" that they share, and
   * a generated token kept in the database would be readable by every role, backup and replica
   * that can read it. Checked before anything is migrated, so a refused start changes nothing.
   */
  static void requireAdminTokenOnServerDatabase(Settings settings, Database database)
      throws StorageException {
    if (database.dialect() == Dialect.POSTGRESQL && settings.auth().adminToken() == null) {
      throw new StorageException("NAVIDOCS_ADMIN_TOKEN (auth.adminToken) must be set when the"
          + " database is PostgreSQL: every instance sharing " + database.describe()
          + " must accept the same admin token (see docs/operations.md, PostgreSQL)");
    }
  }

  /**
   * The configured admin token, or the one stored beside the database, generated at first start
   * (32 random bytes, base64url) and written with owner-only permissions. Only its location is
   * logged, never the token.
   */
  static String adminToken(Settings settings, Database database) throws StorageException {
    if (settings.auth().adminToken() != null) {
      return settings.auth().adminToken();
    }
    Path dir = database.sqliteFile().map(p -> p.toAbsolutePath().getParent())
        .orElse(Path.of("data").toAbsolutePath());
    Path file = dir.resolve("admin-token");
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.length() >= Settings.Auth.MIN_SECRET_LENGTH) {
          LOG.info("admin token read from " + file);
          return token;
        }
        throw new StorageException("admin token file " + file + " is shorter than "
            + Settings.Auth.MIN_SECRET_LENGTH + " characters; delete it to generate a new one");
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Files.createDirectories(dir);
      Path tmp = dir.resolve("admin-token.tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the directory's permissions protect it.
      }
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("admin token generated and stored in " + file + " (readable by this user only)");
      return token;
    } catch (IOException e) {
      throw new StorageException("cannot store the generated admin token in " + file + ": "
          + e.getMessage() + " (or set NAVIDOCS_ADMIN_TOKEN)", e);
    }
  }

}
