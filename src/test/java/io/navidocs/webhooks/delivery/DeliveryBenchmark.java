package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.event.OutboxPoller;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * End-to-end delivery benchmark on SQLite (a main class, not a test; see docs/benchmarks.md):
 * <ol>
 *   <li>throughput: events inserted into the outbox by a separate JDBC connection while the
 *       worker runs, fanned out to N webhooks, until the last 2xx at a local receiver;
 *   <li>latency insert → 2xx at 1,000 events/s to one webhook, once with the event-bus wake the
 *       API sends after an insert and once with polling only;
 *   <li>the receiver's own ceiling, measured with {@code wrk} against the same server.
 * </ol>
 * With the option {@code paced=RATE} (and {@code for=SECONDS}, default 30) each run is instead a
 * sustained phase: the app inserts RATE deliveries/s worth of events, and the run reports what was
 * delivered (over the phase, and in the steady state of its last two thirds against what the app
 * inserted meanwhile), the backlog left, insert → 2xx percentiles and the app's commit latency
 * (see {@link #paced}); the third argument is then the warm-up's event count.
 * Args: {@code [runs=3] [webhooks=16] [events=4000] [options…]}, options:
 * {@code throughput-only}; {@code inproc} (the receiver in this JVM, as before 2026-11-26's
 * second session; default: {@link BenchReceiver} in its own process); {@code one-port} (all
 * webhooks on one host:port; default: one port per webhook). Prints each run and the medians,
 * and per throughput phase the CPU-seconds by thread group of this process and of the receiver.
 */
public final class DeliveryBenchmark {
  private DeliveryBenchmark() {}

  /** Deliveries per CPU-second of the last throughput phase, engine process only. */
  static double lastCpuRate;
  /** Deliveries per CPU-second of the last throughput phase, engine and receiver processes. */
  static double lastTotalCpuRate;

  /** Where the receiver listens and how to ask it what it got. */
  record Target(List<Integer> ports, Process process, HttpClient http) {
    String url(int webhook, String path) {
      return "http://127.0.0.1:" + ports.get(webhook % ports.size()) + path;
    }

    long count() throws Exception {
      return Long.parseLong(get("/count").trim());
    }

    List<Long> latenciesMicros() throws Exception {
      List<Long> out = new ArrayList<>();
      for (String line : get("/latencies").split("\n")) {
        if (!line.isBlank()) {
          out.add(Long.parseLong(line.trim()));
        }
      }
      return out;
    }

    /** CPU-seconds the receiver process used so far (0 when it runs in this JVM). */
    double cpuSeconds() throws Exception {
      if (process == null) {
        return 0;
      }
      String[] f = Files.readString(Path.of("/proc/" + process.pid() + "/stat"))
          .replaceFirst("^.*\\) ", "").split(" ");
      // After "pid (comm) ": state is field 0, utime 11, stime 12 (clock ticks, 100/s).
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private String get(String path) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(0)
          + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int webhooks = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    List<String> options = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
    boolean throughputOnly = options.contains("throughput-only");
    int ports = options.contains("one-port") ? 1 : webhooks;
    Target target;
    if (options.contains("inproc")) {
      Vertx receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      target = new Target(ports(BenchReceiver.start(receiverVertx, ports)), null,
          HttpClient.newHttpClient());
    } else {
      Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "-cp", System.getProperty("java.class.path"), BenchReceiver.class.getName(),
          Integer.toString(ports)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      String line = out.readLine();
      if (line == null || !line.startsWith("PORTS ")) {
        throw new IllegalStateException("receiver did not start: " + line);
      }
      target = new Target(ports(line.substring(6)), p, HttpClient.newHttpClient());
    }
    System.out.printf("receiver: %s, %d port(s)%n", target.process() == null ? "in this JVM"
        : "own process " + target.process().pid(), ports);

    int pacedRate = option(options, "paced=", 0);
    if (pacedRate > 0) {
      pacedRuns(target, runs, webhooks, events, pacedRate, option(options, "for=", 30));
      return;
    }
    List<Double> rates = new ArrayList<>();
    List<Double> cpuRates = new ArrayList<>();
    List<Double> totalCpuRates = new ArrayList<>();
    List<Double> wakeP50 = new ArrayList<>();
    List<Double> wakeP99 = new ArrayList<>();
    List<Double> pollP50 = new ArrayList<>();
    List<Double> pollP99 = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    // Warm-up (discarded): on 2 cores the JIT compilers otherwise take most of the first run.
    throughput(io.navidocs.webhooks.bench.BenchDirs.create("navidocs-warmup").resolve("t"), target, webhooks,
        events);
    if (!throughputOnly) {
      latency(io.navidocs.webhooks.bench.BenchDirs.create("navidocs-warmup").resolve("w"), target, true);
    }
    for (int run = 1; run <= runs; run++) {
      Path dir = io.navidocs.webhooks.bench.BenchDirs.create("navidocs-bench");
      double rate = throughput(dir.resolve("t"), target, webhooks, events);
      rates.add(rate);
      cpuRates.add(lastCpuRate);
      totalCpuRates.add(lastTotalCpuRate);
      if (throughputOnly) {
        System.out.printf("run %d: %.0f deliveries/s%n", run, rate);
        continue;
      }
      double[] wake = latency(dir.resolve("w"), target, true);
      double[] poll = latency(dir.resolve("p"), target, false);
      double ceiling = wrk(target.url(0, "/ceiling"));
      System.out.printf("run %d: %.0f deliveries/s; wake p50 %.1f ms p99 %.1f ms; "
          + "poll-only p50 %.1f ms p99 %.1f ms; receiver ceiling (wrk) %.0f req/s%n",
          run, rate, wake[0], wake[1], poll[0], poll[1], ceiling);
      wakeP50.add(wake[0]);
      wakeP99.add(wake[1]);
      pollP50.add(poll[0]);
      pollP99.add(poll[1]);
      ceilings.add(ceiling);
    }
    if (throughputOnly) {
      System.out.printf("MEDIANS (%d runs, %d webhooks, %d events = %d deliveries/run): "
          + "%.0f deliveries/s; %.0f deliveries per CPU-second (engine process), %.0f (engine "
          + "+ receiver)%n", runs, webhooks, events, webhooks * events, median(rates),
          median(cpuRates), median(totalCpuRates));
    } else {
      System.out.printf("MEDIANS (%d runs, %d webhooks, %d events = %d deliveries/run): "
          + "%.0f deliveries/s; latency at 1,000 events/s with wake p50 %.1f ms p99 %.1f ms, "
          + "poll-only (250 ms) p50 %.1f ms p99 %.1f ms; receiver ceiling %.0f req/s; "
          + "engine/ceiling %.2f; %.0f deliveries per CPU-second (engine process), %.0f "
          + "(engine + receiver)%n", runs, webhooks, events, webhooks * events, median(rates),
          median(wakeP50), median(wakeP99), median(pollP50), median(pollP99), median(ceilings),
          median(rates) / median(ceilings), median(cpuRates), median(totalCpuRates));
    }
    finish(target);
  }

  /** Stops the receiver process (if any) and this JVM. */
  private static void finish(Target target) throws Exception {
    if (target.process() != null) {
      target.process().getOutputStream().close();
      target.process().waitFor(10, TimeUnit.SECONDS);
      target.process().destroy();
    }
    System.exit(0);
  }

  private static int option(List<String> options, String prefix, int otherwise) {
    return options.stream().filter(o -> o.startsWith(prefix))
        .mapToInt(o -> Integer.parseInt(o.substring(prefix.length()))).findFirst()
        .orElse(otherwise);
  }

  /** The paced mode: a discarded flood run to warm up, then {@code runs} paced phases. */
  private static void pacedRuns(Target target, int runs, int webhooks, int warmupEvents,
      int rate, int seconds) throws Exception {
    throughput(io.navidocs.webhooks.bench.BenchDirs.create("navidocs-warmup").resolve("t"),
        target, webhooks, warmupEvents);
    List<Paced> results = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path dir = io.navidocs.webhooks.bench.BenchDirs.create("navidocs-bench");
      Paced p = paced(dir.resolve("s"), target, webhooks, rate, seconds);
      results.add(p);
      double ceiling = wrk(target.url(0, "/ceiling"));
      ceilings.add(ceiling);
      System.out.printf("run %d: offered %.0f/s, delivered %.0f/s (steady state: inserted "
          + "%.0f/s, delivered %.0f/s); p50 %.1f ms p99 %.1f ms; receiver ceiling (wrk) %.0f "
          + "req/s%n", run, p.offered(), p.delivered(), p.steadyOffered(), p.steady(), p.p50Ms(),
          p.p99Ms(), ceiling);
    }
    System.out.printf("MEDIANS (%d runs, %d webhooks, paced %d deliveries/s for %d s): "
        + "delivered %.0f/s; steady state inserted %.0f/s, delivered %.0f/s; insert -> 2xx p50 "
        + "%.1f ms p99 %.1f ms (poll interval %d ms); backlog a third in %.0f, when the app "
        + "stopped %.0f; app commit p99 %.1f ms; receiver ceiling %.0f req/s; delivered/ceiling "
        + "%.2f%n", runs, webhooks, rate,
        seconds, median(results.stream().map(Paced::delivered).toList()),
        median(results.stream().map(Paced::steadyOffered).toList()),
        median(results.stream().map(Paced::steady).toList()),
        median(results.stream().map(Paced::p50Ms).toList()),
        median(results.stream().map(Paced::p99Ms).toList()),
        io.navidocs.webhooks.config.Settings.Worker.DEFAULT_POLL_INTERVAL_MS,
        median(results.stream().map(r -> (double) r.steadyBacklog()).toList()),
        median(results.stream().map(r -> (double) r.backlogAtEnd()).toList()),
        median(results.stream().map(Paced::commitP99Ms).toList()), median(ceilings),
        median(results.stream().map(Paced::delivered).toList()) / median(ceilings));
    finish(target);
  }

  private static List<Integer> ports(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String p : csv.trim().split(",")) {
      out.add(Integer.parseInt(p));
    }
    return out;
  }

  /** CPU used from its creation on, by this process's thread groups and by the receiver. */
  static final class CpuWatch {
    private final Target target;
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, long[]> threadsBefore = threadCpu();
    private final long cpuBefore = os.getProcessCpuTime();
    private final double receiverCpuBefore;

    CpuWatch(Target target) throws Exception {
      this.target = target;
      this.receiverCpuBefore = target.cpuSeconds();
    }

    /** The CPU-seconds so far by group, and per delivery; sets the last* rates. */
    String report(long deliveries) throws Exception {
      double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      double receiverCpu = target.cpuSeconds() - receiverCpuBefore;
      lastCpuRate = deliveries / cpuSeconds;
      lastTotalCpuRate = deliveries / (cpuSeconds + receiverCpu);
      return String.format("engine process %.2f CPU-s:%s; receiver process %.2f CPU-s; %.0f "
          + "deliveries per CPU-second (engine process), %.0f (engine + receiver)", cpuSeconds,
          cpuByGroup(threadsBefore, cpuSeconds), receiverCpu, lastCpuRate, lastTotalCpuRate);
    }
  }

  /** CPU nanoseconds per live thread of this JVM, by thread id. */
  private static Map<Long, long[]> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, long[]> out = new HashMap<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null) {
        out.put(info.getThreadId(), new long[] {mx.getThreadCpuTime(info.getThreadId())});
      }
    }
    return out;
  }

  /** Per-thread-group CPU-seconds between two snapshots, the rest (JIT, GC) as "vm". */
  private static String cpuByGroup(Map<Long, long[]> before, double processCpuSeconds) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Double> groups = new TreeMap<>();
    double named = 0;
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = mx.getThreadCpuTime(info.getThreadId());
      long[] was = before.get(info.getThreadId());
      double s = (now - (was == null ? 0 : was[0])) / 1e9;
      String name = info.getThreadName();
      String group = name.startsWith("navidocs-delivery-store") ? "store"
          : name.startsWith("vert.x-eventloop") ? name.replace("vert.x-eventloop-thread", "el")
          : name.equals("main") ? "inserter(main)"
          : name.startsWith("vert.x-internal-blocking") ? "internal-blocking"
          : "other-java";
      groups.merge(group, s, Double::sum);
      named += s;
    }
    groups.put("vm(jit,gc)", processCpuSeconds - named);
    StringBuilder out = new StringBuilder();
    groups.forEach((k, v) -> out.append(String.format(" %s %.2f", k, v)));
    return out.toString();
  }

  /**
   * Samples the engine's store thread every 5 ms (thread state only, no stack: no safepoint):
   * the share of wall time it is working or runnable (RUNNABLE: Java or SQLite's native code,
   * including a busy handler's sleep) versus parked waiting for its next transaction (WAITING).
   * Near 100 % RUNNABLE means the store's serial work bounds the throughput.
   */
  static final class StoreSampler {
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<String, Integer> states = new TreeMap<>();
    private int samples;

    private StoreSampler() {
      thread = new Thread(this::run, "store-sampler");
      thread.setDaemon(true);
    }

    static StoreSampler start() {
      StoreSampler s = new StoreSampler();
      s.thread.start();
      return s;
    }

    private void run() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      while (running) {
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
          if (info != null && info.getThreadName().startsWith("navidocs-delivery-store")) {
            synchronized (this) {
              states.merge(info.getThreadState().name(), 1, Integer::sum);
              samples++;
            }
          }
        }
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
    }

    String stop() throws InterruptedException {
      running = false;
      thread.join();
      synchronized (this) {
        StringBuilder out = new StringBuilder();
        states.forEach((k, v) -> out.append(String.format("%s %.0f%% ", k,
            100.0 * v / Math.max(1, samples))));
        return out.toString().trim();
      }
    }
  }

  static double throughput(Path dir, Target target, int webhooks, int events) throws Exception {
    Files.createDirectories(dir);
    try (EngineFixture f = new EngineFixture(io.navidocs.webhooks.storage.Dialect.SQLITE, dir,
        !Boolean.getBoolean("bench.plainVertx"))) {
      f.settings = EngineFixture.settings(d -> new io.navidocs.webhooks.config.Settings.Delivery(
          true, List.of("127.0.0.0/8"), 5000, 15000, 60,
          Integer.getInteger("bench.perEndpoint", 32), Integer.getInteger("bench.global", 512),
          8));
      for (int i = 0; i < webhooks; i++) {
        f.webhook("wh-" + i, "org-1", target.url(i, "/t" + i), "[\"*\"]");
      }
      f.start("bench");
      CpuWatch cpu = new CpuWatch(target);
      long goal = target.count() + (long) webhooks * events;
      StoreSampler sampler = StoreSampler.start();
      long start = System.nanoTime();
      insertEvents(f, events);
      double insertSeconds = (System.nanoTime() - start) / 1e9;
      long deliveredWhenInserted = target.count() - (goal - (long) webhooks * events);
      while (target.count() < goal) {
        // A benchmark's polling interval, not a test's timing; each poll is an HTTP request of
        // this process (CPU counted under other-java) and of the receiver.
        TimeUnit.MILLISECONDS.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      String storeShare = sampler.stop();
      System.out.printf("  inserter done after %.2f s (%d deliveries made by then)%n",
          insertSeconds, deliveredWhenInserted);
      System.out.printf("  throughput phase: %.2f s wall; %s; %.0f deliveries/s; store "
          + "thread %s%n", seconds, cpu.report(webhooks * (long) events),
          webhooks * events / seconds, storeShare);
      return webhooks * events / seconds;
    }
  }

  /** Inserts 1,000 events/s for 5 s to one webhook; returns p50 and p99 in ms. */
  static double[] latency(Path dir, Target target, boolean wake) throws Exception {
    Files.createDirectories(dir);
    target.latenciesMicros(); // forget earlier ones
    int total = 5000;
    try (EngineFixture f = new EngineFixture(io.navidocs.webhooks.storage.Dialect.SQLITE, dir,
        !Boolean.getBoolean("bench.plainVertx"))) {
      f.settings = EngineFixture.settings(d -> d);
      f.settings = new io.navidocs.webhooks.config.Settings(f.settings.database(),
          f.settings.http(), f.settings.auth(),
          new io.navidocs.webhooks.config.Settings.Worker(true, 250, 500),
          f.settings.delivery(), f.settings.retry(), f.settings.retention(),
          f.settings.backup(), f.settings.logging());
      f.webhook("lat", "org-1", target.url(0, "/lat"), "[\"*\"]");
      f.start("bench");
      try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
          "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
        long start = System.nanoTime();
        for (int tick = 0; tick < total / 10; tick++) {
          long due = start + tick * 10_000_000L; // 10 events every 10 ms
          parkUntil(due);
          for (int i = 0; i < 10; i++) {
            Instant now = Instant.now();
            ps.setString(1, "org-1");
            ps.setString(2, "DOCUMENT_UPLOADED");
            ps.setString(3, "{\"t\":" + (now.getEpochSecond() * 1_000_000L
                + now.getNano() / 1000) + "}");
            ps.executeUpdate(); // autocommit: one transaction per event, as an app would
          }
          if (wake) {
            f.vertx.eventBus().publish(OutboxPoller.WAKE_ADDRESS, null);
          }
        }
      }
      List<Long> micros = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (micros.size() < total && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(20);
        micros.addAll(target.latenciesMicros());
      }
      long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      return new double[] {sorted[sorted.length / 2] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3};
    }
  }

  /** Parks the calling thread until {@link System#nanoTime()} reaches {@code due}. */
  private static void parkUntil(long due) {
    for (long left; (left = due - System.nanoTime()) > 0; ) {
      java.util.concurrent.locks.LockSupport.parkNanos(left);
    }
  }

  /** What a paced phase measured. */
  record Paced(double offered, double delivered, double steadyOffered, double steady,
      long steadyBacklog, double p50Ms,
      double p99Ms, double maxMs, long backlogAtEnd, double drainMs, double commitP99Ms,
      double commitMaxMs) {}

  /**
   * Sustained load: the app inserts events at {@code rate} deliveries/s ({@code rate / webhooks}
   * events/s, one transaction every 10 ms, no wake: the worker finds them by polling at the
   * service's default interval) for {@code seconds}, with the service's default limits. The
   * engine keeps up when its steady-state rate (deliveries the receiver counted over the last two
   * thirds of the phase, after the pipeline filled) matches what was offered, the backlog does
   * not grow from a third in to the end, and the latency insert → 2xx stays bounded. "Delivered
   * over the phase" divides everything by the time from the first insert to the last delivery,
   * so it also counts the start and the drain: below the offered rate even when the engine kept
   * up, by about the end-to-end latency.
   * Also reports the app's commit latency (how long the engine's writes make the app wait).
   */
  static Paced paced(Path dir, Target target, int webhooks, int rate, int seconds)
      throws Exception {
    Files.createDirectories(dir);
    target.latenciesMicros(); // forget earlier ones
    try (EngineFixture f = new EngineFixture(io.navidocs.webhooks.storage.Dialect.SQLITE, dir,
        !Boolean.getBoolean("bench.plainVertx"))) {
      var d = EngineFixture.settings(x -> x);
      f.settings = new io.navidocs.webhooks.config.Settings(d.database(), d.http(), d.auth(),
          new io.navidocs.webhooks.config.Settings.Worker(true,
              io.navidocs.webhooks.config.Settings.Worker.DEFAULT_POLL_INTERVAL_MS,
              io.navidocs.webhooks.config.Settings.Worker.DEFAULT_BATCH_SIZE),
          new io.navidocs.webhooks.config.Settings.Delivery(true, List.of("127.0.0.0/8"), 5000,
              15000, 60, Integer.getInteger("bench.perEndpoint", io.navidocs.webhooks.config
                  .Settings.Delivery.DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT),
              Integer.getInteger("bench.global", io.navidocs.webhooks.config.Settings.Delivery
                  .DEFAULT_MAX_IN_FLIGHT), 8),
          d.retry(), d.retention(), d.backup(), d.logging());
      for (int i = 0; i < webhooks; i++) {
        f.webhook("wh-" + i, "org-1", target.url(i, "/lat" + i), "[\"*\"]");
      }
      f.start("bench");
      double eventsPerSecond = (double) rate / webhooks;
      int ticks = seconds * 100;
      long base = target.count();
      List<Long> commits = new ArrayList<>();
      long inserted = 0;
      long start;
      long steadyStart = 0;
      long steadyCount = 0;
      long steadyBacklog = 0;
      long steadyInserted = 0;
      CpuWatch cpu = new CpuWatch(target);
      try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
          "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
        c.setAutoCommit(false);
        start = System.nanoTime();
        for (int tick = 1; tick <= ticks; tick++) {
          parkUntil(start + tick * 10_000_000L);
          if (tick == ticks / 3 + 1) {
            // The steady state's start: the first third warms the pipeline up (first polls,
            // connections, queues filling to their working depth).
            steadyStart = System.nanoTime();
            steadyCount = target.count();
            steadyBacklog = base + inserted * webhooks - steadyCount;
            steadyInserted = inserted;
          }
          long due = (long) (eventsPerSecond * tick / 100);
          long t0 = System.nanoTime();
          for (; inserted < due; inserted++) {
            Instant now = Instant.now();
            ps.setString(1, "org-1");
            ps.setString(2, "DOCUMENT_UPLOADED");
            ps.setString(3, "{\"document_id\":\"doc-" + inserted + "\",\"t\":"
                + (now.getEpochSecond() * 1_000_000L + now.getNano() / 1000) + "}");
            ps.addBatch();
          }
          ps.executeBatch();
          c.commit();
          commits.add(System.nanoTime() - t0);
        }
      }
      long insertEnd = System.nanoTime();
      long endCount = target.count();
      double window = (insertEnd - steadyStart) / 1e9;
      double steady = (endCount - steadyCount) / window;
      // What the app managed to insert meanwhile: less than the rate asked for when its commits
      // waited for the engine's write lock long enough to fall behind its schedule.
      double steadyOffered = (inserted - steadyInserted) * webhooks / window;
      long goal = base + inserted * webhooks;
      long backlog = goal - endCount;
      List<Long> micros = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (target.count() < goal && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(5); // the benchmark's polling interval, not timing
        micros.addAll(target.latenciesMicros());
      }
      double drainMs = (System.nanoTime() - insertEnd) / 1e6;
      micros.addAll(target.latenciesMicros());
      long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] commit = commits.stream().mapToLong(Long::longValue).sorted().toArray();
      double wall = (System.nanoTime() - start) / 1e9;
      Paced p = new Paced(inserted * webhooks / (double) seconds,
          (target.count() - base) / wall, steadyOffered, steady, steadyBacklog,
          sorted[sorted.length / 2] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[sorted.length - 1] / 1e3, backlog,
          drainMs, commit[(int) (commit.length * 0.99)] / 1e6, commit[commit.length - 1] / 1e6);
      System.out.printf("  paced %d s: offered %.0f deliveries/s, delivered %.0f/s over %.1f s "
          + "(%d of %d); steady state (last two thirds): inserted %.0f/s, delivered %.0f/s, "
          + "backlog %d then %d when the app stopped, drained %.0f ms later; insert -> 2xx p50 "
          + "%.1f ms p99 %.1f ms max %.1f ms; app commit p99 %.1f ms max %.1f ms%n", seconds,
          p.offered(), p.delivered(), wall, target.count() - base, inserted * webhooks,
          p.steadyOffered(), p.steady(), p.steadyBacklog(), backlog,
          drainMs, p.p50Ms(), p.p99Ms(), p.maxMs(), p.commitP99Ms(), p.commitMaxMs());
      System.out.printf("  %s%n", cpu.report(target.count() - base));
      return p;
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

  /** Inserts {@code events} outbox rows as the NaviDocs app would: small transactions of 100. */
  static void insertEvents(EngineFixture f, int events) throws Exception {
    try (Connection c = f.connect(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO domain_events (organization_id, event_type, payload) VALUES (?, ?, ?)")) {
      c.setAutoCommit(false);
      for (int i = 0; i < events; i++) {
        ps.setString(1, "org-1");
        ps.setString(2, "DOCUMENT_UPLOADED");
        ps.setString(3, "{\"document_id\":\"doc-" + i + "\",\"boat_id\":\"boat-1\"}");
        ps.addBatch();
        if (i % 100 == 99) {
          ps.executeBatch();
          c.commit();
        }
      }
      ps.executeBatch();
      c.commit();
    }
  }
}
