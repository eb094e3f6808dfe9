package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.api.HostileRequestsTest.Case;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import io.navidocs.webhooks.storage.Dialect;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Home Assistant on-ramp through the same hostile-input table as {@code /api/webhooks}
 * ({@link HostileRequestsTest}: the same {@link Case} rows, the same assertions, the strict
 * production defaults): authentication, organization scope, shapes, the URL rules applied to the
 * webhook URL built from {@code base_url}, and the on-ramp's own rule for {@code webhook_id}.
 * Every refusal leaves the database as it was and never echoes the webhook id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass
@EnumSource(Dialect.class)
class HomeAssistantHostileRequestsTest {
  @Parameter Dialect dialect;
  @TempDir static Path dir;
  ApiFixture api;
  /** An id that must never appear in an answer it did not create. */
  static final String HA_ID = "navidocs-9Yb3Qw7LmT2xKc8VfR1sHj4N";
  static final String PATH = "/api/integrations/home-assistant";

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    api = new ApiFixture(dialect, dir, Map.of("NAVIDOCS_DELIVERY_ALLOW_HTTP", "false",
        "NAVIDOCS_HTTP_MAX_BODY_BYTES", "4096"));
    api.sql("INSERT INTO webhooks (id, organization_id, url, secret, topics, status, created_at,"
        + " updated_at) VALUES ('wh_ha1', 'org-1', 'https://ha.example/api/webhook/" + HA_ID
        + "', '" + HostileRequestsTest.SECRET + "', '[\"*\"]', 'active', 1, 1),"
        + " ('wh_plain', 'org-1', 'https://hooks.example/a', '" + HostileRequestsTest.SECRET
        + "', '[\"*\"]', 'active', 1, 1)");
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    api.close();
  }

  static String ha(String base, String id) {
    return new JsonObject().put("organization_id", "org-1").put("base_url", base)
        .put("webhook_id", id).encode();
  }

  static String haWith(String key, Object value) {
    return new JsonObject().put("organization_id", "org-1").put("base_url", "https://x.example")
        .put("webhook_id", "abcdefghijklmnopqrstuvwxyz012345").put(key, value).encode();
  }

  static Stream<Case> cases() throws Exception {
    String other = ApiFixture.jwtFor("org-2");
    String a = ApiFixture.ADMIN;
    String item = PATH + "/wh_ha1";
    List<Case> c = new ArrayList<>();
    // Authentication and organization scope: as /api/webhooks.
    c.add(new Case("no token lists", "GET", PATH, null, null, 401, "unauthorized", null));
    c.add(new Case("no token creates", "POST", PATH, ha("https://x.example", HA_ID), null, 401,
        "unauthorized", null));
    c.add(new Case("wrong admin token", "GET", item, null, a + "x", 401, "unauthorized", null));
    c.add(new Case("other org reads integration", "GET", item, null, other, 404, "not_found",
        null));
    c.add(new Case("other org deletes integration", "DELETE", item, null, other, 404,
        "not_found", null));
    c.add(new Case("other org tests integration", "POST", item + "/test", null, other, 404,
        "not_found", null));
    c.add(new Case("jwt creates in other org", "POST", PATH,
        ha("https://x.example", "abcdefghijklmnopqrstuvwxyz012345"), other, 403, "forbidden",
        "organization_id"));
    c.add(new Case("jwt lists other org", "GET", PATH + "?organization_id=org-1", null, other,
        403, "forbidden", "organization_id"));
    // A plain webhook is not an integration.
    c.add(new Case("plain webhook as integration", "GET", PATH + "/wh_plain", null, a, 404,
        "not_found", null));
    c.add(new Case("plain webhook deleted as integration", "DELETE", PATH + "/wh_plain", null, a,
        404, "not_found", null));
    c.add(new Case("unknown integration", "GET", PATH + "/wh_nope", null, a, 404, "not_found",
        null));
    // Shapes and types.
    c.add(new Case("missing base_url", "POST", PATH,
        "{\"organization_id\":\"org-1\",\"webhook_id\":\"" + HA_ID + "\"}", a, 400,
        "validation_error", null));
    c.add(new Case("missing webhook_id", "POST", PATH,
        "{\"organization_id\":\"org-1\",\"base_url\":\"https://x.example\"}", a, 400,
        "validation_error", null));
    c.add(new Case("webhook_id is a number", "POST", PATH, haWith("webhook_id", 42), a, 400,
        "validation_error", "webhook_id"));
    c.add(new Case("unknown field", "POST", PATH, haWith("url", "https://x.example/h"), a, 400,
        "validation_error", "url"));
    c.add(new Case("secret is not accepted", "POST", PATH, haWith("secret", "s".repeat(40)), a,
        400, "validation_error", "secret"));
    c.add(new Case("unknown topic", "POST", PATH,
        haWith("topics", new JsonArray().add("BOAT_SANK")), a, 400, "validation_error",
        "topics[0]"));
    c.add(new Case("topics empty", "POST", PATH, haWith("topics", new JsonArray()), a, 400,
        "validation_error", "topics"));
    c.add(new Case("description too long", "POST", PATH, haWith("description", "d".repeat(501)),
        a, 400, "validation_error", "description"));
    c.add(new Case("unknown organization", "POST", PATH, haWith("organization_id", "org-404"),
        a, 400, "validation_error", "organization_id"));
    c.add(new Case("admin without organization", "POST", PATH,
        "{\"base_url\":\"https://x.example\",\"webhook_id\":\"" + HA_ID + "\"}", a, 400,
        "validation_error", "organization_id"));
    c.add(new Case("duplicate json key", "POST", PATH,
        "{\"organization_id\":\"org-1\",\"base_url\":\"https://x.example\",\"base_url\":"
            + "\"http://127.0.0.1\",\"webhook_id\":\"" + HA_ID + "\"}", a, 400, "invalid_json",
        "base_url"));
    c.add(new Case("not json", "POST", PATH, "{\"base_url\": ", a, 400, "invalid_json", "body"));
    c.add(new Case("body too large", "POST", PATH, haWith("description", "x".repeat(5000)), a,
        413, "payload_too_large", "body"));
    // The webhook id: the only credential Home Assistant checks.
    for (String id : List.of("navidocs", "short-id-1234", HA_ID + "/../../api/states",
        "navidocs-9Yb3Qw7LmT2x?x=1", "navidocs-9Yb3Qw7LmT2x#frag", "navidocs 9Yb3Qw7LmT2xKc8V",
        "navidocs-9Yb3Qw7LmT2x%2e%2e", "navidocs-\u202Egnp.exe-9Yb3Qw7LmT", "a".repeat(129))) {
      c.add(new Case("webhook_id " + id.replace('\u202E', '?'), "POST", PATH,
          ha("https://x.example", id), a, 400, "validation_error", "webhook_id"));
    }
    // base_url: Home Assistant's address only, then the URL rules of SPEC §6.
    for (String base : List.of("x.example", "ftp://x.example", "https://user:pw@x.example",
        "https://x.example?next=/", "https://x.example/api/webhook/other", "javascript:alert(1)",
        "http://x.example", "https://x.example/\u202Egnp", "https://" + "a".repeat(1900))) {
      c.add(new Case("base_url " + base.replace('\u202E', '?').substring(0,
          Math.min(40, base.length())), "POST", PATH, ha(base, HA_ID), a, 400,
          "validation_error", "base_url"));
    }
    for (String host : List.of("169.254.169.254", "10.0.0.1", "127.0.0.1", "[::1]", "[fd00::1]",
        "[::ffff:127.0.0.1]", "2130706433", "localhost", "0.0.0.0", "192.168.1.20:8123")) {
      c.add(new Case("refused host " + host, "POST", PATH, ha("https://" + host, HA_ID), a, 400,
          "validation_error", "base_url"));
    }
    // Paths and parameters.
    c.add(new Case("path traversal id", "GET", PATH + "/..%2F..%2Fetc%2Fpasswd", null, a, 400,
        "validation_error", "id"));
    c.add(new Case("limit over 100", "GET", PATH + "?limit=101", null, a, 400,
        "validation_error", "limit"));
    c.add(new Case("negative offset", "GET", PATH + "?offset=-1", null, a, 400,
        "validation_error", "offset"));
    c.add(new Case("put is not offered", "PUT", item, "{\"description\":\"x\"}", a, 405,
        "method_not_allowed", null));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsStatusAndCodeAndChangesNothing(Case c) throws Exception {
    String before = api.dump();
    var r = api.call(c.method(), c.path(), c.body(), c.token());
    assertEquals(c.status(), r.status(), r.toString());
    assertEquals(c.code(), r.error(), r.toString());
    assertEquals(false, r.json().getBoolean("success"));
    assertFalse(r.json().getString("message").isBlank());
    if (c.field() != null) {
      JsonArray details = r.json().getJsonArray("details");
      assertTrue(details.stream().anyMatch(d -> c.field().equals(((JsonObject) d)
          .getString("field"))), "details name " + c.field() + ": " + r);
    }
    assertFalse(r.body().contains(HA_ID), "the webhook id echoed in an error: " + r);
    assertFalse(r.body().contains(HostileRequestsTest.SECRET), "no secret in errors");
    assertEquals(before, api.dump(), "the database did not change");
  }
}
