package io.navidocs.webhooks.metrics;

import io.navidocs.webhooks.app.Service;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real service on a temp SQLite file and a free port, with a client to call it. */
public final class RunningService implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final Service service;
  public final Path dbFile;

  public RunningService(Path dir, Map<String, String> extraEnv) throws Exception {
    dbFile = dir.resolve("navidocs.db");
    Map<String, String> env = new HashMap<>();
    env.put("NAVIDOCS_DB_URL", "jdbc:sqlite:" + dbFile);
    env.put("NAVIDOCS_HTTP_PORT", "0");
    env.put("NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString());
    env.put("NAVIDOCS_ADMIN_TOKEN", "test-admin-token-0123456789abcdef-0123456789");
    env.putAll(extraEnv);
    Settings settings = SettingsLoader.load(null, env);
    Database database =
        new Database(settings.database().url(), settings.database().busyTimeoutMs());
    Backups backups = new Backups(database, Clock.systemUTC(), 7, 30);
    Schema schema =
        new Schema(database, backups, settings.backup().dir(), Clock.systemUTC(), s -> { });
    service = Service.start(settings, database, schema);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + service.port() + path;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public String scrape() throws Exception {
    return get("/metrics").body();
  }

  @Override
  public void close() {
    service.stop();
  }
}
