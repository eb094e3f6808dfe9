package io.navidocs.webhooks.api;

import io.navidocs.webhooks.signing.WebhookSecret;
import io.navidocs.webhooks.storage.DeliveryRecords;
import io.navidocs.webhooks.storage.WebhookRecord;
import io.navidocs.webhooks.storage.WebhookRepository;
import io.navidocs.webhooks.subscription.TopicMatcher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/webhooks…}: create, list, get, update, delete, enable, rotate-secret, test, the
 * webhook's delivery log and recover. Shapes and types were checked by the OpenAPI validator;
 * this class checks what a schema cannot (URL resolution, topic names, secrets, organizations,
 * limits) and maps storage outcomes onto SPEC §6's status codes.
 */
final class WebhookHandlers {
  /** Default grace period of a rotated secret (SPEC §6). */
  static final long DEFAULT_GRACE_SECONDS = 86_400;
  private static final Pattern TOPIC_INDEX = Pattern.compile("^(topics\\[\\d+\\]): ");

  private final WebhookRepository webhooks;
  private final DeliveryRecords deliveries;
  private final UrlGuard urls;
  private final TestDelivery testDelivery;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  WebhookHandlers(WebhookRepository webhooks, DeliveryRecords deliveries, UrlGuard urls,
      TestDelivery testDelivery, Clock clock) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.urls = urls;
    this.testDelivery = testDelivery;
    this.clock = clock;
  }

  Future<Void> create(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    JsonObject body = ApiRequest.body(rc);
    String org = ApiRequest.organizationFor(caller, body.getString("organization_id"),
        "organization_id");
    String url = body.getString("url");
    List<String> topics = topics(body.getJsonArray("topics"));
    String secret = body.getString("secret");
    if (secret != null) {
      WebhookSecret.validate(secret).ifPresent(p -> {
        throw ApiError.validation("secret", p);
      });
    } else {
      secret = WebhookSecret.generate(random).value();
    }
    return insert(org, url, topics, secret, body.getString("description"),
        body.getString("retry_policy", "exponential")).map(record -> {
          ApiRequest.answer(rc, 201,
              new JsonObject().put("webhook", Views.webhookWithSecret(record)));
          return null;
        });
  }

  /**
   * Registers a webhook by the rules of SPEC §6 (URL, organization, duplicate URL, the limit of
   * 10), failing with the API error that names the rule. Shared by {@code POST /api/webhooks}
   * and the Home Assistant on-ramp, which is a view of the same webhooks.
   */
  Future<WebhookRecord> insert(String org, String url, List<String> topics, String secret,
      String description, String retryPolicy) {
    long now = nowSeconds();
    WebhookRecord record = new WebhookRecord(newId("wh_"), org, url, secret, topics, "active",
        description, retryPolicy, null, null, 0, now, now);
    return webhooks.organizationExists(org)
        .compose(exists -> exists ? urls.check(url) : Future.failedFuture(ApiError.validation(
            "organization_id", "organization_id names no organization")))
        .compose(ok -> webhooks.create(record)).map(outcome -> {
      switch (outcome) {
        case CREATED -> {
          return record;
        }
        case UNKNOWN_ORGANIZATION -> throw ApiError.validation("organization_id",
            "organization_id names no organization");
        case DUPLICATE_URL -> throw ApiError.conflict("duplicate_url", "url",
            "the organization already has a webhook with this url");
        case LIMIT_REACHED -> throw ApiError.conflict("webhook_limit_reached",
            "organization_id", "the organization already has "
                + WebhookRepository.MAX_WEBHOOKS_PER_ORGANIZATION + " webhooks");
        default -> throw new IllegalStateException("unknown outcome " + outcome);
      }
    });
  }

  /** A generated secret, for callers that register a webhook without one. */
  String generatedSecret() {
    return WebhookSecret.generate(random).value();
  }

  Future<Void> list(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    String requested = ApiRequest.query(rc, "organization_id");
    String org = caller.isAdmin() ? requested
        : ApiRequest.organizationFor(caller, requested, "organization_id");
    return webhooks.list(org, ApiRequest.query(rc, "status"), ApiRequest.queryInt(rc, "limit",
            20), ApiRequest.queryInt(rc, "offset", 0))
        .map(page -> {
          ApiRequest.answer(rc, 200, Views.page("webhooks", page, Views::webhook));
          return null;
        });
  }

  Future<Void> get(RoutingContext rc) {
    return visible(rc).map(w -> {
      ApiRequest.answer(rc, 200, new JsonObject().put("webhook", Views.webhook(w)));
      return null;
    });
  }

  Future<Void> update(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    String id = ApiRequest.pathId(rc);
    JsonObject body = ApiRequest.body(rc);
    List<String> topics = body.containsKey("topics") ? topics(body.getJsonArray("topics")) : null;
    String url = body.getString("url");
    var changes = new WebhookRepository.Changes(url, topics, body.getString("status"),
        body.getString("description"),
        body.containsKey("description") && body.getValue("description") == null,
        body.getString("retry_policy"));
    Future<Void> checked = url == null ? Future.succeededFuture() : urls.check(url);
    return checked
        .compose(ok -> webhooks.update(id, caller.scope(), changes, nowSeconds(), clock.millis()))
        .compose(outcome -> switch (outcome) {
          case NOT_FOUND -> Future.failedFuture(ApiError.notFound("webhook"));
          case DUPLICATE_URL -> Future.failedFuture(ApiError.conflict("duplicate_url", "url",
              "the organization already has a webhook with this url"));
          case UPDATED -> get(rc);
        });
  }

  Future<Void> delete(RoutingContext rc) {
    String id = ApiRequest.pathId(rc);
    return webhooks.delete(id, ApiRequest.caller(rc).scope(), clock.millis()).map(cancelled -> {
      if (cancelled.isEmpty()) {
        throw ApiError.notFound("webhook");
      }
      ApiRequest.answer(rc, 200, new JsonObject().put("id", id)
          .put("cancelled_deliveries", cancelled.get()));
      return null;
    });
  }

  Future<Void> enable(RoutingContext rc) {
    return webhooks.enable(ApiRequest.pathId(rc), ApiRequest.caller(rc).scope(), nowSeconds(),
            clock.millis())
        .compose(found -> found ? get(rc) : Future.failedFuture(ApiError.notFound("webhook")));
  }

  Future<Void> rotateSecret(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    JsonObject body = ApiRequest.body(rc);
    String given = body.getString("secret");
    if (given != null) {
      WebhookSecret.validate(given).ifPresent(p -> {
        throw ApiError.validation("secret", p);
      });
    }
    String fresh = given != null ? given : WebhookSecret.generate(random).value();
    long grace = body.getLong("grace_period_seconds", DEFAULT_GRACE_SECONDS);
    long nowMs = clock.millis();
    long expiresMs = nowMs + grace * 1000;
    return visible(rc).compose(w -> {
      if (w.secret().equals(fresh)) {
        return Future.failedFuture(ApiError.validation("secret",
            "secret must differ from the current one"));
      }
      return webhooks.rotateSecret(w.id(), caller.scope(), fresh, expiresMs, nowSeconds(), nowMs)
          .compose(done -> done ? webhooks.find(w.id(), caller.scope())
              : Future.failedFuture(ApiError.notFound("webhook")))
          .map(found -> {
            WebhookRecord rotated = found.orElseThrow(() -> ApiError.notFound("webhook"));
            ApiRequest.answer(rc, 200, new JsonObject()
                .put("webhook", Views.webhookWithSecret(rotated))
                .put("previous_secret_expires_at", Views.seconds(expiresMs)));
            return null;
          });
    });
  }

  Future<Void> test(RoutingContext rc) {
    long nowMs = clock.millis();
    return visible(rc).compose(w -> webhooks.previousSecrets(w.id(), nowMs).compose(previous -> {
      List<String> secrets = new ArrayList<>();
      secrets.add(w.secret());
      secrets.addAll(previous);
      // A secret written by another writer that breaks the rules cannot sign; skip it.
      secrets.removeIf(s -> WebhookSecret.validate(s).isPresent());
      Future<TestDelivery.Result> sent = secrets.isEmpty()
          ? Future.succeededFuture(new TestDelivery.Result(false, null, 0,
              "the webhook's secret is not a valid signing secret; rotate it"))
          : testDelivery.send(
              new TestDelivery.Request(w.id(), w.organizationId(), w.url(), secrets));
      return sent.map(result -> {
        ApiRequest.answer(rc, 200, new JsonObject()
            .put("status", result.succeeded() ? "succeeded" : "failed")
            .put("http_status", result.httpStatus())
            .put("response_time_ms", result.responseTimeMs())
            .put("error_message", result.errorMessage())
            .put("tested_at", Views.seconds(nowMs)));
        return null;
      });
    }));
  }

  Future<Void> deliveries(RoutingContext rc) {
    return visible(rc).compose(w -> deliveries.listForWebhook(w.id(),
            ApiRequest.query(rc, "status"), ApiRequest.queryInt(rc, "limit", 20),
            ApiRequest.queryInt(rc, "offset", 0)))
        .map(page -> {
          ApiRequest.answer(rc, 200, Views.page("deliveries", page, Views::delivery));
          return null;
        });
  }

  Future<Void> recover(RoutingContext rc) {
    JsonObject body = ApiRequest.body(rc);
    long nowMs = clock.millis();
    long since = timeMs(body.getValue("since"), "since");
    long until = body.getValue("until") == null ? nowMs + 1 : timeMs(body.getValue("until"),
        "until");
    if (until <= since) {
      throw ApiError.validation("until", "until must be later than since");
    }
    return visible(rc).compose(w -> deliveries.recover(w.id(), since, until, nowMs))
        .map(n -> {
          ApiRequest.answer(rc, 200, new JsonObject().put("queued", n));
          return null;
        });
  }

  /** The path's webhook, or a 404 (also when it belongs to another organization). */
  private Future<WebhookRecord> visible(RoutingContext rc) {
    return webhooks.find(ApiRequest.pathId(rc), ApiRequest.caller(rc).scope())
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiError.notFound("webhook"))));
  }

  static List<String> topics(JsonArray array) {
    List<Object> raw = array == null ? List.of() : array.getList();
    List<String> problems = TopicMatcher.validate(raw);
    if (!problems.isEmpty()) {
      List<ApiError.Detail> details = new ArrayList<>();
      for (String p : problems) {
        Matcher m = TOPIC_INDEX.matcher(p);
        details.add(new ApiError.Detail(m.find() ? m.group(1) : "topics", p));
      }
      throw ApiError.validation(details);
    }
    List<String> out = new ArrayList<>();
    raw.forEach(t -> out.add((String) t));
    return out;
  }

  /** ISO 8601 (with an offset) or Unix seconds, as a number or digits; in Unix ms. */
  static long timeMs(Object value, String field) {
    if (value instanceof Number n) {
      if (n.longValue() < 0 || n.longValue() > 253_402_300_799L) {
        throw ApiError.validation(field, field + " must be Unix seconds from 0 to 253402300799");
      }
      return n.longValue() * 1000;
    }
    String text = String.valueOf(value).trim();
    if (!text.isEmpty() && text.length() <= 12 && text.chars().allMatch(Character::isDigit)) {
      return timeMs(Long.parseLong(text), field);
    }
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiError.validation(field, field
          + " must be ISO 8601 with an offset (2026-11-24T10:00:00Z) or Unix seconds");
    }
  }

  private String newId(String prefix) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  private long nowSeconds() {
    return Math.floorDiv(clock.millis(), 1000L);
  }
}
