package io.navidocs.webhooks.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.receiver.CapturingReceiver.Received;
import io.navidocs.webhooks.receiver.RunningService.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Home Assistant on-ramp as docs/home-assistant.md walks a user through it, against the
 * running service and a local receiver standing in for Home Assistant's
 * {@code /api/webhook/<id>}: create, the first real event with the {@code trigger.json} fields
 * the automations use, the test route, masking everywhere but create, the limit of 10 shared
 * with /api/webhooks, delete. Every log record written meanwhile is captured: the webhook id
 * must never appear in one.
 */
@Timeout(60)
class HomeAssistantOnRampTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String HA_ID = "navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N";
  private static final String PATH = "/api/integrations/home-assistant";

  @TempDir
  Path dir;
  RunningService service;
  CapturingReceiver homeAssistant;
  final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logs.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() throws Exception {
    Logger.getLogger("").addHandler(capture);
    Logger.getLogger("").setLevel(java.util.logging.Level.ALL);
    service = RunningService.start(dir, Map.of());
    homeAssistant = new CapturingReceiver();
    service.organization("org-1");
    service.boat("boat-42", "org-1", "Sea Breeze");
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
    homeAssistant.close();
    Logger.getLogger("").removeHandler(capture);
    Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
  }

  @Test
  void fromCreateToTheFirstEventTheAutomationsTemplatesFindTheirFields() throws Exception {
    Answer created = service.call("POST", PATH, new JsonObject().put("organization_id", "org-1")
        .put("base_url", homeAssistant.base() + "/").put("webhook_id", HA_ID)
        .put("description", "Sea Breeze - wheelhouse HA"));
    assertEquals(201, created.status(), created.body());
    JsonObject integration = created.json().getJsonObject("integration");
    assertEquals(HA_ID, integration.getString("webhook_id"), "create shows the id whole");
    assertEquals("home_assistant", integration.getString("type"));
    assertEquals(homeAssistant.base(), integration.getString("base_url"));
    assertEquals(new JsonArray().add("WARRANTY_*").add("DOCUMENT_*").add("SALE_*")
        .add("NOTIFICATION_SENT"), integration.getJsonArray("topics"));
    assertFalse(integration.containsKey("secret"));
    String id = integration.getString("id");

    service.uploadDocument("doc-1", "org-1", "boat-42", "Engine service manual",
        "engine-service-manual.pdf");
    Received r = homeAssistant.await(x -> x.path().equals("/api/webhook/" + HA_ID), 1, WAIT)
        .get(0);
    assertEquals("POST", r.method(), "allowed_methods: [POST] must accept it");
    assertTrue(r.header("content-type").startsWith("application/json"),
        "Home Assistant fills trigger.json only for a JSON content type");
    JsonObject json = new JsonObject(r.body());
    // The fields the four automations of docs/home-assistant.md read from trigger.json.
    assertEquals("DOCUMENT_UPLOADED", json.getString("event_type"));
    assertTrue(json.getString("id").startsWith("evt_"));
    JsonObject data = json.getJsonObject("data");
    assertEquals("Engine service manual", data.getString("title"));
    assertEquals("engine-service-manual.pdf", data.getString("file_name"));
    assertEquals(2483112, data.getInteger("file_size"));
    assertEquals("Sea Breeze", data.getString("boat_name"));

    Answer test = service.call("POST", PATH + "/" + id + "/test", null);
    assertEquals(200, test.status(), test.body());
    assertEquals("succeeded", test.json().getString("status"));
    assertEquals(200, test.json().getInteger("http_status"));
    Received probe = homeAssistant.await(x -> x.body().contains("WEBHOOK_TEST"), 1, WAIT).get(0);
    assertEquals("/api/webhook/" + HA_ID, probe.path());
    assertEquals(id, new JsonObject(probe.body()).getJsonObject("data").getString("webhook_id"));

    // Masked everywhere but create, also in the generic webhook views.
    String masked = "navi…Hj4N";
    Answer one = service.call("GET", PATH + "/" + id, null);
    assertEquals(masked, one.json().getJsonObject("integration").getString("webhook_id"));
    Answer list = service.call("GET", PATH + "?organization_id=org-1", null);
    assertEquals(1, list.json().getJsonObject("pagination").getInteger("total"));
    assertEquals(masked, list.json().getJsonArray("integrations").getJsonObject(0)
        .getString("webhook_id"));
    Answer asWebhook = service.call("GET", "/api/webhooks/" + id, null);
    assertEquals(homeAssistant.base() + "/api/webhook/" + masked,
        asWebhook.json().getJsonObject("webhook").getString("url"));
    for (Answer a : List.of(one, list, asWebhook, service.call("GET", "/api/webhooks", null),
        service.call("GET", "/api/webhooks/" + id + "/deliveries", null), test)) {
      assertFalse(a.body().contains(HA_ID), "the webhook id leaked: " + a.body());
    }

    Answer deleted = service.call("DELETE", PATH + "/" + id, null);
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(404, service.call("GET", "/api/webhooks/" + id, null).status());

    for (LogRecord log : logs) {
      String text = log.getMessage() + " " + java.util.Arrays.toString(log.getParameters())
          + " " + log.getThrown();
      assertFalse(text.contains(HA_ID), "the webhook id was logged: " + text);
    }
  }

  @Test
  void integrationsCountTowardTheTenWebhooksOfTheOrganization() throws Exception {
    for (int i = 0; i < 9; i++) {
      Answer a = service.call("POST", "/api/webhooks", new JsonObject()
          .put("organization_id", "org-1").put("url", homeAssistant.base() + "/plain/" + i)
          .put("topics", new JsonArray().add("*")));
      assertEquals(201, a.status(), a.body());
    }
    Answer tenth = service.call("POST", PATH, new JsonObject().put("organization_id", "org-1")
        .put("base_url", homeAssistant.base()).put("webhook_id", HA_ID));
    assertEquals(201, tenth.status(), tenth.body());
    Answer eleventh = service.call("POST", PATH, new JsonObject()
        .put("organization_id", "org-1").put("base_url", homeAssistant.base())
        .put("webhook_id", HA_ID + "-second"));
    assertEquals(409, eleventh.status(), eleventh.body());
    assertEquals("webhook_limit_reached", eleventh.json().getString("error"));
    Answer again = service.call("POST", "/api/webhooks", new JsonObject()
        .put("organization_id", "org-1").put("url", homeAssistant.base() + "/plain/10")
        .put("topics", new JsonArray().add("*")));
    assertEquals(409, again.status(), again.body());
  }

  @Test
  void theSameHomeAssistantWebhookCannotBeConnectedTwice() throws Exception {
    JsonObject body = new JsonObject().put("organization_id", "org-1")
        .put("base_url", homeAssistant.base()).put("webhook_id", HA_ID);
    assertEquals(201, service.call("POST", PATH, body).status());
    Answer twice = service.call("POST", PATH, body);
    assertEquals(409, twice.status(), twice.body());
    assertEquals("duplicate_url", twice.json().getString("error"));
    assertEquals("webhook_id", twice.json().getJsonArray("details").getJsonObject(0)
        .getString("field"));
    assertFalse(twice.body().contains(HA_ID));
  }

  @Test
  void aJwtSeesOnlyItsOwnOrganizationsIntegrations() throws Exception {
    service.organization("org-2");
    assertEquals(201, service.call("POST", PATH, new JsonObject()
        .put("base_url", homeAssistant.base()).put("webhook_id", HA_ID), RunningService.jwt(
            "org-1")).status());
    Answer mine = service.call("GET", PATH, null, RunningService.jwt("org-1"));
    assertEquals(1, mine.json().getJsonArray("integrations").size());
    Answer theirs = service.call("GET", PATH, null, RunningService.jwt("org-2"));
    assertEquals(200, theirs.status(), theirs.body());
    assertEquals(0, theirs.json().getJsonArray("integrations").size());
  }
}
