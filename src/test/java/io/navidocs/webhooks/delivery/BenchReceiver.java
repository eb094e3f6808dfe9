package io.navidocs.webhooks.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's receiver as its own process (a real receiver runs elsewhere than the engine):
 * one Vert.x event loop, N ports on 127.0.0.1, every POST answered 204. Not a test.
 *
 * <p>Args: {@code [ports=1]}. Prints {@code PORTS p1,p2,…} once listening. On the first port,
 * {@code GET /count} answers the number of POSTs received so far, and {@code GET /latencies}
 * answers (and forgets) the latencies in µs of POSTs to {@code /lat…}, from the body's
 * {@code data.t} (Unix µs at insert, written by the benchmark process) to arrival here; both
 * processes read the same system clock.
 */
public final class BenchReceiver {
  private BenchReceiver() {}

  public static void main(String[] args) throws Exception {
    int ports = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
        .setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    String listening = start(vertx, ports);
    System.out.println("PORTS " + listening);
    System.out.flush();
    // Runs until the benchmark closes stdin (or kills it).
    while (System.in.read() >= 0) {
      // nothing to read; waiting for end of input
    }
    vertx.close();
    System.exit(0);
  }

  /**
   * The body's {@code data.t}: the only {@code "t":} in the benchmark's bodies (the envelope's
   * keys are id, event_type, organization_id, timestamp, data). Read by hand, not parsed as
   * JSON: at 10,000 deliveries/s the receiver shares the engine's two cores.
   */
  static long insertedAtMicros(String body) {
    int at = body.indexOf("\"t\":");
    if (at < 0) {
      throw new IllegalArgumentException("no \"t\" in the body: " + body);
    }
    long t = 0;
    for (int i = at + 4; i < body.length() && Character.isDigit(body.charAt(i)); i++) {
      t = t * 10 + (body.charAt(i) - '0');
    }
    return t;
  }

  /** Starts the servers on {@code vertx}; returns their ports, comma-separated. */
  static String start(Vertx vertx, int ports) throws Exception {
    AtomicLong received = new AtomicLong();
    List<Long> latencies = new ArrayList<>(); // event-loop only
    StringBuilder listening = new StringBuilder();
    for (int i = 0; i < ports; i++) {
      HttpServer server = vertx.createHttpServer().requestHandler(req -> {
        if (req.method().name().equals("GET")) {
          String answer;
          if (req.path().equals("/latencies")) {
            StringBuilder out = new StringBuilder();
            for (long l : latencies) {
              out.append(l).append('\n');
            }
            latencies.clear();
            answer = out.toString();
          } else {
            answer = Long.toString(received.get());
          }
          req.response().end(answer);
          return;
        }
        req.body().onSuccess(body -> {
          if (req.path().startsWith("/lat")) {
            Instant now = Instant.now();
            long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
            latencies.add(nowMicros - insertedAtMicros(body.toString()));
          }
          received.incrementAndGet();
          req.response().setStatusCode(204).end();
        });
      }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      listening.append(i == 0 ? "" : ",").append(server.actualPort());
    }
    return listening.toString();
  }
}
