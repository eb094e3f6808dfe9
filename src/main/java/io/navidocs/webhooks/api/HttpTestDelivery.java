package io.navidocs.webhooks.api;

import io.navidocs.webhooks.app.Version;
import io.navidocs.webhooks.delivery.NetworkPolicy;
import io.navidocs.webhooks.signing.Signer;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TestDelivery} over Vert.x's WebClient: signed as SPEC §4 says, redirects not followed,
 * the host's addresses checked against the network policy just before connecting. It stands in
 * until the service binds the delivery engine's sender, which checks the address the socket
 * actually connects to.
 */
public final class HttpTestDelivery implements TestDelivery {
  private final Vertx vertx;
  private final WebClient client;
  private final NetworkPolicy policy;
  private final long requestTimeoutMs;

  public HttpTestDelivery(Vertx vertx, NetworkPolicy policy, int connectTimeoutMs,
      long requestTimeoutMs) {
    this.vertx = vertx;
    this.policy = policy;
    this.requestTimeoutMs = requestTimeoutMs;
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setConnectTimeout(connectTimeoutMs).setUserAgent("NaviDocs-Webhooks/" + Version.get()));
  }

  @Override
  public Future<Result> send(Request r) {
    long started = System.nanoTime();
    String host = URI.create(r.url()).getHost();
    return vertx.<Optional<String>>executeBlocking(() -> refused(host), false)
        .compose(refusal -> {
          if (refusal.isPresent()) {
            return Future.succeededFuture(new Result(false, null, elapsed(started),
                refusal.get()));
          }
          List<WebhookSecret> secrets = r.secretsNewestFirst().stream()
              .map(WebhookSecret::of).toList();
          Signer.Signatures sig = Signer.sign(r.eventId(), r.timestampSeconds(), r.body(),
              secrets);
          HttpRequest<Buffer> req = client.postAbs(r.url()).timeout(requestTimeoutMs)
              .putHeader("Content-Type", "application/json")
              .putHeader("X-NaviDocs-Topic", r.eventType())
              .putHeader("X-NaviDocs-Delivery", r.deliveryId());
          sig.headers().forEach(req::putHeader);
          return req.sendBuffer(Buffer.buffer(r.body()))
              .map(resp -> {
                int status = resp.statusCode();
                boolean ok = status >= 200 && status < 300;
                return new Result(ok, status, elapsed(started),
                    ok ? null : "receiver answered HTTP " + status);
              })
              .recover(e -> Future.succeededFuture(new Result(false, null, elapsed(started),
                  e.getClass().getSimpleName() + ": " + e.getMessage())));
        });
  }

  private Optional<String> refused(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        Optional<String> why = policy.refusalReason(a);
        if (why.isPresent()) {
          return Optional.of("blocked: " + why.get());
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.of("host does not resolve");
    }
  }

  private static long elapsed(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Closes the HTTP client. */
  public void close() {
    client.close();
  }
}
