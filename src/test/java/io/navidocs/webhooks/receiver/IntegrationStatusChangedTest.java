package io.navidocs.webhooks.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.navidocs.webhooks.receiver.CapturingReceiver.Received;
import io.navidocs.webhooks.receiver.RunningService.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * INTEGRATION_STATUS_CHANGED (issue 9) against the running service: whoever changes a webhook's
 * status (the worker on a 410, an admin pausing or enabling), exactly one event is written and
 * it is delivered to the organization's other subscribers, never to the webhook it is about and
 * never to another organization.
 */
@Timeout(60)
class IntegrationStatusChangedTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String HA_ID = "navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N";
  private static final String TYPE = "INTEGRATION_STATUS_CHANGED";

  @TempDir
  Path dir;
  RunningService service;
  CapturingReceiver receiver;
  String homeAssistant;
  String watcher;
  String everything;

  @BeforeEach
  void start() throws Exception {
    service = RunningService.start(dir, Map.of());
    receiver = new CapturingReceiver();
    service.organization("org-1");
    service.organization("org-2");
    service.boat("boat-42", "org-1", "Sea Breeze");
    // The Home Assistant integration answers 410: its owner unsubscribed.
    receiver.answer("/api/webhook/" + HA_ID, 410);
    Answer ha = service.call("POST", "/api/integrations/home-assistant", new JsonObject()
        .put("organization_id", "org-1").put("base_url", receiver.base())
        .put("webhook_id", HA_ID).put("topics", new JsonArray().add("*")));
    assertEquals(201, ha.status(), ha.body());
    homeAssistant = ha.json().getJsonObject("integration").getString("id");
    watcher = webhook("org-1", "/watcher", TYPE);
    everything = webhook("org-1", "/everything", "*");
    webhook("org-2", "/other-org", "*");
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    receiver.close();
  }

  @Test
  void theWorkerDisablingAWebhookIsAnnouncedOnceToTheOthersAndNeverToItself() throws Exception {
    service.uploadDocument("doc-1", "org-1", "boat-42", "Engine manual", "manual.pdf");

    Received toWatcher = receiver.await(r -> r.path().equals("/watcher"), 1, WAIT).get(0);
    receiver.await(r -> r.path().equals("/everything") && r.body().contains(TYPE), 1, WAIT);
    JsonObject body = new JsonObject(toWatcher.body());
    assertEquals(TYPE, body.getString("event_type"));
    assertEquals("org-1", body.getString("organization_id"));
    assertEquals(new JsonObject().put("webhook_id", homeAssistant)
        .put("integration", "home_assistant").put("from", "active").put("to", "failed")
        .put("reason", "the endpoint answered 410 Gone").put("consecutive_failures", 1),
        body.getJsonObject("data"));

    assertEquals(1L, count("SELECT COUNT(*) FROM domain_events WHERE event_type = ?", TYPE));
    List<String> queuedFor = service.rows("SELECT webhook_id FROM webhook_deliveries"
        + " WHERE event_type = ?", TYPE).stream().map(r -> (String) r.get(0)).sorted().toList();
    assertEquals(java.util.stream.Stream.of(everything, watcher).sorted().toList(), queuedFor,
        "the other subscribers, not the Home Assistant webhook itself");
    assertEquals(1, receiver.all().stream()
        .filter(r -> r.path().equals("/watcher") && r.body().contains(TYPE)).count());
    assertEquals(0, receiver.all().stream()
        .filter(r -> r.path().equals("/api/webhook/" + HA_ID) && r.body().contains(TYPE))
        .count());
    assertEquals(0L, count("SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w"
        + " ON w.id = d.webhook_id WHERE w.organization_id = 'org-2' AND d.event_type = ?",
        TYPE));
  }

  @Test
  void anAdminPausingAndEnablingWritesOneEventPerRealChange() throws Exception {
    Answer paused = service.call("PUT", "/api/webhooks/" + watcher,
        new JsonObject().put("status", "inactive"));
    assertEquals(200, paused.status(), paused.body());
    Received toEverything = receiver.await(r -> r.path().equals("/everything")
        && r.body().contains(TYPE), 1, WAIT).get(0);
    JsonObject data = new JsonObject(toEverything.body()).getJsonObject("data");
    assertEquals(watcher, data.getString("webhook_id"));
    assertNull(data.getValue("integration"));
    assertEquals("active", data.getString("from"));
    assertEquals("inactive", data.getString("to"));
    assertEquals("paused by an admin", data.getString("reason"));

    // Pausing what is already paused changes nothing and announces nothing.
    assertEquals(200, service.call("PUT", "/api/webhooks/" + watcher,
        new JsonObject().put("status", "inactive")).status());
    assertEquals(200, service.call("POST", "/api/webhooks/" + watcher + "/enable", null)
        .status());
    receiver.await(r -> r.path().equals("/everything") && r.body().contains(TYPE), 2, WAIT);

    // (The Home Assistant webhook answering 410 to these events is a change of its own.)
    List<List<Object>> events = service.rows("SELECT payload FROM domain_events"
        + " WHERE event_type = ? AND json_extract(payload, '$.webhook_id') = ? ORDER BY id", TYPE,
        watcher);
    assertEquals(2, events.size(), "one event per real change: " + events);
    JsonObject enabled = new JsonObject((String) events.get(1).get(0));
    assertEquals("inactive", enabled.getString("from"));
    assertEquals("active", enabled.getString("to"));
    assertEquals("enabled by an admin", enabled.getString("reason"));
    assertEquals(0L, count("SELECT COUNT(*) FROM webhook_deliveries WHERE event_type = ?"
        + " AND webhook_id = ?", TYPE, watcher), "never queued for the webhook it is about");
  }

  private String webhook(String org, String path, String topic) throws Exception {
    Answer a = service.call("POST", "/api/webhooks", new JsonObject().put("organization_id", org)
        .put("url", receiver.base() + path).put("topics", new JsonArray().add(topic)));
    assertEquals(201, a.status(), a.body());
    return a.json().getJsonObject("webhook").getString("id");
  }

  private long count(String sql, Object... args) throws Exception {
    return ((Number) service.rows(sql, args).get(0).get(0)).longValue();
  }
}
