package io.navidocs.webhooks.delivery;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on 127.0.0.1 answering per path, recording every request it gets. */
final class Receiver implements AutoCloseable {
  record Received(String path, MultiMap headers, String body, long atMs) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler<HttpServerRequest>> answers = new ConcurrentHashMap<>();
  private final HttpServer server;

  Receiver(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new Received(req.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(req.headers()), body.toString(), System.currentTimeMillis()));
      answers.getOrDefault(req.path(), r -> r.response().setStatusCode(204).end()).handle(req);
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  Receiver on(String path, Handler<HttpServerRequest> answer) {
    answers.put(path, answer);
    return this;
  }

  Receiver status(String path, int status) {
    return on(path, r -> r.response().setStatusCode(status).end());
  }

  /** Never answers: the request stays open until the client gives up. */
  Receiver hang(String path) {
    return on(path, r -> { });
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  long count(String path) {
    return received.stream().filter(r -> r.path().equals(path)).count();
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
