package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.navidocs.webhooks.app.Service;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.OpenAPIContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the router, and the guards in front of every handler. */
class ContractAndGuardsTest {
  @TempDir Path dir;

  @Test
  void theContractIsAValidOpenApiDocumentVertxAccepts() throws Exception {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(
        Files.readString(Path.of("docs/openapi.yaml")));
    assertTrue(doc.get("openapi").asText().startsWith("3.1"));
    assertEquals(ApiRoutes.contractText(), Files.readString(Path.of("docs/openapi.yaml")),
        "the jar ships docs/openapi.yaml unchanged");
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = OpenAPIContract.from(vertx, ApiRoutes.contractJson())
          .await(30, TimeUnit.SECONDS);
      // 19 of SPEC §6 and §8, 5 of the Home Assistant on-ramp (issue 9) and 4 notification
      // routes (issue 6).
      assertEquals(28, contract.operations().size());
      contract.operations().forEach(op -> assertFalse(op.getOperationId().isBlank()));
    } finally {
      vertx.close();
    }
  }

  @Test
  void everyRouteIsInTheContractAndEveryContractOperationIsRouted() throws Exception {
    TreeSet<String> documented = new TreeSet<>();
    JsonObject paths = ApiRoutes.contractJson().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!method.equals("parameters")) {
          documented.add(method.toUpperCase() + " " + path.replaceAll("\\{([^}]+)}", ":$1"));
        }
      }
    }
    TreeSet<String> routed = new TreeSet<>();
    try (ApiFixture api = new ApiFixture(dir, Map.of())) {
      for (Route r : api.api.router().getRoutes()) {
        if (r.getPath() == null || r.getPath().equals("/api/")) {
          continue; // root handlers and the catch-all that answers 404/405
        }
        assertTrue(r.methods() != null && !r.methods().isEmpty(), "route " + r.getPath()
            + " must name its methods");
        r.methods().forEach(m -> routed.add(m.name() + " " + r.getPath()));
      }
    }
    assertEquals(documented, routed);
  }

  @Test
  void theServiceMountsTheApiBehindTheOpsRoutesWithoutShadowingThem() throws Exception {
    var settings = SettingsLoader.load(null, Map.of(
        "NAVIDOCS_DB_URL", "jdbc:sqlite:" + dir.resolve("svc.db"),
        "NAVIDOCS_HTTP_PORT", "0", "NAVIDOCS_ADMIN_TOKEN", ApiFixture.ADMIN));
    Database db = new Database(settings.database().url(), 5000);
    Service service = Service.start(settings, db, new Schema(db, new Backups(db,
        Clock.systemUTC(), 7, 30), dir.resolve("b"), Clock.systemUTC(), s -> { }));
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + service.port();
      assertEquals(200, get(http, base + "/api/health", null).statusCode());
      assertTrue(get(http, base + "/metrics", null).body().contains("# TYPE"));
      assertEquals(401, get(http, base + "/api/topics", null).statusCode());
      assertEquals(200, get(http, base + "/api/topics", ApiFixture.ADMIN).statusCode());
    } finally {
      service.stop();
    }
  }

  @Test
  void withWebhooksDisabledEveryApiRouteButHealthAnswers503() throws Exception {
    try (ApiFixture api = new ApiFixture(dir, Map.of("ENABLE_WEBHOOKS", "false"))) {
      for (String path : List.of("/api/webhooks", "/api/topics", "/api/openapi.yaml",
          "/api/events", "/api/notifications?user_id=user-1", "/api/notification-templates")) {
        var r = api.call("GET", path, null);
        assertEquals(503, r.status(), path);
        assertEquals(new JsonObject().put("success", false).put("error", "feature_disabled")
            .put("message", "Feature temporarily disabled").put("details", new JsonArray()),
            r.json());
      }
    }
  }

  @Test
  void theHundredAndFirstRequestInAMinuteIs429WithRetryAfterAndTheNextMinuteIsFree()
      throws Exception {
    try (ApiFixture api = new ApiFixture(dir, Map.of("NAVIDOCS_API_RATE_LIMIT_PER_MINUTE",
        "100"))) {
      for (int i = 0; i < 100; i++) {
        assertEquals(200, api.call("GET", "/api/topics", null).status());
      }
      var limited = api.call("GET", "/api/topics", null);
      assertEquals(429, limited.status());
      assertEquals("rate_limited", limited.error());
      assertEquals(List.of("60"), limited.headers().get("retry-after"));
      assertEquals(200, api.call("GET", "/api/topics", null, ApiFixture.jwtFor("org-1"))
          .status(), "another token has its own budget");
      api.clock.advance(Duration.ofSeconds(60));
      assertEquals(200, api.call("GET", "/api/topics", null).status());
    }
  }

  @Test
  void secretsNeverReachTheLogs() throws Exception {
    List<String> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLoggerName() + " " + r.getMessage() + " " + r.getThrown());
      }

      @Override
      public void flush() { }

      @Override
      public void close() { }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (ApiFixture api = new ApiFixture(dir, Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS",
        "127.0.0.1/32"))) {
      String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
      var created = api.call("POST", "/api/webhooks", new JsonObject()
          .put("organization_id", "org-1").put("url", "http://127.0.0.1:9/hook")
          .put("topics", new JsonArray().add("*")).put("secret", secret).encode());
      assertEquals(201, created.status(), created.toString());
      String id = created.json().getJsonObject("webhook").getString("id");
      api.call("POST", "/api/webhooks/" + id + "/test", null);
      var rotated = api.call("POST", "/api/webhooks/" + id + "/rotate-secret", null);
      String fresh = rotated.json().getJsonObject("webhook").getString("secret");
      api.call("POST", "/api/webhooks", new JsonObject().put("organization_id", "org-1")
          .put("url", "http://127.0.0.1:9/x").put("topics", new JsonArray().add("*"))
          .put("secret", "too-short-secret").encode());
      var list = api.call("GET", "/api/webhooks", null);
      assertFalse(list.body().contains(secret) || list.body().contains(fresh));
      for (String line : logged) {
        assertFalse(line.contains(secret) || line.contains(fresh)
            || line.contains(ApiFixture.ADMIN), line);
      }
    } finally {
      root.removeHandler(capture);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
