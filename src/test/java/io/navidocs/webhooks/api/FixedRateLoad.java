package io.navidocs.webhooks.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-loop load generator for the admin API benchmark (docs/benchmarks.md, "Admin API
 * (issue 4)"): sends GET requests at a fixed rate whatever the answers, and measures each
 * latency from the time the request was <em>scheduled</em>, not sent, so a stalled server shows
 * in the percentiles instead of silently lowering the rate (coordinated omission).
 *
 * <pre>
 * java -cp target/test-classes:target/navidocs-webhooks.jar io.navidocs.webhooks.api.FixedRateLoad \
 *     URL TOKEN [rate=1000] [seconds=10] [warmupSeconds=3] [connections=32]
 * </pre>
 *
 * Prints one line: achieved rate, errors, p50/p90/p99/p99.9/max in milliseconds.
 */
public final class FixedRateLoad {
  private static final int PRIMING_REQUESTS =
      Integer.parseInt(System.getenv().getOrDefault("FIXED_RATE_PRIMING", "20000"));

  private FixedRateLoad() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String token = args[1];
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    int connections = args.length > 5 ? Integer.parseInt(args[5]) : 32;

    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost(uri.getHost()).setPort(uri.getPort())
        .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
        .putHeader("Authorization", "Bearer " + token);

    // Closed-loop priming first: a cold client JVM (class loading, JIT, opening connections)
    // would otherwise start the schedule seconds behind and blame the server for it.
    CountDownLatch primed = new CountDownLatch(PRIMING_REQUESTS);
    for (int lane = 0; lane < 4; lane++) {
      prime(client, request, primed);
    }
    primed.await(120, TimeUnit.SECONDS);

    int total = rate * (warmup + seconds);
    int measuredFrom = rate * warmup;
    long[] latencyNanos = new long[total];
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int[] sent = {0};
    // A 1 ms tick sends every request whose scheduled time has come; each keeps its own
    // scheduled time, so a late tick or a full connection pool counts against the server.
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (sent[0] < total && start + sent[0] * intervalNanos <= now) {
        int i = sent[0]++;
        long scheduled = start + i * intervalNanos;
        client.request(request)
            .compose(req -> req.send())
            .compose(resp -> resp.body().map(b -> resp.statusCode()))
            .onComplete(ar -> {
              latencyNanos[i] = System.nanoTime() - scheduled;
              if (ar.failed() || ar.result() != 200) {
                errors.incrementAndGet();
              }
              done.countDown();
            });
      }
      if (sent[0] >= total) {
        vertx.cancelTimer(id);
      }
    });
    boolean finished = done.await(warmup + seconds + 60L, TimeUnit.SECONDS);
    long elapsed = System.nanoTime() - start;
    if (System.getenv("FIXED_RATE_DEBUG") != null) {
      for (int sec = 0; sec < warmup + seconds; sec++) {
        long max = 0;
        for (int i = sec * rate; i < (sec + 1) * rate; i++) {
          max = Math.max(max, latencyNanos[i]);
        }
        System.err.printf("second %d: max %.1f ms%n", sec, max / 1e6);
      }
    }
    long[] measured = Arrays.copyOfRange(latencyNanos, measuredFrom, total);
    Arrays.sort(measured);
    System.out.printf("rate=%d/s achieved=%.0f/s n=%d errors=%d finished=%s "
            + "p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
        rate, total * 1e9 / elapsed, measured.length, errors.get(), finished,
        ms(measured, 0.50), ms(measured, 0.90), ms(measured, 0.99), ms(measured, 0.999),
        measured[measured.length - 1] / 1e6);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static void prime(HttpClient client, RequestOptions request, CountDownLatch left) {
    client.request(request).compose(req -> req.send()).compose(resp -> resp.body())
        .onComplete(ar -> {
          left.countDown();
          if (left.getCount() > 0) {
            prime(client, request, left);
          }
        });
  }

  private static double ms(long[] sorted, double quantile) {
    int i = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
