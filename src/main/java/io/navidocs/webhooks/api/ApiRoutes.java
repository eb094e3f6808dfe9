package io.navidocs.webhooks.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.delivery.NetworkPolicy;
import io.navidocs.webhooks.delivery.WebhookSender;
import io.navidocs.webhooks.notification.NotificationInbox;
import io.navidocs.webhooks.storage.DeliveryRecords;
import io.navidocs.webhooks.storage.EventRecords;
import io.navidocs.webhooks.storage.ReadConnections;
import io.navidocs.webhooks.storage.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin HTTP API of SPEC §6 as a {@link Component}. Contract-first: {@code docs/openapi.yaml}
 * (shipped in the jar) builds the router through vertx-web-openapi-router, which validates every
 * request's parameters and body before a handler sees it. In front of that, for {@code /api}
 * paths other than {@code /api/health}: the ENABLE_WEBHOOKS switch (503), bearer authentication
 * (401), the per-token rate limit (429), the body limit (413) and a duplicate-key check on JSON
 * bodies. Every failure is answered in SPEC §6's error shape. {@code /metrics} and
 * {@code /api/health} belong to the ops routes, mounted before this one.
 */
public final class ApiRoutes implements Component {
  /** Where the contract lives in the jar (copied from docs/openapi.yaml by the build). */
  public static final String CONTRACT_RESOURCE = "/io/navidocs/webhooks/api/openapi.yaml";
  private static final Logger LOG = Logger.getLogger(ApiRoutes.class.getName());
  private static final Set<String> OPS_OPERATIONS = Set.of("getHealth", "getMetrics");
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'");
  private static final JsonFactory STRICT_JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Function<ServiceContext, TestDelivery> testDeliveryFactory;
  private Router router;
  // Two cores on the reference machine: more readers only queue for the CPU.
  private static final int READ_CONNECTIONS = 2;
  private long maxBodyBytes;
  private TestDelivery testDelivery;
  private ReadConnections reads;

  /** The API with the test endpoint on the delivery engine's sender. */
  public ApiRoutes() {
    this(ctx -> new EngineTestDelivery(
        new WebhookSender(ctx.vertx(), ctx.settings().delivery(), ctx.clock())));
  }

  /** The API with the test endpoint bound to another sender (the delivery engine's). */
  public ApiRoutes(Function<ServiceContext, TestDelivery> testDeliveryFactory) {
    this.testDeliveryFactory = testDeliveryFactory;
  }

