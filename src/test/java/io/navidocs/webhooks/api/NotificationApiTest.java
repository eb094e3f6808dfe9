package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.notification.Notifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.navidocs.webhooks.storage.Dialect;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The notification center's four routes through the one API (real HTTP; SQLite and PostgreSQL),
 * with the admin token and with organization JWTs. Notifications are made the way the service
 * makes them: documents uploaded (the trigger writes the events), then the {@link Notifier}.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class NotificationApiTest {
  @Parameter Dialect dialect;
  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiFixture(dialect, dir, Map.of());
    seed(api);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /**
   * user-1 and user-2 are members of org-1 and get three notifications each (Doc 1..3, a minute
   * apart, Doc 3 newest); user-3 is a member of org-2 and gets one.
   */
  static void seed(ApiFixture api) throws Exception {
    api.sql("INSERT INTO users (id, email, name, created_at, updated_at) VALUES"
        + " ('user-1', 'u1@example.com', 'U1', 1, 1), ('user-2', 'u2@example.com', 'U2', 1, 1),"
        + " ('user-3', 'u3@example.com', 'U3', 1, 1)");
    api.sql("INSERT INTO user_organizations (user_id, organization_id, role, created_at) VALUES"
        + " ('user-1', 'org-1', 'member', 1), ('user-2', 'org-1', 'member', 1),"
        + " ('user-3', 'org-2', 'member', 1)");
    api.sql("INSERT INTO entities (id, organization_id, name, entity_type, created_at,"
        + " updated_at) VALUES ('boat-1', 'org-1', 'Sea Breeze', 'boat', 1, 1),"
        + " ('boat-2', 'org-2', 'Blue Moon', 'boat', 1, 1)");
    String[][] docs = {{"doc-1", "org-1", "boat-1"}, {"doc-2", "org-1", "boat-1"},
        {"doc-3", "org-1", "boat-1"}, {"doc-9", "org-2", "boat-2"}};
    for (String[] d : docs) {
      api.clock.advance(Duration.ofSeconds(60));
      api.sql("INSERT INTO documents (id, organization_id, entity_id, title, created_at,"
          + " updated_at) VALUES ('" + d[0] + "', '" + d[1] + "', '" + d[2] + "', 'Doc "
          + d[0].substring(4) + "', 1, 1)");
      try (Connection c = api.database.open()) {
        new Notifier(api.clock, api.database.dialect(), 100).processBatch(c);
      }
    }
    if (api.count("SELECT count(*) FROM notifications") != 7) {
      throw new IllegalStateException("the seed should make 7 notifications");
    }
  }

  private String firstId(String user) throws Exception {
    return api.call("GET", "/api/notifications?user_id=" + user, null).json()
        .getJsonArray("notifications").getJsonObject(0).getString("id");
  }

  @Test
  void theAdminSeesAUsersNotificationsNewestFirstPagedWithTheUnreadCount() throws Exception {
    var r = api.call("GET", "/api/notifications?user_id=user-1&limit=2", null);
    assertEquals(200, r.status(), r.toString());
    JsonObject body = r.json();
    assertTrue(body.getBoolean("success"));
    assertEquals(3, body.getInteger("unread_count"));
    assertEquals(new JsonObject().put("total", 3).put("limit", 2).put("offset", 0)
        .put("hasMore", true), body.getJsonObject("pagination"));
    JsonArray list = body.getJsonArray("notifications");
    assertEquals(2, list.size());
    JsonObject newest = list.getJsonObject(0);
    assertEquals("New document: Doc 3", newest.getString("title"));
    assertEquals("doc-3", newest.getString("document_id"));
    assertEquals("user-1", newest.getString("user_id"));
    assertFalse(newest.getBoolean("is_read"));
    assertEquals(api.clock.instant().getEpochSecond() - 60, newest.getLong("created_at"));
    assertEquals("Doc 2 was uploaded.", list.getJsonObject(1).getString("message"));
    var last = api.call("GET", "/api/notifications?user_id=user-1&limit=2&offset=2", null).json();
    assertEquals(1, last.getJsonArray("notifications").size());
    assertFalse(last.getJsonObject("pagination").getBoolean("hasMore"));
    assertEquals(1, api.call("GET", "/api/notifications?user_id=user-3", null).json()
        .getJsonArray("notifications").size(), "the admin token sees every organization");
  }

  @Test
  void aJwtSeesItsOwnMembersNotificationsAndAnotherOrganizationsUserIsNotFound()
      throws Exception {
    var own = api.call("GET", "/api/notifications?user_id=user-2&unread=true", null,
        ApiFixture.jwtFor("org-1"));
    assertEquals(200, own.status(), own.toString());
    assertEquals(3, own.json().getJsonArray("notifications").size());
    assertEquals(3, own.json().getInteger("unread_count"));
    var other = api.call("GET", "/api/notifications?user_id=user-1", null,
        ApiFixture.jwtFor("org-2"));
    assertEquals(404, other.status(), other.toString());
    assertEquals("not_found", other.error());
    assertFalse(other.body().contains("Doc"), "nothing of the user's notifications leaks");
    assertEquals(404, api.call("GET", "/api/notifications?user_id=nobody", null,
        ApiFixture.jwtFor("org-1")).status(), "an unknown user looks the same");
  }

  @Test
  void markingOneReadKeepsTheFirstReadingAndLowersTheUnreadCount() throws Exception {
    String id = firstId("user-1");
    var r = api.call("PUT", "/api/notifications/" + id + "/read", null);
    assertEquals(200, r.status(), r.toString());
    JsonObject n = r.json().getJsonObject("notification");
    assertTrue(n.getBoolean("is_read"));
    long readAt = n.getLong("read_at");
    assertEquals(api.clock.instant().getEpochSecond(), readAt);
    api.clock.advance(Duration.ofHours(1));
    var again = api.call("PUT", "/api/notifications/" + id + "/read", null,
        ApiFixture.jwtFor("org-1"));
    assertEquals(200, again.status(), again.toString());
    assertEquals(readAt, again.json().getJsonObject("notification").getLong("read_at"));
    assertEquals(2, api.call("GET", "/api/notifications?user_id=user-1", null).json()
        .getInteger("unread_count"));
  }

  @Test
  void aJwtMarksItsOwnMembersNotificationRead() throws Exception {
    String id = firstId("user-2");
    var r = api.call("PUT", "/api/notifications/" + id + "/read", null,
        ApiFixture.jwtFor("org-1"));
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.json().getJsonObject("notification").getBoolean("is_read"));
    assertEquals(1, api.count("SELECT count(*) FROM notifications WHERE is_read = 1"));
  }

  @Test
  void readAllMarksOnlyThatUsersNotificationsWithTheAdminTokenOrAJwt() throws Exception {
    var r = api.call("PUT", "/api/notifications/read-all",
        new JsonObject().put("user_id", "user-1").encode());
    assertEquals(200, r.status(), r.toString());
    assertEquals(3, r.json().getInteger("updated"));
    assertEquals(0, api.call("GET", "/api/notifications?user_id=user-1", null).json()
        .getInteger("unread_count"));
    assertEquals(3, api.call("GET", "/api/notifications?user_id=user-2", null).json()
        .getInteger("unread_count"));
    var jwt = api.call("PUT", "/api/notifications/read-all?user_id=user-2", null,
        ApiFixture.jwtFor("org-1"));
    assertEquals(200, jwt.status(), jwt.toString());
    assertEquals(3, jwt.json().getInteger("updated"));
    assertEquals(1, api.count("SELECT count(*) FROM notifications WHERE is_read = 0"),
        "user-3 of org-2 keeps their unread notification");
  }

  @Test
  void theTemplatesAreListedForTheAdminAndForAnyOrganizationsJwt() throws Exception {
    JsonArray all = api.call("GET", "/api/notification-templates", null).json()
        .getJsonArray("templates");
    assertEquals(14, all.size());
    JsonObject nt002 = all.stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("id").equals("nt-002")).findFirst().orElseThrow();
    assertEquals("Warranty expiring in 30 days: {{item_name}}", nt002.getString("subject"));
    assertEquals(new JsonArray().add("item_name").add("expiration_date").add("boat_name")
        .add("claim_deadline"), nt002.getJsonArray("variables"));
    assertEquals("30_days", nt002.getString("context_key"));
    assertTrue(nt002.getBoolean("is_active"));
    var jwt = api.call("GET", "/api/notification-templates?type=in_app", null,
        ApiFixture.jwtFor("org-2"));
    assertEquals(200, jwt.status(), jwt.toString());
    assertEquals(12, jwt.json().getJsonArray("templates").size());
    assertEquals(3, api.call("GET", "/api/notification-templates"
        + "?event_type=WARRANTY_EXPIRING&type=in_app&active=true", null, ApiFixture.jwtFor(
            "org-1")).json().getJsonArray("templates").size());
  }
}
