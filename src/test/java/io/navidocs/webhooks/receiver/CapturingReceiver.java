package io.navidocs.webhooks.receiver;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real HTTP receiver on 127.0.0.1 (any free port) that records every request it gets (method,
 * path, headers, body bytes as text) and answers with a status chosen per path. It is the
 * "other end" of a delivery; verification happens in the tests, with libraries nobody here
 * wrote.
 */
final class CapturingReceiver implements AutoCloseable {
  /** One request as received. Header names are lower case. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> statusByPath = new java.util.concurrent.ConcurrentHashMap<>();

  CapturingReceiver() throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, List<String>> headers = new TreeMap<>();
      req.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(e.getValue()));
      received.add(new Received(req.method().name(), req.path(), headers, body.toString()));
      req.response().setStatusCode(statusByPath.getOrDefault(req.path(), 200)).end("ok");
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** {@code http://127.0.0.1:<port>} */
  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Answers {@code status} to every request for {@code path} from now on. */
  void answer(String path, int status) {
    statusByPath.put(path, status);
  }

  List<Received> all() {
    return List.copyOf(received);
  }

  /**
   * Waits (polling, bounded) until {@code count} requests match, and returns them.
   *
   * @throws AssertionError when they do not arrive within {@code timeout}
   */
  List<Received> await(Predicate<Received> match, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Received> hits = received.stream().filter(match).toList();
      if (hits.size() >= count) {
        return hits;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " matching requests within " + timeout
            + ", got " + hits.size() + " (all: " + received.size() + ")");
      }
      try {
        // A bounded poll, not a timing assumption: the loop ends on the condition.
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
