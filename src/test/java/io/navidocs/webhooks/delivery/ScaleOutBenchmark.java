package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scale-out benchmark (issue 7; a main class, not a test; see docs/benchmarks.md): deliveries a
 * second end to end with 1, 2 and 3 engine instances on one PostgreSQL database (embedded, started
 * here; each instance with its own Vert.x and database session, in this JVM) beside one instance
 * on SQLite. Events are inserted into the outbox by a separate connection while the workers run,
 * fanned out to N webhooks, until the last 2xx at a local receiver (its own Vert.x, one event
 * loop, answering 204 at once).
 *
 * <p>Args: {@code [runs=3] [webhooks=16] [events=2000]}. Prints each run and the medians. On a
 * machine with few cores the instances share the same CPUs, so more instances cannot mean more
 * deliveries a second there; compare ratios within one run.
 */
public final class ScaleOutBenchmark {
  private ScaleOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int webhooks = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Vertx receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    AtomicLong delivered = new AtomicLong();
    HttpServer receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body()
        .onSuccess(body -> {
          delivered.incrementAndGet();
          req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + receiver.actualPort();

    String[] names = {"SQLite x1", "PostgreSQL x1", "PostgreSQL x2", "PostgreSQL x3"};
    List<List<Double>> rates = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      rates.add(new ArrayList<>());
    }
    // Warm-up (discarded): JIT, and the embedded PostgreSQL's first start.
    run(Dialect.SQLITE, 1, base, webhooks, events, delivered);
    run(Dialect.POSTGRESQL, 2, base, webhooks, events, delivered);
    for (int r = 1; r <= runs; r++) {
      StringBuilder line = new StringBuilder("run " + r + ":");
      for (int i = 0; i < names.length; i++) {
        double rate = i == 0 ? run(Dialect.SQLITE, 1, base, webhooks, events, delivered)
            : run(Dialect.POSTGRESQL, i, base, webhooks, events, delivered);
        rates.get(i).add(rate);
        line.append(String.format(" %s %.0f/s;", names[i], rate));
      }
      System.out.println(line);
    }
    StringBuilder medians = new StringBuilder(String.format(
        "MEDIANS (%d runs, %d webhooks, %d events = %d deliveries/run):", runs, webhooks, events,
        webhooks * events));
    double pg1 = DeliveryBenchmark.median(rates.get(1));
    for (int i = 0; i < names.length; i++) {
      double m = DeliveryBenchmark.median(rates.get(i));
      medians.append(String.format(" %s %.0f deliveries/s (%.2f x PostgreSQL x1);", names[i], m,
          m / pg1));
    }
    System.out.println(medians);
    receiverVertx.close();
    System.exit(0);
  }

  /** One throughput run: fresh database, {@code instances} workers; returns deliveries/s. */
  static double run(Dialect dialect, int instances, String base, int webhooks, int events,
      AtomicLong delivered) throws Exception {
    Path dir = io.navidocs.webhooks.bench.BenchDirs.create("navidocs-scaleout");
    List<Vertx> own = new ArrayList<>();
    List<DeliveryWorker> workers = new ArrayList<>();
    try (EngineFixture f = new EngineFixture(dialect, dir)) {
      f.settings = EngineFixture.settings(d -> new Settings.Delivery(true,
          List.of("127.0.0.0/8"), 5000, 15000, 60, 32, 512, 8));
      for (int i = 0; i < webhooks; i++) {
        f.webhook("wh-" + i, "org-1", base + "/t" + i, "[\"*\"]");
      }
      for (int i = 1; i <= instances; i++) {
        Vertx v = Vertx.vertx();
        own.add(v);
        Database db = dialect == Dialect.SQLITE ? f.database
            : new Database(f.database.configuredUrl() + "&ApplicationName=bench-" + i, 5000);
        workers.add(f.start(f.context("bench-" + i, v, db, f.clock), Duration.ofSeconds(5)));
      }
      long target = delivered.get() + (long) webhooks * events;
      long start = System.nanoTime();
      DeliveryBenchmark.insertEvents(f, events);
      while (delivered.get() < target) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
      return webhooks * (double) events / ((System.nanoTime() - start) / 1e9);
    } finally {
      for (DeliveryWorker w : workers) {
        w.stop().await(30, TimeUnit.SECONDS);
      }
      for (Vertx v : own) {
        v.close().await(30, TimeUnit.SECONDS);
      }
    }
  }
}
