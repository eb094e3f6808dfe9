package io.navidocs.webhooks.api;

import io.navidocs.webhooks.integration.HomeAssistantUrl;
import io.navidocs.webhooks.storage.Page;
import io.navidocs.webhooks.storage.WebhookRecord;
import io.navidocs.webhooks.storage.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/integrations/home-assistant…} (issue 9): the Home Assistant on-ramp. An integration
 * is a view of a webhook whose URL is {@code <base_url>/api/webhook/<webhook_id>}, not a second
 * mechanism: it is stored, authorized, scoped, validated, limited (10 per organization) and
 * tested exactly as {@code /api/webhooks} does it, through {@link WebhookHandlers}. What the view
 * adds: the URL split into {@code base_url} and {@code webhook_id}, default topics, and the
 * webhook id shown whole by create only, because Home Assistant checks no signature and the id is
 * its only credential. Nothing here logs a request body or URL.
 */
final class HomeAssistantHandlers {
  /** Topics of an integration created without {@code topics} (issue 9). */
  static final List<String> DEFAULT_TOPICS =
      List.of("WARRANTY_*", "DOCUMENT_*", "SALE_*", "NOTIFICATION_SENT");

  /** The {@code type} of every integration this view shows. */
  static final String TYPE = "home_assistant";

  private final WebhookRepository webhooks;
  private final WebhookHandlers generic;

  HomeAssistantHandlers(WebhookRepository webhooks, WebhookHandlers generic) {
    this.webhooks = webhooks;
    this.generic = generic;
  }

  Future<Void> create(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    JsonObject body = ApiRequest.body(rc);
    String org = ApiRequest.organizationFor(caller, body.getString("organization_id"),
        "organization_id");
    HomeAssistantUrl ha;
    try {
      ha = HomeAssistantUrl.of(body.getString("base_url"), body.getString("webhook_id"));
    } catch (HomeAssistantUrl.InvalidField e) {
      throw ApiError.validation(e.field(), e.getMessage());
    }
    List<String> topics = body.containsKey("topics")
        ? WebhookHandlers.topics(body.getJsonArray("topics")) : DEFAULT_TOPICS;
    // Home Assistant verifies no signature, but every delivery is signed all the same: a proxy
    // in front of it may verify, and the secret can be rotated through /api/webhooks.
    return generic.insert(org, ha.url(), topics, generic.generatedSecret(),
            body.getString("description"), "exponential")
        .recover(e -> Future.failedFuture(asIntegrationError(e)))
        .map(record -> {
          ApiRequest.answer(rc, 201, new JsonObject().put("integration", view(record, ha, true)));
          return null;
        });
  }

  Future<Void> list(RoutingContext rc) {
    Caller caller = ApiRequest.caller(rc);
    String requested = ApiRequest.query(rc, "organization_id");
    String org = caller.isAdmin() ? requested
        : ApiRequest.organizationFor(caller, requested, "organization_id");
    int limit = ApiRequest.queryInt(rc, "limit", 20);
    int offset = ApiRequest.queryInt(rc, "offset", 0);
    return webhooks.listWithUrlContaining(org, HomeAssistantUrl.WEBHOOK_PATH).map(all -> {
      // The LIKE above is a coarse pre-filter; the parser decides what is an integration, and
      // paging follows it so that total and hasMore count integrations only. An organization
      // has at most 10 webhooks, so the set is small.
      List<JsonObject> views = new ArrayList<>();
      for (WebhookRecord w : all) {
        HomeAssistantUrl.parse(w.url()).ifPresent(ha -> views.add(view(w, ha, false)));
      }
      int from = (int) Math.min(offset, views.size());
      int to = (int) Math.min((long) from + limit, views.size());
      Page<JsonObject> page = new Page<>(views.subList(from, to), views.size(), limit, offset);
      ApiRequest.answer(rc, 200, Views.page("integrations", page, v -> v));
      return null;
    });
  }

  Future<Void> get(RoutingContext rc) {
    return visible(rc).map(found -> {
      ApiRequest.answer(rc, 200, new JsonObject()
          .put("integration", view(found.webhook(), found.ha(), false)));
      return null;
    });
  }

  Future<Void> delete(RoutingContext rc) {
    return visible(rc).compose(found -> generic.delete(rc));
  }

  Future<Void> test(RoutingContext rc) {
    return visible(rc).compose(found -> generic.test(rc));
  }

  /** The integration a webhook is; with {@code wholeId} only in the create answer. */
  static JsonObject view(WebhookRecord w, HomeAssistantUrl ha, boolean wholeId) {
    return new JsonObject()
        .put("id", w.id())
        .put("type", TYPE)
        .put("organization_id", w.organizationId())
        .put("base_url", ha.baseUrl())
        .put("webhook_id", wholeId ? ha.webhookId() : ha.maskedWebhookId())
        .mergeIn(Views.subscriptionAndHealth(w));
  }

  private record Found(WebhookRecord webhook, HomeAssistantUrl ha) {}

  /**
   * The path's integration, or a 404: also when the webhook belongs to another organization
   * (not revealed) or is a plain webhook (not an integration).
   */
  private Future<Found> visible(RoutingContext rc) {
    return webhooks.find(ApiRequest.pathId(rc), ApiRequest.caller(rc).scope())
        .compose(found -> {
          Optional<Found> integration = found.flatMap(w -> HomeAssistantUrl.parse(w.url())
              .map(ha -> new Found(w, ha)));
          return integration.map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ApiError.notFound("integration")));
        });
  }

  // The generic rules name `url`; the on-ramp's caller sent base_url and webhook_id instead.
  private static Throwable asIntegrationError(Throwable e) {
    if (!(e instanceof ApiError error)) {
      return e;
    }
    List<ApiError.Detail> details = new ArrayList<>();
    boolean renamed = false;
    for (ApiError.Detail d : error.details()) {
      if (!d.field().equals("url")) {
        details.add(d);
      } else if (error.code().equals("duplicate_url")) {
        renamed = true;
        details.add(new ApiError.Detail("webhook_id",
            "the organization already has a webhook for this Home Assistant webhook"));
      } else {
        renamed = true;
        details.add(new ApiError.Detail("base_url",
            "the webhook URL built from base_url is refused: " + d.message()));
      }
    }
    if (!renamed) {
      return e;
    }
    return new ApiError(error.status(), error.code(), details.get(0).message(), details,
        error.retryAfterSeconds());
  }
}
