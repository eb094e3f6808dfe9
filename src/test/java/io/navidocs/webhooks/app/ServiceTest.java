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
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} in-process: {@link Service#start} on a temp database and port 0 answers health,
 * keeps its generated admin token out of the log, and {@link Service#stop} closes it. (Signals
 * need the packaged jar and are tested as a process elsewhere.)
 */
class ServiceTest {
  @TempDir Path dir;
  final List<String> logged = new ArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (logged) {
        logged.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
      }
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
  };
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void captureLog() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("").removeHandler(capture);
  }

  private Service start(Path database) throws Exception {
    Settings settings = SettingsLoader.load(Files.writeString(dir.resolve("c.yaml"), "{}"),
        Map.of("NAVIDOCS_DB_URL", "jdbc:sqlite:" + database, "NAVIDOCS_HTTP_PORT", "0",
            "NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString()));
    return start(settings);
  }

  /** Starts the whole service as {@code run} does, on the database the settings name. */
  static Service start(Settings settings) throws Exception {
    Database db = new Database(settings.database().url(), 5_000);
    Backups backups = new Backups(db, Clock.systemUTC(), 7, 30);
    return Service.start(settings, db,
        new Schema(db, backups, settings.backup().dir(), Clock.systemUTC(), line -> { }));
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFreshDatabaseIsMigratedAndHealthAnswers200() throws Exception {
    Path database = dir.resolve("data").resolve("navidocs.db");
    Service service = start(database);
    try {
      HttpResponse<String> health = get(service.port(), "/api/health");
      assertEquals(200, health.statusCode(), health.body());
      JsonObject body = new JsonObject(health.body());
      assertEquals("ok", body.getString("status"));
      assertEquals("ok", body.getString("database"));
      assertTrue(Files.exists(database));
      assertEquals(200, get(service.port(), "/metrics").statusCode());
    } finally {
      service.stop();
    }
    assertTrue(logged.stream().anyMatch(l -> l.contains("listening on http://127.0.0.1:"
        + service.port() + ", database " + database)), logged::toString);
  }

  @Test
  void theGeneratedAdminTokenIsStoredOwnerOnlyAndNeverLogged() throws Exception {
    Path database = dir.resolve("navidocs.db");
    Service service = start(database);
    service.stop();
    Path tokenFile = dir.resolve("admin-token");
    String token = Files.readString(tokenFile).trim();

    assertTrue(token.length() >= 32, "a token of 32 random bytes");
    assertEquals(PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(tokenFile));
    assertTrue(logged.stream().anyMatch(l -> l.contains("admin token generated and stored in "
        + tokenFile)), logged::toString);

    Service again = start(database);
    again.stop();
    assertEquals(token, Files.readString(tokenFile).trim(), "the stored token is kept");
    assertTrue(logged.stream().anyMatch(l -> l.contains("admin token read from " + tokenFile)));
    synchronized (logged) {
      assertFalse(logged.isEmpty());
      for (String line : logged) {
        assertFalse(line.contains(token), "the token never appears in the log: " + line);
      }
    }
  }

  @Test
  void stopClosesTheListener() throws Exception {
    Service service = start(dir.resolve("navidocs.db"));
    int port = service.port();
    assertEquals(200, get(port, "/api/health").statusCode());
    service.stop();
    assertThrows(IOException.class, () -> get(port, "/api/health"));
  }
}
