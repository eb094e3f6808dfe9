package io.navidocs.webhooks.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import io.navidocs.webhooks.storage.StorageException;
import io.navidocs.webhooks.storage.postgres.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with {@code NAVIDOCS_DB_URL=jdbc:postgresql://…}: it migrates the database, serves
 * the admin API with the configured token and writes no token file; without a configured token
 * it refuses to start before touching the database.
 */
class PostgresServiceTest {
  static final String TOKEN = "pg-admin-token-0123456789abcdef012345";
  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Service start(String url, String token) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("NAVIDOCS_DB_URL", url,
        "NAVIDOCS_HTTP_PORT", "0", "NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString(),
        "NAVIDOCS_DELIVERY_ALLOW_HTTP", "true",
        "NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.1/32"));
    if (token != null) {
      env.put("NAVIDOCS_ADMIN_TOKEN", token);
    }
    Settings settings = SettingsLoader.load(Files.writeString(dir.resolve("c.yaml"), "{}"), env);
    Database db = new Database(settings.database().url(), 5_000);
    return Service.start(settings, db, new Schema(db, new Backups(db, Clock.systemUTC(), 7, 30),
        settings.backup().dir(), Clock.systemUTC(), line -> { }));
  }

  private HttpResponse<String> call(int port, String method, String path, String body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runsOnPostgresqlMigratedWithTheConfiguredAdminToken() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    Service service = start(url, TOKEN);
    try {
      assertEquals(200, call(service.port(), "GET", "/api/health", null).statusCode());
      try (Connection c = new Database(url, 5_000).open(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO organizations (id, name, created_at, updated_at)"
            + " VALUES ('org-1', 'Ørsted Yachts', 1, 1)");
      }
      var created = call(service.port(), "POST", "/api/webhooks", new JsonObject()
          .put("organization_id", "org-1").put("url", "http://127.0.0.1:9/hook")
          .put("topics", new JsonArray().add("*")).encode());
      assertEquals(201, created.statusCode(), created.body());
      var list = call(service.port(), "GET", "/api/webhooks", null);
      assertEquals(1, new JsonObject(list.body()).getJsonObject("pagination")
          .getInteger("total"), list.body());
    } finally {
      service.stop();
    }
    try (Connection c = new Database(url, 5_000).open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_migrations")) {
      rs.next();
      assertTrue(rs.getLong(1) > 10, "every migration applied");
    }
  }

  @Test
  void refusesToStartOnPostgresqlWithoutAnAdminTokenAndChangesNothing() throws Exception {
    String url = TestPostgres.newDatabaseUrl();
    StorageException e = assertThrows(StorageException.class, () -> start(url, null));
    assertTrue(e.getMessage().contains("NAVIDOCS_ADMIN_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("password"), "no credentials in the message");
    try (Connection c = new Database(url, 5_000).open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
             + " WHERE table_schema = current_schema()")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "nothing was migrated");
    }
  }
}
