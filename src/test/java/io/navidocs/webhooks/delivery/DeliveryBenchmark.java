package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.event.OutboxPoller;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end delivery benchmark on SQLite (a main class, not a test; see docs/benchmarks.md):
 * <ol>
 *   <li>throughput: events inserted into the outbox by a separate JDBC connection while the
 *       worker runs, fanned out to N webhooks, until the last 2xx at a local receiver;
 *   <li>latency insert → 2xx at 1,000 events/s to one webhook, once with the event-bus wake the
 *       API sends after an insert and once with polling only;
 *   <li>the receiver's own ceiling, measured with {@code wrk} against the same server.
 * </ol>
 * Args: {@code [runs=3] [webhooks=16] [events=4000]}. Prints each run and the medians.
 */
public final class DeliveryBenchmark {
  private DeliveryBenchmark() {}

  /** Deliveries per CPU-second of the last throughput phase (independent of other load). */
  static double lastCpuRate;

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int webhooks = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    Vertx receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    AtomicLong delivered = new AtomicLong();
    List<Long> latenciesNs = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = receiverVertx.createHttpServer().requestHandler(req -> req.body()
        .onSuccess(body -> {
          if (req.path().equals("/lat")) {
            long t = new JsonObject(body.toString()).getJsonObject("data").getLong("t");
            latenciesNs.add(System.nanoTime() - t);
          }
          delivered.incrementAndGet();
          req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String base = "http://127.0.0.1:" + receiver.actualPort();

    List<Double> rates = new ArrayList<>();
    List<Double> cpuRates = new ArrayList<>();
    List<Double> wakeP50 = new ArrayList<>();
    List<Double> wakeP99 = new ArrayList<>();
    List<Double> pollP50 = new ArrayList<>();
    List<Double> pollP99 = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    // Warm-up (discarded): on 2 cores the JIT compilers otherwise take most of the first run.
    throughput(Files.createTempDirectory("navidocs-warmup").resolve("t"), base, webhooks,
        events, delivered);
    latency(Files.createTempDirectory("navidocs-warmup").resolve("w"), base, true, latenciesNs);
    for (int run = 1; run <= runs; run++) {
      Path dir = Files.createTempDirectory("navidocs-bench");
      double rate = throughput(dir.resolve("t"), base, webhooks, events, delivered);
      if (args.length > 3 && args[3].equals("throughput-only")) {
        System.out.printf("run %d: %.0f deliveries/s%n", run, rate);
        continue;
      }
      double[] wake = latency(dir.resolve("w"), base, true, latenciesNs);
      double[] poll = latency(dir.resolve("p"), base, false, latenciesNs);
      double ceiling = wrk(base + "/ceiling");
      System.out.printf("run %d: %.0f deliveries/s; wake p50 %.1f ms p99 %.1f ms; "
          + "poll-only p50 %.1f ms p99 %.1f ms; receiver ceiling (wrk) %.0f req/s%n",
          run, rate, wake[0], wake[1], poll[0], poll[1], ceiling);
      rates.add(rate);
      cpuRates.add(lastCpuRate);
      wakeP50.add(wake[0]);
      wakeP99.add(wake[1]);
      pollP50.add(poll[0]);
      pollP99.add(poll[1]);
      ceilings.add(ceiling);
    }
    if (ceilings.isEmpty()) {
      System.exit(0);
    }
    System.out.printf("MEDIANS (%d runs, %d webhooks, %d events = %d deliveries/run): "
        + "%.0f deliveries/s; latency at 1,000 events/s with wake p50 %.1f ms p99 %.1f ms, "
        + "poll-only (250 ms) p50 %.1f ms p99 %.1f ms; receiver ceiling %.0f req/s; "
        + "engine/ceiling %.2f; %.0f deliveries per CPU-second%n", runs, webhooks, events, webhooks * events, median(rates),
        median(wakeP50), median(wakeP99), median(pollP50), median(pollP99), median(ceilings),
        median(rates) / median(ceilings), median(cpuRates));
    receiverVertx.close();
    System.exit(0);
  }

  static double throughput(Path dir, String base, int webhooks, int events, AtomicLong delivered)
      throws Exception {
    Files.createDirectories(dir);
    try (EngineFixture f = new EngineFixture(dir)) {
      f.settings = EngineFixture.settings(d -> new io.navidocs.webhooks.config.Settings.Delivery(
          true, List.of("127.0.0.0/8"), 5000, 15000, 60, 32, 512, 8));
      for (int i = 0; i < webhooks; i++) {
        f.webhook("wh-" + i, "org-1", base + "/t" + i, "[\"*\"]");
      }
      f.start("bench");
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long before = delivered.get();
      long target = before + (long) webhooks * events;
      long start = System.nanoTime();
      try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
          "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
        c.setAutoCommit(false);
        for (int i = 0; i < events; i++) {
          ps.setString(1, "org-1");
          ps.setString(2, "DOCUMENT_UPLOADED");
          ps.setString(3, "{\"document_id\":\"doc-" + i + "\",\"boat_id\":\"boat-1\"}");
          ps.addBatch();
          if (i % 100 == 99) { // the app commits in small transactions
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      while (delivered.get() < target) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      lastCpuRate = webhooks * events / cpuSeconds;
      System.out.printf("  throughput phase: %.1f s wall, %.1f CPU-s of this process "
          + "(engine + receiver): %.0f deliveries per CPU-second%n", seconds, cpuSeconds,
          lastCpuRate);
      return webhooks * events / seconds;
    }
  }

  /** Inserts 1,000 events/s for 5 s to one webhook; returns p50 and p99 in ms. */
  static double[] latency(Path dir, String base, boolean wake, List<Long> latenciesNs)
      throws Exception {
    Files.createDirectories(dir);
    latenciesNs.clear();
    int total = 5000;
    try (EngineFixture f = new EngineFixture(dir)) {
      f.settings = EngineFixture.settings(d -> d);
      f.settings = new io.navidocs.webhooks.config.Settings(f.settings.database(),
          f.settings.http(), f.settings.auth(),
          new io.navidocs.webhooks.config.Settings.Worker(true, 250, 500),
          f.settings.delivery(), f.settings.retry(), f.settings.retention(),
          f.settings.backup(), f.settings.logging());
      f.webhook("lat", "org-1", base + "/lat", "[\"*\"]");
      f.start("bench");
      try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
          "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
        long start = System.nanoTime();
        for (int tick = 0; tick < total / 10; tick++) {
          long due = start + tick * 10_000_000L; // 10 events every 10 ms
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          for (int i = 0; i < 10; i++) {
            ps.setString(1, "org-1");
            ps.setString(2, "DOCUMENT_UPLOADED");
            ps.setString(3, "{\"t\":" + System.nanoTime() + "}");
            ps.executeUpdate(); // autocommit: one transaction per event, as an app would
          }
          if (wake) {
            f.vertx.eventBus().publish(OutboxPoller.WAKE_ADDRESS, null);
          }
        }
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (latenciesNs.size() < total && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      long[] sorted = latenciesNs.stream().mapToLong(Long::longValue).sorted().toArray();
      return new double[] {sorted[sorted.length / 2] / 1e6,
          sorted[(int) (sorted.length * 0.99)] / 1e6};
    }
  }

  /** The receiver's own ceiling: wrk, 1 thread, 64 connections, 5 s, POST of a similar body. */
  static double wrk(String url) throws Exception {
    Path script = Files.createTempFile("wrk", ".lua");
    Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '{\"id\":\"evt_0123456789abcdef0123456789abcdef\",\"event_type\":\"DOCUMENT_UPLOADED\",\"organization_id\":\"org-1\",\"timestamp\":\"2026-11-24T10:00:00.123Z\",\"data\":{\"document_id\":\"doc-1\",\"boat_id\":\"boat-1\"}}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
    Process p = new ProcessBuilder("wrk", "-t1", "-c64", "-d5s", "-s", script.toString(), url)
        .redirectErrorStream(true).start();
    double rate = Double.NaN;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("Requests/sec:")) {
          rate = Double.parseDouble(line.substring("Requests/sec:".length()).trim());
        }
      }
    }
    p.waitFor();
    return rate;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
