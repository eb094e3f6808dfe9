package io.navidocs.webhooks.receiver;

import io.navidocs.webhooks.app.Service;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The whole service as a user runs it (API, worker, scanner) on a fresh SQLite file in a
 * temporary directory, listening on 127.0.0.1 with any free port, allowed to deliver over http to
 * loopback only. Polls fast so tests wait little; waits are bounded polls, never sleeps.
 */
final class RunningService implements AutoCloseable {
  static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
  static final String JWT_SECRET = "test-jwt-secret-0123456789abcdefghijklmnopqr";

  private final Service service;
  private final Database database;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private RunningService(Service service, Database database) {
    this.service = service;
    this.database = database;
  }

  /** Starts the service on {@code dir}; {@code extraEnv} overrides single settings. */
  static RunningService start(Path dir, Map<String, String> extraEnv) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("NAVIDOCS_DB_URL", "jdbc:sqlite:" + dir.resolve("navidocs.db"));
    env.put("NAVIDOCS_HTTP_HOST", "127.0.0.1");
    env.put("NAVIDOCS_HTTP_PORT", "0");
    env.put("NAVIDOCS_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("NAVIDOCS_JWT_SECRET", JWT_SECRET);
    env.put("NAVIDOCS_POLL_INTERVAL_MS", "20");
    env.put("NAVIDOCS_DELIVERY_ALLOW_HTTP", "true");
    env.put("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.1/32");
    env.put("NAVIDOCS_BACKUP_DIR", dir.resolve("backups").toString());
    env.put("NAVIDOCS_API_RATE_LIMIT_PER_MINUTE", "10000");
    env.putAll(extraEnv);
    Settings settings = SettingsLoader.load(null, env);
    Database database = new Database(settings.database().url(),
        settings.database().busyTimeoutMs());
    Clock clock = Clock.systemUTC();
    Backups backups = new Backups(database, clock, settings.backup().compressAfterDays(),
        settings.backup().deleteAfterDays());
    Schema schema = new Schema(database, backups, settings.backup().dir(), clock, line -> { });
    return new RunningService(Service.start(settings, database, schema), database);
  }

  /** A NaviDocs organization, as the NaviDocs app would have written it. */
  void organization(String id) throws Exception {
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, 1, 1)", id,
        "Org " + id);
  }

  /** A boat of {@code org}. */
  void boat(String id, String org, String name) throws Exception {
    sql("INSERT INTO entities (id, organization_id, name, entity_type, created_at, updated_at)"
        + " VALUES (?, ?, ?, 'boat', 1, 1)", id, org, name);
  }

  /**
   * A document upload written straight into the NaviDocs tables: the events branch's trigger
   * turns it into DOCUMENT_UPLOADED, the most common real event.
   */
  void uploadDocument(String id, String org, String boat, String title, String fileName)
      throws Exception {
    sql("INSERT INTO documents (id, organization_id, entity_id, title, file_name, file_size,"
        + " mime_type, uploaded_by, created_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, 2483112, 'application/pdf', NULL, 1795428000, 1795428000)",
        id, org, boat, title, fileName);
  }

  int sql(String sql, Object... args) throws Exception {
    try (Connection c = database.open(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }

  List<List<Object>> rows(String sql, Object... args) throws Exception {
    try (Connection c = database.open(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  /** An API call with the admin token. */
  Answer call(String method, String path, JsonObject body) throws Exception {
    return call(method, path, body, ADMIN_TOKEN);
  }

  /** An API call with {@code token} (null: no Authorization header). */
  Answer call(String method, String path, JsonObject body, String token) throws Exception {
    return raw(method, path, body == null ? null : body.encode(), token);
  }

  /** An API call with a body exactly as given. */
  Answer raw(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + service.port() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  /** An HS256 JWT for {@code org}, signed with the service's JWT secret, valid for an hour. */
  static String jwt(String org) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
        .getBytes(StandardCharsets.UTF_8));
    long now = System.currentTimeMillis() / 1000;
    String claims = b64.encodeToString(new JsonObject().put("organization_id", org)
        .put("iat", now).put("exp", now + 3600).encode().getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = b64.encodeToString(mac.doFinal((header + "." + claims)
        .getBytes(StandardCharsets.UTF_8)));
    return header + "." + claims + "." + signature;
  }

  @Override
  public void close() {
    service.stop();
  }

  /** An API answer: status and JSON body. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }
}
