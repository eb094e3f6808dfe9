package io.navidocs.webhooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.app.LogSetup;
import io.navidocs.webhooks.app.Main;
import io.navidocs.webhooks.config.Settings;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code logging.format: json}, what the service writes to standard error is one valid JSON
 * object per line, carries the state changes operators act on, and never a secret.
 */
class JsonLogTest {
  private static final String ADMIN_TOKEN = "admin-token-SECRET-0123456789abcdef0123";
  private static final String JWT_SECRET = "jwt-secret-SECRET-0123456789abcdef01234";

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStandardError() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogging() {
    System.setErr(originalErr);
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new ConsoleHandler());
    root.setLevel(Level.INFO);
  }

  private List<JsonObject> lines() {
    String text = err.toString(StandardCharsets.UTF_8);
    assertFalse(text.isBlank(), "nothing was logged");
    assertFalse(text.contains(ADMIN_TOKEN), "admin token in the log");
    assertFalse(text.contains(JWT_SECRET), "JWT secret in the log");
    return text.lines().map(line -> {
      assertTrue(line.startsWith("{") && line.endsWith("}"), "not one object a line: " + line);
      JsonObject o = new JsonObject(line);
      for (String key : new String[] {"time", "level", "logger", "message"}) {
        assertTrue(o.containsKey(key), key + " missing in " + line);
      }
      return o;
    }).toList();
  }

  private int cli(Path config, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return Main.execute(all, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  @Test
  void migrationsAndTheirBackupAreLoggedAsOneJsonObjectPerLineWithoutSecrets() throws Exception {
    Path config = dir.resolve("app.yaml");
    Files.writeString(config, String.join("\n",
        "database:",
        "  url: jdbc:sqlite:" + dir.resolve("navidocs.db"),
        "auth:",
        "  adminToken: " + ADMIN_TOKEN,
        "  jwtSecret: " + JWT_SECRET,
        "backup:",
        "  dir: " + dir.resolve("backups"),
        "logging:",
        "  format: json",
        ""));
    assertEquals(0, cli(config, "migrate", "up"));
    assertEquals(0, cli(config, "migrate", "down", "--steps", "1"));
    assertEquals(0, cli(config, "migrate", "up"));

    List<String> messages = lines().stream().map(o -> o.getString("message")).toList();
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("migration applied: ")), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("migration rolled back: ")));
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("backup taken before migrating: ")));
  }

  @Test
  void theRunningServiceAndStateChangesLogValidJsonEvenWithQuotesNewlinesAndStackTraces()
      throws Exception {
    LogSetup.apply(new Settings.Logging("json", "INFO"));
    try (RunningService s = new RunningService(dir, Map.of(
        "NAVIDOCS_ADMIN_TOKEN", ADMIN_TOKEN, "NAVIDOCS_JWT_SECRET", JWT_SECRET))) {
      s.get("/api/health");
    }
    StateChanges.webhookDisabled("wh_1", "org-1", 8, "HTTP 500 \"Internal\"\nbody\tend\u0001");
    StateChanges.webhookEnabled("wh_1", "org-1", 3);
    StateChanges.deliveryFailed("dl_1", "wh_1", "SALE_COMPLETED", 8, "timeout after 15000 ms");
    Logger.getLogger("io.navidocs.webhooks.test").log(Level.SEVERE, "boom \\ \"quoted\"",
        new IllegalStateException("line one\nline two"));

    List<JsonObject> lines = lines();
    List<String> messages = lines.stream().map(o -> o.getString("message")).toList();
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("navidocs-webhooks ")
        && m.contains(" listening on http://127.0.0.1:")), messages.toString());
    assertTrue(messages.contains("webhook disabled: wh_1 (organization org-1) after 8 consecutive"
        + " failures: HTTP 500 \"Internal\"\nbody\tend\u0001"));
    assertTrue(messages.contains("webhook re-enabled: wh_1 (organization org-1), 3 held"
        + " deliveries resume"));
    assertTrue(messages.contains("delivery failed for good: dl_1 (webhook wh_1, SALE_COMPLETED)"
        + " after 8 attempt(s): timeout after 15000 ms"));
    JsonObject severe = lines.stream().filter(o -> o.getString("level").equals("SEVERE"))
        .findFirst().orElseThrow();
    assertEquals("boom \\ \"quoted\"", severe.getString("message"));
    assertTrue(severe.getString("error").contains("line one\nline two"));
    assertEquals(StateChanges.LOGGER, lines.stream()
        .filter(o -> o.getString("message").startsWith("webhook disabled"))
        .findFirst().orElseThrow().getString("logger"));
  }
}
