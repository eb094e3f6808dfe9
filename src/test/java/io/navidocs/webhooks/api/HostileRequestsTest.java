package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
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
 * Malformed and hostile requests: each gets its exact status and error code, names the field
 * where there is one, and leaves the database exactly as it was. HTTPS only, no allowed
 * networks: the strict production defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass
@EnumSource(Dialect.class)
class HostileRequestsTest {
  @Parameter Dialect dialect;
  @TempDir static Path dir;
  ApiFixture api;
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** One request and what it must get. {@code field} null: no particular field expected. */
  record Case(String name, String method, String path, String body, String token, int status,
      String code, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    api = new ApiFixture(dialect, dir, Map.of("NAVIDOCS_DELIVERY_ALLOW_HTTP", "false",
        "NAVIDOCS_HTTP_MAX_BODY_BYTES", "4096"));
    api.sql("INSERT INTO webhooks (id, organization_id, url, secret, topics, status, created_at,"
        + " updated_at) VALUES ('wh_org1', 'org-1', 'https://hooks.example/a', '" + SECRET
        + "', '[\"*\"]', 'active', 1, 1)");
    api.sql("INSERT INTO domain_events (organization_id, event_type, payload, status, event_id)"
        + " VALUES ('org-1', 'SALE_COMPLETED', '{}', 'accepted', 'evt_org1')");
    api.sql("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id,"
        + " event_type, status, next_attempt_at, created_at, updated_at) VALUES ('dlv_org1',"
        + " 1, 'wh_org1', 'org-1', 'SALE_COMPLETED', 'failed', 1, 1, 1)");
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    api.close();
  }

  static String hook(String url) {
    return new JsonObject().put("organization_id", "org-1").put("url", url)
        .put("topics", new JsonArray().add("*")).encode();
  }

  static String hookWith(String key, Object value) {
    return new JsonObject().put("organization_id", "org-1").put("url", "https://x.example/h")
        .put("topics", new JsonArray().add("*")).put(key, value).encode();
  }