  /** The contract's text as shipped. */
  public static String contractText() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(CONTRACT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CONTRACT_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract as JSON (YAML parsed by Jackson). */
  public static JsonObject contractJson() {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new ObjectMapper(new YAMLFactory()).readValue(contractText(),
          Map.class);
      return new JsonObject(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The router this component mounted (for tests that compare it with the contract). */
  public Router router() {
    return router;
  }

  @Override
  public Future<Void> start(ServiceContext ctx) {
    String text = contractText();
    return OpenAPIContract.from(ctx.vertx(), contractJson()).map(contract -> {
      mount(ctx, contract, text);
      return null;
    });
  }

  private void mount(ServiceContext ctx, OpenAPIContract contract, String text) {
    Settings settings = ctx.settings();
    testDelivery = testDeliveryFactory.apply(ctx);
    var network = new NetworkPolicy(settings.delivery().allowedNetworks());
    var urls = new UrlGuard(ctx.vertx(), network, settings.delivery().allowHttp());
    reads = new ReadConnections(ctx.vertx(), ctx.database(), READ_CONNECTIONS);
    var repository = new WebhookRepository(ctx.pool(), reads);
    var webhooks = new WebhookHandlers(repository,
        new DeliveryRecords(ctx.pool()), urls, testDelivery, ctx.clock());
    var homeAssistant = new HomeAssistantHandlers(repository, webhooks);
    var deliveries = new DeliveryHandlers(new DeliveryRecords(ctx.pool()), ctx.clock());
    var events = new EventHandlers(new EventRecords(ctx.pool()), ctx.vertx().eventBus(),
        ctx.clock());
    var topics = new TopicHandlers();
    var notifications = new NotificationHandlers(new NotificationInbox(ctx.pool(), ctx.clock()));
    var auth = new Authenticator(ctx.vertx(), ctx.adminToken(), settings.auth().jwtSecret());
    var limiter = new RateLimiter(ctx.clock(), settings.auth().rateLimitPerMinute());
    int maxBody = settings.http().maxBodyBytes();
    maxBodyBytes = maxBody;

    Map<String, Function<RoutingContext, Future<Void>>> ops = new HashMap<>();
    ops.put("listWebhooks", webhooks::list);
    ops.put("createWebhook", webhooks::create);
    ops.put("getWebhook", webhooks::get);
    ops.put("updateWebhook", webhooks::update);
    ops.put("deleteWebhook", webhooks::delete);
    ops.put("enableWebhook", webhooks::enable);
    ops.put("rotateWebhookSecret", webhooks::rotateSecret);
    ops.put("testWebhook", webhooks::test);
    ops.put("listWebhookDeliveries", webhooks::deliveries);
    ops.put("recoverWebhook", webhooks::recover);
    ops.put("listHomeAssistantIntegrations", homeAssistant::list);
    ops.put("createHomeAssistantIntegration", homeAssistant::create);
    ops.put("getHomeAssistantIntegration", homeAssistant::get);
    ops.put("deleteHomeAssistantIntegration", homeAssistant::delete);
    ops.put("testHomeAssistantIntegration", homeAssistant::test);
    ops.put("getDelivery", deliveries::get);
    ops.put("retryDelivery", deliveries::retry);
    ops.put("publishEvent", events::publish);
    ops.put("listEvents", events::list);
    ops.put("getEvent", events::get);
    ops.put("listTopics", topics::list);
    ops.put("listNotifications", notifications::list);
    ops.put("markNotificationRead", notifications::markRead);
    ops.put("markAllNotificationsRead", notifications::markAllRead);
    ops.put("listNotificationTemplates", notifications::templates);
    ops.put("getOpenApi", rc -> {
      rc.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
      return Future.succeededFuture();
    });

    // The body is read by our BodyHandler (with its size limit) before validation.
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    RouterBuilder builder = RouterBuilder.create(ctx.vertx(), contract, extractor);
    // The library's validation, run on the event loop with schemas compiled once (see
    // InlineRequestValidator): it was most of a listing's CPU, on a worker hop per request.
    InlineRequestValidator validator = new InlineRequestValidator(ctx.vertx(), contract);
    builder.rootHandler(apiOnly(rc -> {
      if (!settings.worker().enabled()) {
        rc.fail(ApiError.featureDisabled());
      } else {
        rc.next();
      }
    }));
    builder.rootHandler(apiOnly(rc -> auth.authenticate(rc.request().getHeader("Authorization"))
        .onSuccess(caller -> {
          rc.put(ApiRequest.CALLER, caller);
          long wait = limiter.acquire(caller.rateKey());
          if (wait > 0) {
            rc.fail(ApiError.rateLimited(wait, limiter.perMinute()));
          } else {
            rc.next();
          }
        })
        .onFailure(rc::fail)));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBody);
    builder.rootHandler(apiOnly(body));
    builder.rootHandler(apiOnly(ApiRoutes::rejectDuplicateKeys));
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoSecurity(false);
      String id = route.getOperation().getOperationId();
      if (OPS_OPERATIONS.contains(id)) {
        // Served by the ops routes mounted before this router; described here for clients.
        route.setDoValidation(false).addHandler(RoutingContext::next);
        continue;
      }
      Function<RoutingContext, Future<Void>> handler = ops.get(id);
      if (handler == null) {
        throw new IllegalStateException("the contract's operation " + id + " has no handler");
      }
      route.setDoValidation(false).addHandler(validating(extractor, validator,
          route.getOperation()));
      route.addHandler(rc -> {
        try {
          handler.apply(rc).onFailure(rc::fail);
        } catch (RuntimeException e) {
          rc.fail(e);
        }
      });
    }
    router = builder.createRouter();
    router.route("/api/*").handler(rc -> rc.fail(
        contract.findPath(rc.normalizedPath()) != null ? ApiError.methodNotAllowed()
            : ApiError.notFound("route")));
    router.route().failureHandler(this::answerFailure);
    ctx.router().route("/*").subRouter(router);
  }

  @Override
  public Future<Void> stop() {
    if (reads != null) {
      reads.close();
    }
    return testDelivery == null ? Future.succeededFuture() : testDelivery.close();
  }

  /**
   * What the router builder's own validation step does (extract, validate, keep the result for
   * the handlers, a {@link ValidatorException} becomes a 400), with our validator.
   */
  private static Handler<RoutingContext> validating(RequestExtractor extractor,
      InlineRequestValidator validator, Operation operation) {
    return rc -> extractor.extractValidatableRequest(rc, operation)
        .compose(request -> validator.validate(request, operation.getOperationId()))
        .onSuccess(validated -> {
          rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          rc.next();
        })
        .onFailure(e -> rc.fail(e instanceof ValidatorException
            ? new HttpException(400, e.getMessage(), e) : e));
  }

  /** Runs {@code handler} on /api paths other than /api/health; passes everything else on. */
  private static Handler<RoutingContext> apiOnly(Handler<RoutingContext> handler) {
    return rc -> {
      String path = rc.normalizedPath();
      if (path.startsWith("/api/") && !path.equals("/api/health")) {
        handler.handle(rc);
      } else {
        rc.next();
      }
    };
  }

  /**
   * Refuses a JSON body that repeats a key (Vert.x would keep the last one silently, so a
   * client could smuggle a value past a reviewer reading the first) or is not JSON at all.
   */
  static void rejectDuplicateKeys(RoutingContext rc) {
    Buffer b = rc.body() == null ? null : rc.body().buffer();
    String type = rc.request().getHeader("Content-Type");
    if (b == null || b.length() == 0 || type == null || !type.toLowerCase().contains("json")) {
      rc.next();
      return;
    }
    try (JsonParser p = STRICT_JSON.createParser(b.getBytes())) {
      while (p.nextToken() != null) {
        // Reading every token is what detects duplicates and syntax errors.
      }
      rc.next();
    } catch (JsonProcessingException e) {
      Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      rc.fail(m.find() ? ApiError.invalidJson(m.group(1), m.group(1) + " appears twice")
          : ApiError.invalidJson("body", "the body is not valid JSON (line "
              + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      rc.fail(ApiError.invalidJson("body", "the body cannot be read"));
    }
  }

  void answerFailure(RoutingContext rc) {
    ApiError error = toApiError(rc);
    if (rc.response().ended() || rc.response().headWritten()) {
      return;
    }
    if (error.retryAfterSeconds() != null) {
      rc.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    rc.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
        .end(error.toJson().encode());
  }

  private ApiError toApiError(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ApiError e) {
      return e;
    }
    if (failure instanceof ValidatorException v) {
      return ContractErrors.map(v);
    }
    if (failure instanceof HttpException h) {
      if (h.getCause() instanceof ValidatorException v) {
        return ContractErrors.map(v);
      }
      return byStatus(h.getStatusCode(), rc);
    }
    if (failure == null) {
      return byStatus(rc.statusCode(), rc);
    }
    // Only the class and message: messages here come from SQL or code, never from secrets.
    LOG.log(Level.WARNING, "request " + rc.request().method() + " " + rc.normalizedPath()
        + " failed: " + failure.getClass().getName() + ": " + failure.getMessage());
    return ApiError.internal();
  }

  private ApiError byStatus(int status, RoutingContext rc) {
    return switch (status) {
      case 413 -> ApiError.tooLarge(maxBodyBytes);
      case 404 -> ApiError.notFound("route");
      case 405 -> ApiError.methodNotAllowed();
      case 400 -> ApiError.invalidJson("body", "the request body cannot be read");
      default -> {
        LOG.warning("request " + rc.request().method() + " " + rc.normalizedPath()
            + " failed with status " + status);
        yield ApiError.internal();
      }
    };
  }
}
