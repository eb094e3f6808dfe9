package io.navidocs.webhooks.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.app.Service;
import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Schema;
import io.navidocs.webhooks.trigger.EventsDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner and the notifier as parts of the running service. */
class EventsInTheRunningServiceTest {
  @TempDir Path dir;

  @Test
  void atStartTheScannerExpiresAnOverdueWarrantyAndItsMembersAreNotified() throws Exception {
    EventsDatabase db = EventsDatabase.create(dir);
    db.organization("org-1");
    db.boat("boat-1", "org-1", "Sea Breeze");
    db.member("user-1", "org-1");
    db.warranty("wt-1", "boat-1", "Engine", "2020-01-01");
    Settings settings = SettingsLoader.load(null, Map.of(
        "NAVIDOCS_DB_URL", db.database().configuredUrl(),
        "NAVIDOCS_HTTP_PORT", "0",
        "NAVIDOCS_ADMIN_TOKEN", "x".repeat(40),
        "NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString()));
    Schema schema = new Schema(db.database(), new Backups(db.database(), Clock.systemUTC(), 7, 30),
        dir.resolve("backups"), Clock.systemUTC(), line -> { });
    Service service = Service.start(settings, db.database(), schema);
    try {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < deadline && ((Number) db.value(
          "SELECT count(*) FROM notifications WHERE warranty_id = 'wt-1'")).longValue() == 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // bounded poll
      }
      assertEquals("expired", db.value("SELECT status FROM warranty_tracking WHERE id = 'wt-1'"));
      assertEquals("[[WARRANTY_EXPIRED, scanner]]", db.rows("SELECT event_type, source"
          + " FROM domain_events WHERE event_type LIKE 'WARRANTY%'").toString());
      assertEquals("[[user-1, Engine warranty has expired]]", db.rows(
          "SELECT user_id, title FROM notifications").toString());

      // The notification routes are part of the admin API in the running service.
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
              + service.port() + "/api/notifications?user_id=user-1"))
              .header("Authorization", "Bearer " + "x".repeat(40)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(r.body());
      assertEquals(1, body.getInteger("unread_count"));
      assertEquals("⛔", body.getJsonArray("notifications").getJsonObject(0)
          .getString("icon_emoji"));
    } finally {
      service.stop();
    }
  }

  @Test
  void theDailyScanTimeIsConfigurableAndAnInvalidOneStopsStartup() throws Exception {
    assertEquals(LocalTime.of(3, 0), SettingsLoader.load(null, Map.of()).scanner().dailyAt());
    assertEquals(LocalTime.of(22, 15), SettingsLoader.load(null,
        Map.of("NAVIDOCS_SCANNER_DAILY_AT", "22:15")).scanner().dailyAt());
    ConfigException e = assertThrows(ConfigException.class, () -> SettingsLoader.load(null,
        Map.of("NAVIDOCS_SCANNER_DAILY_AT", "25:00")));
    assertTrue(e.getMessage().contains("scanner.dailyAt"), e.getMessage());
    assertTrue(e.getMessage().contains("NAVIDOCS_SCANNER_DAILY_AT"), e.getMessage());
  }
}