  static Stream<Case> cases() throws Exception {
    String other = ApiFixture.jwtFor("org-2");
    long past = Instant.now().getEpochSecond() - 3600;
    String expired = ApiFixture.jwt(new JsonObject().put("organization_id", "org-1")
        .put("exp", past), ApiFixture.JWT_SECRET);
    String badlySigned = ApiFixture.jwt(new JsonObject().put("organization_id", "org-1")
        .put("exp", past + 7200), "another-secret-0123456789abcdef01234");
    String noOrg = ApiFixture.jwt(new JsonObject().put("exp", past + 7200), ApiFixture.JWT_SECRET);
    String none = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"organization_id\":\"org-1\"}".getBytes()) + ".";
    String a = ApiFixture.ADMIN;
    List<Case> c = new ArrayList<>();
    // Authentication and organization scoping.
    c.add(new Case("no token", "GET", "/api/webhooks", null, null, 401, "unauthorized", null));
    c.add(new Case("basic auth", "GET", "/api/webhooks", null, "RAW:Basic YWRtaW46YWRtaW4=", 401,
        "unauthorized", null));
    c.add(new Case("wrong admin token", "GET", "/api/webhooks", null, a + "x", 401,
        "unauthorized", null));
    c.add(new Case("expired jwt", "GET", "/api/webhooks", null, expired, 401, "unauthorized",
        null));
    c.add(new Case("badly signed jwt", "GET", "/api/webhooks", null, badlySigned, 401,
        "unauthorized", null));
    c.add(new Case("alg none jwt", "GET", "/api/webhooks", null, none, 401, "unauthorized",
        null));
    c.add(new Case("jwt without organization", "GET", "/api/webhooks", null, noOrg, 401,
        "unauthorized", null));
    c.add(new Case("other org reads webhook", "GET", "/api/webhooks/wh_org1", null, other, 404,
        "not_found", null));
    c.add(new Case("other org updates webhook", "PUT", "/api/webhooks/wh_org1",
        "{\"status\":\"inactive\"}", other, 404, "not_found", null));
    c.add(new Case("other org deletes webhook", "DELETE", "/api/webhooks/wh_org1", null, other,
        404, "not_found", null));
    c.add(new Case("other org enables webhook", "POST", "/api/webhooks/wh_org1/enable", null,
        other, 404, "not_found", null));
    c.add(new Case("other org rotates secret", "POST", "/api/webhooks/wh_org1/rotate-secret",
        null, other, 404, "not_found", null));
    c.add(new Case("other org reads delivery", "GET", "/api/deliveries/dlv_org1", null, other,
        404, "not_found", null));
    c.add(new Case("other org retries delivery", "POST", "/api/deliveries/dlv_org1/retry", null,
        other, 404, "not_found", null));
    c.add(new Case("other org reads event", "GET", "/api/events/evt_org1", null, other, 404,
        "not_found", null));
    c.add(new Case("jwt creates in other org", "POST", "/api/webhooks", hook("https://x.example/"),
        other, 403, "forbidden", "organization_id"));
    c.add(new Case("jwt publishes to other org", "POST", "/api/events",
        "{\"organization_id\":\"org-1\",\"event_type\":\"SALE_COMPLETED\",\"data\":{}}", other,
        403, "forbidden", "organization_id"));
    // Shapes and types.
    c.add(new Case("missing url", "POST", "/api/webhooks",
        "{\"organization_id\":\"org-1\",\"topics\":[\"*\"]}", a, 400, "validation_error", null));
    c.add(new Case("url is a number", "POST", "/api/webhooks", hookWith("url", 42), a, 400,
        "validation_error", "url"));
    c.add(new Case("topics is a string", "POST", "/api/webhooks", hookWith("topics", "*"), a,
        400, "validation_error", "topics"));
    c.add(new Case("topics empty", "POST", "/api/webhooks", hookWith("topics", new JsonArray()),
        a, 400, "validation_error", "topics"));
    c.add(new Case("unknown topic", "POST", "/api/webhooks",
        hookWith("topics", new JsonArray().add("BOAT_SANK")), a, 400, "validation_error",
        "topics[0]"));
    c.add(new Case("unknown field", "POST", "/api/webhooks", hookWith("is_admin", true), a, 400,
        "validation_error", "is_admin"));
    c.add(new Case("description too long", "POST", "/api/webhooks",
        hookWith("description", "d".repeat(501)), a, 400, "validation_error", "description"));
    c.add(new Case("secret too short", "POST", "/api/webhooks", hookWith("secret", "short"), a,
        400, "validation_error", "secret"));
    c.add(new Case("retry policy unknown", "POST", "/api/webhooks",
        hookWith("retry_policy", "sometimes"), a, 400, "validation_error", "retry_policy"));
    c.add(new Case("sql in organization", "POST", "/api/webhooks",
        hookWith("organization_id", "org-1' OR '1'='1"), a, 400, "validation_error",
        "organization_id"));
    c.add(new Case("unknown organization", "POST", "/api/webhooks",
        hookWith("organization_id", "org-404"), a, 400, "validation_error", "organization_id"));
    c.add(new Case("admin without organization", "POST", "/api/webhooks",
        "{\"url\":\"https://x.example/\",\"topics\":[\"*\"]}", a, 400, "validation_error",
        "organization_id"));
    c.add(new Case("duplicate json key", "POST", "/api/webhooks",
        "{\"organization_id\":\"org-1\",\"url\":\"https://x.example/\",\"url\":"
            + "\"https://127.0.0.1/\",\"topics\":[\"*\"]}", a, 400, "invalid_json", "url"));
    c.add(new Case("not json", "POST", "/api/webhooks", "{\"url\": ", a, 400, "invalid_json",
        "body"));
    c.add(new Case("array body", "POST", "/api/webhooks", "[1,2]", a, 400, "validation_error",
        null));
    c.add(new Case("body too large", "POST", "/api/webhooks",
        hookWith("description", "x".repeat(5000)), a, 413, "payload_too_large", "body"));
    // URL rules.
    c.add(new Case("huge url", "POST", "/api/webhooks",
        hook("https://x.example/" + "a".repeat(2100)), a, 400, "validation_error", "url"));
    c.add(new Case("plain http", "POST", "/api/webhooks", hook("http://x.example/"), a, 400,
        "validation_error", "url"));
    c.add(new Case("ftp scheme", "POST", "/api/webhooks", hook("ftp://x.example/"), a, 400,
        "validation_error", "url"));
    c.add(new Case("credentials in url", "POST", "/api/webhooks",
        hook("https://user:pw@x.example/"), a, 400, "validation_error", "url"));
    c.add(new Case("rtl override in url", "POST", "/api/webhooks",
        hook("https://x.example/\u202Egnp.exe"), a, 400, "validation_error", "url"));
    c.add(new Case("zero width in host", "POST", "/api/webhooks",
        hook("https://ex\u200Bample.com/"), a, 400, "validation_error", "url"));
    c.add(new Case("nul byte in url", "POST", "/api/webhooks", hook("https://x.example/\u0000"),
        a, 400, "validation_error", "url"));
    for (String host : List.of("169.254.169.254", "10.0.0.1", "127.0.0.1", "[::1]", "[fd00::1]",
        "[::ffff:127.0.0.1]", "2130706433", "0177.0.0.1", "localhost", "0.0.0.0",
        "[fe80::1]")) {
      c.add(new Case("refused host " + host, "POST", "/api/webhooks",
          hook("https://" + host + "/latest/meta-data"), a, 400, "validation_error", "url"));
    }
    c.add(new Case("refused url on update", "PUT", "/api/webhooks/wh_org1",
        "{\"url\":\"https://169.254.169.254/\"}", a, 400, "validation_error", "url"));
    // Paths and parameters.
    c.add(new Case("path traversal id", "GET", "/api/webhooks/..%2F..%2Fetc%2Fpasswd", null, a,
        400, "validation_error", "id"));
    c.add(new Case("sql in id", "GET", "/api/webhooks/x'%20OR%20'1'='1", null, a, 400,
        "validation_error", "id"));
    c.add(new Case("unknown webhook", "GET", "/api/webhooks/wh_nope", null, a, 404, "not_found",
        null));
    c.add(new Case("negative limit", "GET", "/api/webhooks?limit=-1", null, a, 400,
        "validation_error", "limit"));
    c.add(new Case("zero limit", "GET", "/api/webhooks?limit=0", null, a, 400,
        "validation_error", "limit"));
    c.add(new Case("limit over 100", "GET", "/api/webhooks?limit=101", null, a, 400,
        "validation_error", "limit"));
    c.add(new Case("limit not a number", "GET", "/api/webhooks?limit=ten", null, a, 400,
        "validation_error", "limit"));
    c.add(new Case("negative offset", "GET", "/api/events?offset=-5", null, a, 400,
        "validation_error", "offset"));
    c.add(new Case("unknown status filter", "GET", "/api/webhooks/wh_org1/deliveries?status=lost",
        null, a, 400, "validation_error", "status"));
    c.add(new Case("put status failed", "PUT", "/api/webhooks/wh_org1", "{\"status\":\"failed\"}",
        a, 400, "validation_error", "status"));
    c.add(new Case("put nothing", "PUT", "/api/webhooks/wh_org1", "{}", a, 400,
        "validation_error", null));
    c.add(new Case("rotate negative grace", "POST", "/api/webhooks/wh_org1/rotate-secret",
        "{\"grace_period_seconds\":-1}", a, 400, "validation_error", "grace_period_seconds"));
    c.add(new Case("recover garbage since", "POST", "/api/webhooks/wh_org1/recover",
        "{\"since\":\"yesterday\"}", a, 400, "validation_error", "since"));
    c.add(new Case("retry a failed delivery of another org", "POST",
        "/api/deliveries/dlv_nope/retry", null, a, 404, "not_found", null));
    c.add(new Case("publish unknown type", "POST", "/api/events",
        "{\"organization_id\":\"org-1\",\"event_type\":\"BOAT_SANK\",\"data\":{}}", a, 400,
        "validation_error", "event_type"));
    c.add(new Case("publish webhook test", "POST", "/api/events",
        "{\"organization_id\":\"org-1\",\"event_type\":\"WEBHOOK_TEST\",\"data\":{}}", a, 400,
        "validation_error", "event_type"));
    c.add(new Case("publish data not object", "POST", "/api/events",
        "{\"organization_id\":\"org-1\",\"event_type\":\"SALE_COMPLETED\",\"data\":[1]}", a, 400,
        "validation_error", "data"));
    c.add(new Case("unknown route", "GET", "/api/nope", null, a, 404, "not_found", null));
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
    assertFalse(r.body().contains(SECRET), "no secret in errors");
    assertEquals(before, api.dump(), "the database did not change");
  }
}
