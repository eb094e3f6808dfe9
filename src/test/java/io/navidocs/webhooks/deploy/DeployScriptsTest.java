package io.navidocs.webhooks.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.navidocs.webhooks.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's procedures as scripts, run with bash against a real SQLite database in a temp
 * directory: back up, corrupt, smoke test, roll back (service manager and health endpoint
 * replaced by a recording stub and a local HTTP server).
 */
class DeployScriptsTest {
  @TempDir Path dir;
  private Path db;
  private Path backups;
  private Path ctlLog;
  private HttpServer health;
  private final AtomicInteger healthStatus = new AtomicInteger(200);
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    db = dir.resolve("data/navidocs.db");
    backups = dir.resolve("backups");
    ctlLog = dir.resolve("systemctl.log");
    Path ctl = dir.resolve("fake-systemctl");
    Files.writeString(ctl, "#!/bin/sh\necho \"$@\" >> '" + ctlLog + "'\n");
    ctl.toFile().setExecutable(true);
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext("/api/health", ex -> {
      byte[] body = "{\"status\":\"ok\"}".getBytes();
      ex.sendResponseHeaders(healthStatus.get(), body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    health.start();
    env.put("NAVIDOCS_CMD", Scripts.navidocsCmd());
    env.put("NAVIDOCS_DB_URL", "jdbc:sqlite:" + db);
    env.put("NAVIDOCS_BACKUP_DIR", backups.toString());
    env.put("DB_FILE", db.toString());
    env.put("BACKUP_DIR", backups.toString());
    env.put("SERVICE_CTL", ctl.toString());
    env.put("HEALTH_URL", "http://127.0.0.1:" + health.getAddress().getPort() + "/api/health");
    env.put("HEALTH_TIMEOUT_S", "3");
    env.put("TMPDIR", dir.toString());

    // The sqlite3 checks are the point here; `verify` runs once, in the fresh-database test.
    env.put("SMOKE_SKIP_VERIFY", "1");
    Path config = dir.resolve("app.yaml");
    Files.writeString(config, "database:\n  url: jdbc:sqlite:" + db + "\nbackup:\n  dir: "
        + backups + "\n");
    env.put("NAVIDOCS_CONFIG", config.toString());
    StringWriter out = new StringWriter();
    assertEquals(0, Main.execute(new String[] {"migrate", "up", "--config", config.toString()},
        new PrintWriter(out), new PrintWriter(out)), out.toString());
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-1', 'Before', 1, 1)");
  }

  @AfterEach
  void tearDown() {
    health.stop(0);
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private List<String> organizations() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM organizations ORDER BY id")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** Overwrites a few pages in the middle of the file, as a disk fault would. */
  private void corrupt() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      long pages = f.length() / 4096;
      assertTrue(pages > 8, "database too small to corrupt meaningfully: " + pages + " pages");
      f.seek(4096 * 3);
      byte[] junk = new byte[4096 * 4];
      java.util.Arrays.fill(junk, (byte) 0x5A);
      f.write(junk);
    }
  }

  private List<Path> backupFiles() throws IOException {
    try (Stream<Path> s = Files.list(backups)) {
      return s.filter(p -> p.getFileName().toString().contains(".backup-")).toList();
    }
  }

  @Test
  void backupWritesAVerifiedCopyWithAManifestAndTheSmokeTestPassesOnAFreshDatabase()
      throws Exception {
    Scripts.Result backup = Scripts.bash(dir, env, "backup.sh");
    assertEquals(0, backup.exit(), backup.output());
    assertTrue(backup.output().contains("✓ backup verified: "), backup.output());
    assertEquals(1, backupFiles().size());
    try (Stream<Path> s = Files.list(backups)) {
      Path manifest = s.filter(p -> p.getFileName().toString().startsWith("manifest-"))
          .findFirst().orElseThrow();
      String text = Files.readString(manifest);
      assertTrue(text.contains("Integrity: ok"), text);
      assertTrue(text.contains("SHA-256: "), text);
    }

    env.remove("SMOKE_SKIP_VERIFY");
    Scripts.Result smoke = Scripts.bash(dir, env, "smoke-test.sh");
    assertEquals(0, smoke.exit(), smoke.output());
    assertTrue(smoke.output().contains("✓ navidocs-webhooks verify: all "), smoke.output());
    assertTrue(smoke.output().contains("✓ Index 'idx_webhook_active' exists"), smoke.output());
    assertTrue(smoke.output().contains("All smoke tests passed!"), smoke.output());
  }

  @Test
  void theSmokeTestFailsWhenAnIndexIsMissing() throws Exception {
    sql("DROP INDEX idx_sale_status");
    Scripts.Result smoke = Scripts.bash(dir, env, "smoke-test.sh");
    assertEquals(1, smoke.exit(), smoke.output());
    assertTrue(smoke.output().contains("✗ Index 'idx_sale_status' missing"), smoke.output());
  }

  @Test
  void aCorruptedDatabaseFailsTheSmokeTestAndRollbackRestoresTheBackupAndChecksHealth()
      throws Exception {
    assertEquals(0, Scripts.bash(dir, env, "backup.sh").exit());
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-2', 'After', 2, 2)");
    corrupt();

    Scripts.Result smoke = Scripts.bash(dir, env, "smoke-test.sh");
    assertNotEquals(0, smoke.exit(), smoke.output());
    assertTrue(smoke.output().contains("FAILED"), smoke.output());

    Scripts.Result rollback = Scripts.bash(dir, env, "rollback.sh");
    assertEquals(0, rollback.exit(), rollback.output());
    assertTrue(rollback.output().contains("✓ Rollback completed successfully!"), rollback.output());
    assertEquals(List.of("stop navidocs-webhooks", "start navidocs-webhooks"),
        Files.readAllLines(ctlLog));
    assertEquals(List.of("org-1"), organizations());
    try (Stream<Path> s = Files.list(db.getParent())) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("navidocs.db.failed-")),
          "the corrupted database is kept for analysis");
    }
    Scripts.Result after = Scripts.bash(dir, env, "smoke-test.sh");
    assertEquals(0, after.exit(), after.output());
  }

  @Test
  void rollbackFailsWhenTheServiceDoesNotBecomeHealthy() throws Exception {
    assertEquals(0, Scripts.bash(dir, env, "backup.sh").exit());
    healthStatus.set(503);
    Scripts.Result rollback = Scripts.bash(dir, env, "rollback.sh");
    assertEquals(1, rollback.exit(), rollback.output());
    assertTrue(rollback.output().contains("health check failed"), rollback.output());
  }

  @Test
  void rollbackRefusesABackupThatDoesNotMatchItsManifestAndLeavesTheServiceAlone()
      throws Exception {
    assertEquals(0, Scripts.bash(dir, env, "backup.sh").exit());
    Path backup = backupFiles().get(0);
    try (RandomAccessFile f = new RandomAccessFile(backup.toFile(), "rw")) {
      f.seek(f.length() - 10);
      f.write(new byte[] {1, 2, 3});
    }
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-2', 'After', 2, 2)");

    Scripts.Result rollback = Scripts.bash(dir, env, "rollback.sh", backup.toString());
    assertEquals(1, rollback.exit(), rollback.output());
    assertTrue(rollback.output().contains("does not match its manifest"), rollback.output());
    assertFalse(Files.exists(ctlLog), "the service must not be stopped");
    assertEquals(List.of("org-1", "org-2"), organizations());
  }

  @Test
  void rollbackRestoresACompressedBackup() throws Exception {
    assertEquals(0, Scripts.bash(dir, env, "backup.sh").exit());
    Path backup = backupFiles().get(0);
    Scripts.Result gz = Scripts.run(dir, env, 30, "gzip", backup.toString());
    assertEquals(0, gz.exit(), gz.output());
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-2', 'After', 2, 2)");

    Scripts.Result rollback = Scripts.bash(dir, env, "rollback.sh");
    assertEquals(0, rollback.exit(), rollback.output());
    assertEquals(List.of("org-1"), organizations());
  }

  private boolean tableExists(String name) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  private void migrateDownOneStep() {
    StringWriter out = new StringWriter();
    assertEquals(0, Main.execute(new String[] {"migrate", "down", "--steps", "1", "--config",
        env.get("NAVIDOCS_CONFIG")}, new PrintWriter(out), new PrintWriter(out)), out.toString());
  }

  @Test
  void upgradeBacksUpStopsMigratesSmokeTestsAndStartsTheService() throws Exception {
    migrateDownOneStep();
    assertFalse(tableExists("webhook_endpoint_state"));
    Scripts.Result upgrade = Scripts.bash(dir, env, "upgrade.sh");
    assertEquals(0, upgrade.exit(), upgrade.output());
    assertTrue(upgrade.output().contains("✓ Upgrade completed"), upgrade.output());
    assertTrue(tableExists("webhook_endpoint_state"));
    assertEquals(List.of("stop navidocs-webhooks", "start navidocs-webhooks"),
        Files.readAllLines(ctlLog));
  }

  @Test
  void anUpgradeThatEndsUnhealthyRestoresThePreMigrationBackup() throws Exception {
    migrateDownOneStep();
    healthStatus.set(503);
    Scripts.Result upgrade = Scripts.bash(dir, env, "upgrade.sh");
    assertEquals(1, upgrade.exit(), upgrade.output());
    assertTrue(upgrade.output().contains("Upgrade failed"), upgrade.output());
    assertFalse(tableExists("webhook_endpoint_state"), "the pre-migration database is back");
    assertEquals(List.of("org-1"), organizations());
  }
}
