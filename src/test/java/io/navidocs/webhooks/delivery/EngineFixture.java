package io.navidocs.webhooks.delivery;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.navidocs.webhooks.app.Service;
import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.Schema;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A migrated database (a SQLite file, or a fresh database on the tests' embedded PostgreSQL owned
 * by an ordinary role), settings for local receivers, and workers to start on it.
 */
final class EngineFixture implements AutoCloseable {
  /** Real time plus an offset the test moves forward (for schedules), never backwards. */
  static final class TestClock extends Clock {
    private final AtomicLong offsetMs = new AtomicLong();

    void advance(Duration d) {
      offsetMs.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMs.get();
    }
  }

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  final Dialect dialect;
  final Database database;
  final TestClock clock = new TestClock();
  final Vertx vertx;
  final List<DeliveryWorker> workers = new ArrayList<>();
  final List<PrometheusMeterRegistry> registries = new ArrayList<>();
  private final List<DeliveryStore> stores = new ArrayList<>();
  /** The registry {@link #vertx} records into when built as the service builds it, else null. */
  private final PrometheusMeterRegistry serviceRegistry;
  Settings settings;

  EngineFixture(Path dir) throws Exception {
    this(Dialect.SQLITE, dir);
  }

  EngineFixture(Dialect dialect, Path dir) throws Exception {
    this(dialect, dir, false);
  }

  /**
   * {@code asService}: Vert.x and the registry are built as {@link Service} builds them (Vert.x
   * HTTP client metrics, histogram buckets), for benchmarks; otherwise a plain Vert.x.
   */
  EngineFixture(Dialect dialect, Path dir, boolean asService) throws Exception {
    this.dialect = dialect;
    this.serviceRegistry = asService ? Service.newRegistry() : null;
    this.vertx = asService ? Service.newVertx(serviceRegistry) : Vertx.vertx();
    this.database = new Database(dialect == Dialect.SQLITE
        ? "jdbc:sqlite:" + dir.resolve("navidocs.db") : TestPostgres.newDatabaseUrl(), 5000);
    new Schema(database, new Backups(database, clock, 7, 30), dir.resolve("backups"), clock,
        line -> { }).upgrade(Optional.empty());
    settings = settings(d -> d);
    exec("INSERT INTO organizations (id, name, created_at, updated_at) VALUES "
        + "('org-1', 'One', 0, 0), ('org-2', 'Two', 0, 0)");
  }

  /** Settings that reach local receivers (http and 127.0.0.0/8 allowed), short timeouts. */
  static Settings settings(UnaryOperator<Settings.Delivery> delivery) {
    return new Settings(
        new Settings.Database("jdbc:sqlite:unused", true, 5000, 4),
        new Settings.Http("127.0.0.1", 0, 65536),
        new Settings.Auth(null, null, 100),
        new Settings.Worker(true, 50, 500),
        delivery.apply(new Settings.Delivery(true, List.of("127.0.0.0/8"), 1000, 2000, 60, 32,
            512, 8)),
        new Settings.Retry(5_000, 300_000, 36_000_000, 8),
        new Settings.Retention(30),
        new Settings.Backup(Path.of("unused"), 7, 30),
        new Settings.Logging("text", "INFO"));
  }

  static Settings.Delivery withDisableAfter(Settings.Delivery d, int n) {
    return new Settings.Delivery(d.allowHttp(), d.allowedNetworks(), d.connectTimeoutMs(),
        d.requestTimeoutMs(), d.leaseSeconds(), d.maxInFlightPerEndpoint(), d.maxInFlight(), n);
  }

  static Settings.Delivery withNetworks(Settings.Delivery d, List<String> networks) {
    return new Settings.Delivery(d.allowHttp(), networks, d.connectTimeoutMs(),
        d.requestTimeoutMs(), d.leaseSeconds(), d.maxInFlightPerEndpoint(), d.maxInFlight(),
        d.endpointDisableAfter());
  }

  ServiceContext context(String instanceId) {
    return context(instanceId, vertx, database, clock);
  }

  /** A context of its own: another instance (own Vert.x, own database session, own clock). */
  ServiceContext context(String instanceId, Vertx own, Database db, Clock instanceClock) {
    PrometheusMeterRegistry registry = own == vertx && serviceRegistry != null
        ? serviceRegistry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registries.add(registry);
    return new ServiceContext(settings, own, db, null, registry, instanceClock, "token", null,
        instanceId);
  }

  DeliveryWorker start(String instanceId) throws Exception {
    return start(instanceId, DeliveryWorker.DEFAULT_STOP_DRAIN);
  }

  DeliveryWorker start(String instanceId, Duration stopDrain) throws Exception {
    DeliveryWorker worker = new DeliveryWorker(() -> 0.5, stopDrain);
    worker.start(context(instanceId)).await(10, TimeUnit.SECONDS);
    workers.add(worker);
    return worker;
  }

  /** Starts a worker on a context made by {@link #context(String, Vertx, Database, Clock)}. */
  DeliveryWorker start(ServiceContext context, Duration stopDrain) throws Exception {
    DeliveryWorker worker = new DeliveryWorker(() -> 0.5, stopDrain);
    worker.start(context).await(10, TimeUnit.SECONDS);
    return worker;
  }

  /** A store session of the engine's own on this database, closed with the fixture. */
  DeliveryStore store(String name) throws Exception {
    DeliveryStore store = DeliveryStore.open(vertx, database, name);
    stores.add(store);
    return store;
  }

  Connection connect() throws Exception {
    return database.open();
  }

  void exec(String sql, Object... args) throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  long count(String sql, Object... args) throws Exception {
    Object v = value(sql, args);
    return v == null ? 0 : ((Number) v).longValue();
  }

  Object value(String sql, Object... args) throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  void webhook(String id, String org, String url, String topics) throws Exception {
    webhook(id, org, url, topics, "active", "exponential");
  }

  void webhook(String id, String org, String url, String topics, String status, String policy)
      throws Exception {
    exec("INSERT INTO webhooks (id, organization_id, url, secret, topics, status, retry_policy,"
        + " consecutive_failures, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
        id, org, url, SECRET, topics, status, policy);
  }

  void event(String org, String type, String payload) throws Exception {
    exec("INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)",
        org, type, payload);
  }

  /** Polls {@code condition} until true or the bound passes (real time must pass here). */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    long until = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10); // polling interval of a bounded await, not timing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static BooleanSupplier quietly(SqlCondition c) {
    return () -> {
      try {
        return c.test();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  interface SqlCondition {
    boolean test() throws Exception;
  }

  String metrics() {
    return registries.get(registries.size() - 1).scrape();
  }

  @Override
  public void close() throws Exception {
    for (DeliveryWorker w : workers) {
      w.stop().await(30, TimeUnit.SECONDS);
    }
    for (DeliveryStore store : stores) {
      store.close().await(10, TimeUnit.SECONDS);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

}
