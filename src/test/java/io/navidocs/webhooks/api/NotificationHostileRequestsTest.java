package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Malformed, unauthenticated and out-of-scope requests to the notification routes: each gets
 * its status and error code, names the parameter or field where there is one, and leaves the
 * database exactly as it was (notifications included).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass
@EnumSource(Dialect.class)
class NotificationHostileRequestsTest {
  @Parameter Dialect dialect;
  /** Stands for a real notification id of user-1 (org-1) in a case's path. */
  static final String USER_1_NOTIFICATION = "{user-1's notification}";

  @TempDir static Path dir;
  ApiFixture api;
  String user1Notification;

  record Case(String name, String method, String path, String body, String token, int status,
      String code, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeParameterizedClassInvocation
  void start() throws Exception {
    api = new ApiFixture(dialect, dir, Map.of());
    NotificationApiTest.seed(api);
    try (var c = api.database.open(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT id FROM notifications WHERE user_id = 'user-1'")) {
      rs.next();
      user1Notification = rs.getString(1);
    }
  }

  @AfterParameterizedClassInvocation
  void stop() throws Exception {
    api.close();
  }

  static Stream<Case> cases() throws Exception {
    String a = ApiFixture.ADMIN;
    String org1 = ApiFixture.jwtFor("org-1");
    String org2 = ApiFixture.jwtFor("org-2");
    String list = "/api/notifications?user_id=user-1";
    String read = "/api/notifications/" + USER_1_NOTIFICATION + "/read";
    String readAll = "/api/notifications/read-all";
    String templates = "/api/notification-templates";
    List<Case> c = new ArrayList<>();
    // Authentication, on every route.
    c.add(new Case("list without a token", "GET", list, null, null, 401, "unauthorized", null));
    c.add(new Case("read without a token", "PUT", read, null, null, 401, "unauthorized", null));
    c.add(new Case("read-all without a token", "PUT", readAll, "{\"user_id\":\"user-1\"}", null,
        401, "unauthorized", null));
    c.add(new Case("templates without a token", "GET", templates, null, null, 401,
        "unauthorized", null));
    c.add(new Case("read with a wrong token", "PUT", read, null, a + "x", 401, "unauthorized",
        null));
    // Organization scoping.
    c.add(new Case("other org lists a user", "GET", list, null, org2, 404, "not_found", null));
    c.add(new Case("other org reads a notification", "PUT", read, null, org2, 404, "not_found",
        null));
    c.add(new Case("other org marks all read (body)", "PUT", readAll, "{\"user_id\":\"user-1\"}",
        org2, 404, "not_found", null));
    c.add(new Case("other org marks all read (query)", "PUT", readAll + "?user_id=user-3", null,
        org1, 404, "not_found", null));
    // Parameters and bodies.
    c.add(new Case("list without user_id", "GET", "/api/notifications", null, a, 400,
        "validation_error", "user_id"));
    c.add(new Case("list without user_id with a jwt", "GET", "/api/notifications?limit=5", null,
        org1, 400, "validation_error", "user_id"));
    c.add(new Case("limit 0", "GET", list + "&limit=0", null, a, 400, "validation_error",
        "limit"));
    c.add(new Case("limit 101", "GET", list + "&limit=101", null, a, 400, "validation_error",
        "limit"));
    c.add(new Case("negative offset", "GET", list + "&offset=-1", null, a, 400,
        "validation_error", "offset"));
    c.add(new Case("unread not a boolean", "GET", list + "&unread=maybe", null, a, 400,
        "validation_error", "unread"));
    c.add(new Case("sql in user_id", "GET", "/api/notifications?user_id=u%27%20OR%20%271", null,
        a, 400, "validation_error", "user_id"));
    c.add(new Case("unknown notification", "PUT", "/api/notifications/ntf_nope/read", null, a,
        404, "not_found", null));
    c.add(new Case("unknown notification with a jwt", "PUT", "/api/notifications/ntf_nope/read",
        null, org1, 404, "not_found", null));
    c.add(new Case("notification id with a space", "PUT", "/api/notifications/a%20b/read", null,
        a, 400, "validation_error", "id"));
    c.add(new Case("read-all without user_id", "PUT", readAll, null, a, 400, "validation_error",
        "user_id"));
    c.add(new Case("read-all with an empty body", "PUT", readAll, "{}", a, 400,
        "validation_error", "user_id"));
    c.add(new Case("read-all query and body differ", "PUT", readAll + "?user_id=user-2",
        "{\"user_id\":\"user-1\"}", a, 400, "validation_error", "user_id"));
    c.add(new Case("read-all unknown field", "PUT", readAll,
        "{\"user_id\":\"user-1\",\"everyone\":true}", a, 400, "validation_error", "everyone"));
    c.add(new Case("read-all user_id a number", "PUT", readAll, "{\"user_id\":7}", a, 400,
        "validation_error", "user_id"));
    c.add(new Case("read-all not json", "PUT", readAll, "{\"user_id\": ", a, 400, "invalid_json",
        "body"));
    c.add(new Case("read-all duplicate key", "PUT", readAll,
        "{\"user_id\":\"user-3\",\"user_id\":\"user-1\"}", org1, 400, "invalid_json",
        "user_id"));
    c.add(new Case("templates of an unknown type", "GET", templates + "?type=fax", null, a, 400,
        "validation_error", "type"));
    c.add(new Case("templates active not a boolean", "GET", templates + "?active=yes", null, a,
        400, "validation_error", "active"));
    c.add(new Case("read with POST", "POST", read, null, a, 405, "method_not_allowed", null));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsStatusAndCodeAndChangesNothing(Case c) throws Exception {
    String before = api.dump();
    var r = api.call(c.method(), c.path().replace(USER_1_NOTIFICATION, user1Notification),
        c.body(), c.token());
    assertEquals(c.status(), r.status(), r.toString());
    assertEquals(c.code(), r.error(), r.toString());
    assertEquals(false, r.json().getBoolean("success"));
    assertFalse(r.json().getString("message").isBlank());
    if (c.field() != null) {
      JsonArray details = r.json().getJsonArray("details");
      assertTrue(details.stream().anyMatch(d -> c.field().equals(((JsonObject) d)
          .getString("field"))), "details name " + c.field() + ": " + r);
    }
    assertFalse(r.body().contains("Doc "), "no notification text in an error: " + r);
    assertEquals(before, api.dump(), "the database did not change");
  }
}
