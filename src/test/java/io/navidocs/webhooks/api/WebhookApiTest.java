package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import io.navidocs.webhooks.storage.Dialect;

/**
 * Every webhook, delivery, event and topic route's happy path over real HTTP, on SQLite and on
 * PostgreSQL.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class WebhookApiTest {
  @Parameter Dialect dialect;
  @TempDir Path dir;
  ApiFixture api;
  HttpServer receiver;
  final LinkedBlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    api = new ApiFixture(dialect, dir, Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.1/32"));
    receiver = api.vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      Map<String, String> seen = new HashMap<>();
      MultiMap h = req.headers();
      h.names().forEach(n -> seen.put(n.toLowerCase(), h.get(n)));
      seen.put("body", b.toString());
      received.add(seen);
      req.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
    api.close();
  }

  String hookUrl() {
    return "http://127.0.0.1:" + receiver.actualPort() + "/hook";
  }

  JsonObject create(String url) throws Exception {
    var r = api.call("POST", "/api/webhooks", new JsonObject().put("organization_id", "org-1")
        .put("url", url).put("topics", new JsonArray().add("WARRANTY_*"))
        .put("description", "boat LAN").encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getJsonObject("webhook");
  }

  @Test
  void createsAWebhookWithAGeneratedSecretShownOnlyInTheCreateAnswer() throws Exception {
    JsonObject w = create(hookUrl());
    assertTrue(w.getString("id").startsWith("wh_"));
    assertTrue(w.getString("secret").startsWith("whsec_"));
    assertEquals("active", w.getString("status"));
    assertEquals(1_795_514_400L, w.getLong("created_at"));

    var list = api.call("GET", "/api/webhooks?limit=10", null);
    assertEquals(200, list.status());
    assertFalse(list.body().contains(w.getString("secret")));
    assertEquals(new JsonObject().put("total", 1).put("limit", 10).put("offset", 0)
        .put("hasMore", false), list.json().getJsonObject("pagination"));
    var one = api.call("GET", "/api/webhooks/" + w.getString("id"), null);
    assertEquals(200, one.status());
    assertFalse(one.body().contains(w.getString("secret")));
    assertFalse(one.json().getJsonObject("webhook").containsKey("secret"));
  }

  @Test
  void updatesUrlTopicsStatusDescriptionAndRetryPolicy() throws Exception {
    String id = create(hookUrl()).getString("id");
    api.clock.advance(Duration.ofSeconds(30));
    var r = api.call("PUT", "/api/webhooks/" + id, new JsonObject().put("url", hookUrl() + "2")
        .put("topics", new JsonArray().add("SALE_COMPLETED")).put("status", "inactive")
        .putNull("description").put("retry_policy", "linear").encode());
    assertEquals(200, r.status(), r.toString());
    JsonObject w = r.json().getJsonObject("webhook");
    assertEquals(hookUrl() + "2", w.getString("url"));
    assertEquals(List.of("SALE_COMPLETED"), w.getJsonArray("topics").getList());
    assertEquals("inactive", w.getString("status"));
    assertNull(w.getString("description"));
    assertEquals("linear", w.getString("retry_policy"));
    assertEquals(w.getLong("created_at") + 30, w.getLong("updated_at"));
  }

  @Test
  void testDeliveryPostsASignedWebhookTestToTheReceiver() throws Exception {
    JsonObject w = create(hookUrl());
    var r = api.call("POST", "/api/webhooks/" + w.getString("id") + "/test", null);
    assertEquals(200, r.status(), r.toString());
    assertEquals("succeeded", r.json().getString("status"));
    assertEquals(204, r.json().getInteger("http_status"));
    assertEquals(1_795_514_400L, r.json().getLong("tested_at"));
    Map<String, String> got = received.poll(10, TimeUnit.SECONDS);
    assertEquals("WEBHOOK_TEST", new JsonObject(got.get("body")).getString("event_type"));
    assertEquals("WEBHOOK_TEST", got.get("x-navidocs-topic"));
    // The official Standard Webhooks library (Svix) computes the same signature from the secret,
    // the id, the timestamp sent and the body. (Its verify() also checks the timestamp against
    // real time, which the fixture's fixed clock would fail, so sign() is compared instead.)
    var svix = new com.svix.Webhook(w.getString("secret"));
    String expected = svix.sign(got.get("webhook-id"),
        Long.parseLong(got.get("webhook-timestamp")), got.get("body"));
    assertEquals(expected, got.get("webhook-signature"));
    assertEquals(new JsonObject(got.get("body")).getString("id"), got.get("webhook-id"));
    assertTrue(got.get("x-navidocs-signature").startsWith("sha256="));
  }

  @Test
  void rotatingKeepsThePreviousSecretSigningForTheGracePeriod() throws Exception {
    JsonObject w = create(hookUrl());
    var r = api.call("POST", "/api/webhooks/" + w.getString("id") + "/rotate-secret",
        new JsonObject().put("grace_period_seconds", 3600).encode());
    assertEquals(200, r.status(), r.toString());
    String fresh = r.json().getJsonObject("webhook").getString("secret");
    assertFalse(fresh.equals(w.getString("secret")));
    assertEquals(1_795_514_400L + 3600, r.json().getLong("previous_secret_expires_at"));
    assertEquals(1, api.count("SELECT COUNT(*) FROM webhook_secrets WHERE expires_at = "
        + (1_795_514_400_000L + 3_600_000L)));
    assertEquals(1, api.count("SELECT COUNT(*) FROM webhooks WHERE secret = '" + fresh + "'"));
    api.call("POST", "/api/webhooks/" + w.getString("id") + "/test", null);
    String sig = received.poll(10, TimeUnit.SECONDS).get("webhook-signature");
    assertEquals(2, sig.split(" ").length, "both secrets sign during the grace period: " + sig);
  }

  @Test
  void enablingAFailedWebhookResetsFailuresAndMakesHeldDeliveriesDue() throws Exception {
    String id = create(hookUrl()).getString("id");
    api.sql("UPDATE webhooks SET status = 'failed', consecutive_failures = 8 WHERE id = '" + id
        + "'");
    seedDelivery("dlv_held", id, "pending", 1_795_999_000_000L);
    var r = api.call("POST", "/api/webhooks/" + id + "/enable", null);
    assertEquals(200, r.status(), r.toString());
    assertEquals("active", r.json().getJsonObject("webhook").getString("status"));
    assertEquals(0, r.json().getJsonObject("webhook").getInteger("consecutive_failures"));
    assertEquals(1_795_514_400_000L, api.count(
        "SELECT next_attempt_at FROM webhook_deliveries WHERE id = 'dlv_held'"));
  }

  @Test
  void listsDeliveriesNewestFirstAndShowsOneWithItsAttempts() throws Exception {
    String id = create(hookUrl()).getString("id");
    seedDelivery("dlv_a", id, "failed", 1_795_514_400_000L);
    api.sql("UPDATE webhook_deliveries SET created_at = 1795490000000 WHERE id = 'dlv_a'");
    seedDelivery("dlv_b", id, "succeeded", 1_795_514_400_000L);
    api.sql("INSERT INTO webhook_delivery_attempts (delivery_id, number, started_at, duration_ms,"
        + " http_status, outcome, error, response_body) VALUES ('dlv_a', 1, 1795850000000, 12,"
        + " 500, 'http_error', 'HTTP 500', 'oops'), ('dlv_a', 2, 1795850005000, 8, NULL,"
        + " 'timeout', 'timeout', NULL)");
    var list = api.call("GET", "/api/webhooks/" + id + "/deliveries", null);
    assertEquals(200, list.status(), list.toString());
    JsonArray items = list.json().getJsonArray("deliveries");
    assertEquals("dlv_b", items.getJsonObject(0).getString("id"));
    assertEquals("dlv_a", items.getJsonObject(1).getString("id"));
    var failed = api.call("GET", "/api/webhooks/" + id + "/deliveries?status=failed", null);
    assertEquals(1, failed.json().getJsonArray("deliveries").size());
    var one = api.call("GET", "/api/deliveries/dlv_a", null);
    assertEquals(200, one.status(), one.toString());
    JsonObject d = one.json().getJsonObject("delivery");
    assertEquals(1_795_490_000L, d.getLong("created_at"));
    JsonArray attempts = d.getJsonArray("attempts");
    assertEquals(1, attempts.getJsonObject(0).getInteger("number"));
    assertEquals(2, attempts.getJsonObject(1).getInteger("number"));
    assertEquals(1_795_850_005L, attempts.getJsonObject(1).getLong("started_at"));
  }

  @Test
  void retryQueuesAFailedDeliveryNowAndRecoverQueuesATimeRange() throws Exception {
    String id = create(hookUrl()).getString("id");
    seedDelivery("dlv_1", id, "failed", 1L);
    seedDelivery("dlv_2", id, "failed", 1L);
    seedDelivery("dlv_3", id, "succeeded", 1L);
    var retry = api.call("POST", "/api/deliveries/dlv_1/retry", null);
    assertEquals(200, retry.status(), retry.toString());
    assertEquals("pending", retry.json().getJsonObject("delivery").getString("status"));
    assertEquals(1_795_514_400L, retry.json().getJsonObject("delivery")
        .getLong("next_attempt_at"));
    var again = api.call("POST", "/api/deliveries/dlv_3/retry", null);
    assertEquals(409, again.status());
    assertEquals("invalid_state", again.error());
    var recover = api.call("POST", "/api/webhooks/" + id + "/recover",
        new JsonObject().put("since", "2026-11-24T00:00:00Z").encode());
    assertEquals(200, recover.status(), recover.toString());
    assertEquals(1, recover.json().getInteger("queued"));
    var none = api.call("POST", "/api/webhooks/" + id + "/recover",
        new JsonObject().put("since", 1_700_000_000L).put("until", 1_700_000_100L).encode());
    assertEquals(0, none.json().getInteger("queued"));
  }

  @Test
  void deletingCancelsPendingDeliveriesAndKeepsThem() throws Exception {
    String id = create(hookUrl()).getString("id");
    seedDelivery("dlv_p", id, "pending", 1L);
    seedDelivery("dlv_s", id, "succeeded", 1L);
    var r = api.call("DELETE", "/api/webhooks/" + id, null);
    assertEquals(200, r.status(), r.toString());
    assertEquals(1, r.json().getInteger("cancelled_deliveries"));
    assertEquals(0, api.count("SELECT COUNT(*) FROM webhooks"));
    assertEquals(1, api.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status ="
        + " 'cancelled' AND id = 'dlv_p'"));
    assertEquals(404, api.call("GET", "/api/webhooks/" + id, null).status());
  }

  @Test
  void publishesAnEventIntoTheOutboxAndWakesTheWorker() throws Exception {
    var woken = new LinkedBlockingQueue<String>();
    api.vertx.eventBus().<String>consumer("navidocs.outbox.wake", m -> woken.add(m.body()))
        .completion().await(5, TimeUnit.SECONDS);
    var r = api.call("POST", "/api/events", new JsonObject().put("organization_id", "org-1")
        .put("event_type", "DOCUMENT_UPLOADED").put("data", new JsonObject().put("x", 1))
        .encode());
    assertEquals(202, r.status(), r.toString());
    String eventId = r.json().getJsonObject("event").getString("id");
    assertTrue(eventId.startsWith("evt_"));
    assertEquals(eventId, woken.poll(10, TimeUnit.SECONDS));
    assertEquals(1, api.count("SELECT COUNT(*) FROM domain_events WHERE source = 'api'"
        + " AND created_at = 1795514400000"));
    var list = api.call("GET", "/api/events?status=pending", null);
    assertEquals(eventId, list.json().getJsonArray("events").getJsonObject(0).getString("id"));
    var one = api.call("GET", "/api/events/" + eventId, null);
    assertEquals(200, one.status(), one.toString());
    assertEquals(1, one.json().getJsonObject("event").getJsonObject("data").getInteger("x"));
    assertEquals(new JsonArray(), one.json().getJsonObject("event").getJsonArray("deliveries"));
  }

  @Test
  void listsTheTopicCatalogueAndServesTheContract() throws Exception {
    var topics = api.call("GET", "/api/topics", null);
    assertEquals(200, topics.status());
    JsonObject first = topics.json().getJsonArray("topics").getJsonObject(0);
    assertFalse(first.getString("description").isBlank());
    assertTrue(first.getJsonObject("example_data").size() > 0);
    var yaml = api.call("GET", "/api/openapi.yaml", null);
    assertEquals(200, yaml.status());
    assertEquals(ApiRoutes.contractText(), yaml.body());
  }

  @Test
  void aJwtSeesOnlyItsOwnOrganization() throws Exception {
    String id = create(hookUrl()).getString("id");
    String other = ApiFixture.jwtFor("org-2");
    assertEquals(404, api.call("GET", "/api/webhooks/" + id, null, other).status());
    assertEquals(0, api.call("GET", "/api/webhooks", null, other).json()
        .getJsonObject("pagination").getInteger("total"));
    String own = ApiFixture.jwtFor("org-1");
    assertEquals(200, api.call("GET", "/api/webhooks/" + id, null, own).status());
    var created = api.call("POST", "/api/webhooks", new JsonObject().put("url", hookUrl() + "x")
        .put("topics", new JsonArray().add("*")).encode(), own);
    assertEquals(201, created.status(), created.toString());
    assertEquals("org-1", created.json().getJsonObject("webhook").getString("organization_id"));
  }

  @Test
  void theEleventhWebhookAndADuplicateUrlAreConflicts() throws Exception {
    create(hookUrl());
    var dup = api.call("POST", "/api/webhooks", new JsonObject().put("organization_id", "org-1")
        .put("url", hookUrl()).put("topics", new JsonArray().add("*")).encode());
    assertEquals(409, dup.status());
    assertEquals("duplicate_url", dup.error());
    for (int i = 2; i <= 10; i++) {
      create(hookUrl() + i);
    }
    var over = api.call("POST", "/api/webhooks", new JsonObject().put("organization_id", "org-1")
        .put("url", hookUrl() + "11").put("topics", new JsonArray().add("*")).encode());
    assertEquals(409, over.status());
    assertEquals("webhook_limit_reached", over.error());
    assertEquals(10, api.count("SELECT COUNT(*) FROM webhooks"));
  }

  @Test
  void concurrentCreatesNeverPassTheLimitOfTenOrDuplicateAUrl() throws Exception {
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent =
        new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sent.add(createAsync("org-1", hookUrl() + "/many/" + i));
    }
    for (int i = 0; i < 6; i++) {
      sent.add(createAsync("org-2", hookUrl() + "/same"));
    }
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (var f : sent) {
      var r = f.get(30, TimeUnit.SECONDS);
      String key = r.statusCode() + (r.statusCode() == 201 ? ""
          : " " + new JsonObject(r.body()).getString("error"));
      outcomes.merge(key, 1, Integer::sum);
    }
    assertEquals(Map.of("201", 11, "409 webhook_limit_reached", 6, "409 duplicate_url", 5),
        outcomes);
    assertEquals(10, api.count("SELECT COUNT(*) FROM webhooks WHERE organization_id = 'org-1'"));
    assertEquals(1, api.count("SELECT COUNT(*) FROM webhooks WHERE organization_id = 'org-2'"));
  }

  @Test
  void aUniqueIndexOfTheDatabasesOwnIsAConflictNotAServerError() throws Exception {
    // The NaviDocs app may have stricter rules of its own, e.g. URLs unique regardless of case.
    api.sql("CREATE UNIQUE INDEX app_webhook_url_nocase ON webhooks (organization_id, lower(url))");
    String id = create(hookUrl() + "/Case").getString("id");
    var created = api.call("POST", "/api/webhooks", new JsonObject().put("organization_id",
        "org-1").put("url", hookUrl() + "/CASE").put("topics", new JsonArray().add("*")).encode());
    assertEquals(409, created.status(), created.toString());
    assertEquals("duplicate_url", created.error());
    String other = create(hookUrl() + "/other").getString("id");
    var updated = api.call("PUT", "/api/webhooks/" + other,
        new JsonObject().put("url", hookUrl() + "/case").encode());
    assertEquals(409, updated.status(), updated.toString());
    assertEquals("duplicate_url", updated.error());
    assertEquals(2, api.count("SELECT COUNT(*) FROM webhooks"));
    assertEquals(hookUrl() + "/Case", api.call("GET", "/api/webhooks/" + id, null).json()
        .getJsonObject("webhook").getString("url"));
  }

  java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> createAsync(
      String organization, String url) {
    String body = new JsonObject().put("organization_id", organization).put("url", url)
        .put("topics", new JsonArray().add("*")).encode();
    return api.http.sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(api.base() + "/api/webhooks"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + ApiFixture.ADMIN)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  void seedDelivery(String id, String webhookId, String status, long nextAttemptAt)
      throws Exception {
    api.sql("INSERT INTO domain_events (organization_id, event_type, payload, status)"
        + " VALUES ('org-1', 'WARRANTY_EXPIRING', '{}', 'accepted')");
    long eventRow = api.count("SELECT MAX(id) FROM domain_events");
    api.sql("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id,"
        + " event_type, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES ('"
        + id + "', " + eventRow + ", '" + webhookId + "', 'org-1', 'WARRANTY_EXPIRING', '"
        + status + "', 2, " + nextAttemptAt + ", 1795500000000, 1795500000000)");
  }
}
