package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.event.EventType;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes HTTP attempts (SPEC §5): a keep-alive pooled client, connect and whole-request
 * timeouts, redirects never followed, the response body read to at most {@link #BODY_CAP}
 * bytes, and the SSRF guard on the address actually connected to ({@link AddressGuard}).
 *
 * <p>Also the API's synchronous test delivery: {@link #sendTest}.
 */
public final class WebhookSender {
  /** Most response bytes read and kept (SPEC §5). */
  public static final int BODY_CAP = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Event loops the client's connections run on, apart from the caller's (see constructor). */
  static final int CLIENT_EVENT_LOOPS = 1;

  private final Vertx vertx;
  private final Clock clock;
  private final HttpClient client;
  private final AddressGuard guard;
  private final boolean allowHttp;
  private final long requestTimeoutMs;
  private final long connectTimeoutMs;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private static final int MAX_CACHED_TARGETS = 10_000;

  /** A webhook as the test endpoint sends to it: its URL and live secrets, newest first. */
  public record TestTarget(String webhookId, String organizationId, String url,
      List<WebhookSecret> secretsNewestFirst) {
    @Override
    public String toString() {
      return "TestTarget[" + webhookId + "]";
    }
  }

  public WebhookSender(Vertx vertx, Settings.Delivery settings, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.allowHttp = settings.allowHttp();
    this.requestTimeoutMs = settings.requestTimeoutMs();
    this.connectTimeoutMs = settings.connectTimeoutMs();
    this.guard = new AddressGuard(vertx, new NetworkPolicy(settings.allowedNetworks()), clock);
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout(settings.connectTimeoutMs())
            .setMaxRedirects(0)
            .setIdleTimeout(0),
        // Sized to the global in-flight limit: webhooks on one host:port share a pool, and the
        // engine's own per-webhook limits must be what bounds them, or a hanging webhook would
        // queue its healthy neighbours on the same host behind its requests.
        // The connections live on an event loop of their own (CLIENT_EVENT_LOOPS): encoding,
        // socket writes and reads and response parsing run there, while the engine's event loop
        // only signs, claims and records. On one loop, a record transaction's claims (hundreds
        // of requests) were written in one burst during which the next transaction's result
        // waited, and the store thread with it (benchmarks.md, 2026-11-26 afternoon).
        new PoolOptions().setEventLoopSize(CLIENT_EVENT_LOOPS)
            .setHttp1MaxSize(Math.max(settings.maxInFlight(), settings.maxInFlightPerEndpoint())));
  }

  /** One attempt of a claimed delivery, signed with the webhook's live secrets. */
  public Future<AttemptResult> attempt(ClaimedDelivery d) {
    long started = clock.millis();
    if (d.secrets().isEmpty()) {
      return Future.succeededFuture(refused(started, "webhook secret is unusable"));
    }
    WebhookRequest request = WebhookRequest.of(d.eventId(), d.eventType(), d.organizationId(),
        d.eventCreatedAt(), d.payload(), d.id(), d.secrets(), started / 1000);
    return send(d.url(), request, started);
  }

  /**
   * One synchronous {@code WEBHOOK_TEST} delivery to {@code target} (SPEC §6
   * {@code POST /api/webhooks/{id}/test}); nothing is stored.
   */
  public Future<AttemptResult> sendTest(TestTarget target) {
    long started = clock.millis();
    if (target.secretsNewestFirst().isEmpty()) {
      return Future.succeededFuture(refused(started, "webhook secret is unusable"));
    }
    // The catalogue's example data (GET /api/topics), naming the webhook under test.
    String payload = EventType.WEBHOOK_TEST.exampleData().put("webhook_id", target.webhookId())
        .encode();
    WebhookRequest request = WebhookRequest.of(randomId("evt_test_"), "WEBHOOK_TEST",
        target.organizationId(), started, payload, randomId("dlv_test_"),
        target.secretsNewestFirst(), started / 1000);
    return send(target.url(), request, started);
  }

  /** Closes the client's connections. */
  public Future<Void> close() {
    return client.close();
  }

  /** A URL taken apart once: checked against the URL rules, then host, port, path. */
  private record Target(String problem, boolean https, String host, int port, String path) {}

  private Target target(String url) {
    Target t = targets.get(url);
    if (t == null) {
      t = parse(url);
      if (targets.size() > MAX_CACHED_TARGETS) {
        targets.clear(); // webhook URLs are few; a flood of distinct ones only costs a re-parse
      }
      targets.put(url, t);
    }
    return t;
  }

  private Target parse(String url) {
    Optional<String> problem = NetworkPolicy.urlProblem(url, allowHttp);
    if (problem.isPresent()) {
      return new Target(problem.get(), false, null, 0, null);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return new Target("invalid URL", false, null, 0, null);
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Target(null, https, uri.getHost(), port, path);
  }

  private Future<AttemptResult> send(String url, WebhookRequest request, long started) {
    Target target = target(url);
    if (target.problem() != null) {
      return Future.succeededFuture(refused(started, "URL refused: " + target.problem()));
    }
    boolean https = target.https();
    String host = target.host();
    int port = target.port();
    String path = target.path();
    return guard.resolve(host).compose(checked -> {
      if (checked.refusal() != null) {
        return Future.succeededFuture(checked.blocked() ? refused(started, checked.refusal())
            : failure(started, AttemptOutcome.networkError(), checked.refusal()));
      }
      // Connect to the address that was checked, while Host and SNI name the URL's host: a DNS
      // answer that changes between check and connect (rebinding) cannot redirect the request.
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(checked.address(), port)))
          .setHost(host)
          .setPort(port)
          .setSsl(https)
          .setURI(path)
          .setFollowRedirects(false)
          .setConnectTimeout(connectTimeoutMs)
          // No idle timeout: the whole-request timer in exchange() has the same length, is never
          // re-armed, so it always fires first; an idle timer is one more armed and cancelled.
          .setHeaders(request.headers());
      return exchange(options, request.body(), started);
    });
  }

  private Future<AttemptResult> exchange(RequestOptions options, Buffer body, long started) {
    Promise<AttemptResult> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(requestTimeoutMs, id -> {
      if (result.tryComplete(failure(started, AttemptOutcome.timedOut(),
          "timeout: no complete response within " + requestTimeoutMs + " ms")) && sent[0] != null) {
        sent[0].reset();
      }
    });
    client.request(options)
        .compose(req -> {
          sent[0] = req;
          return req.send(body);
        })
        .onSuccess(resp -> readCapped(resp, started, result))
        .onFailure(err -> result.tryComplete(failure(started, classify(err), describe(err))));
    return result.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void readCapped(HttpClientResponse resp, long started, Promise<AttemptResult> result) {
    Buffer kept = Buffer.buffer();
    int status = resp.statusCode();
    String retryAfter = resp.getHeader("Retry-After");
    AttemptOutcome.Classification c = AttemptOutcome.classify(status);
    resp.handler(chunk -> {
      int room = BODY_CAP - kept.length();
      if (room > 0) {
        kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
      }
      if (kept.length() >= BODY_CAP && chunk.length() > room) {
        // Past the cap: stop reading; the connection is dropped rather than drained.
        if (result.tryComplete(response(c, status, started, kept, retryAfter))) {
          resp.request().reset();
        }
      }
    });
    resp.exceptionHandler(err -> result.tryComplete(failure(started, classify(err),
        describe(err))));
    resp.endHandler(v -> result.tryComplete(response(c, status, started, kept, retryAfter)));
  }

  private AttemptResult response(AttemptOutcome.Classification c, int status, long started,
      Buffer body, String retryAfter) {
    String text = body.length() == 0 ? null : body.toString(StandardCharsets.UTF_8);
    return new AttemptResult(c, status, started, clock.millis() - started,
        c.isSuccess() ? null : "HTTP " + status, text, retryAfter);
  }

  private AttemptResult failure(long started, AttemptOutcome.Classification c, String error) {
    return new AttemptResult(c, 0, started, clock.millis() - started, error, null, null);
  }

  private AttemptResult refused(long started, String why) {
    return failure(started, AttemptOutcome.blocked(), why);
  }

  private static AttemptOutcome.Classification classify(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.contains("Timeout")) {
        return AttemptOutcome.timedOut();
      }
    }
    return AttemptOutcome.networkError();
  }

  /** Error class and message, one line, capped: no stack, no URL query, no secret. */
  private static String describe(Throwable err) {
    String msg = err.getMessage() == null ? "" : ": " + err.getMessage().replace('\n', ' ');
    String text = err.getClass().getSimpleName() + msg;
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  private static String randomId(String prefix) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }
}
