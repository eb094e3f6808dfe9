package io.navidocs.webhooks.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as an operator runs them ({@link Main#execute} with a configuration file pointing
 * into a temp directory): {@code migrate}, {@code verify}, {@code backup}, and every kind of bad
 * input, which must end in one line on standard error, a non-zero exit and an untouched database.
 */
class CommandLineTest {
  @TempDir Path dir;
  Path db;
  Path config;
  Map<String, String> savedEnvironment;

  /** What one command printed and returned. */
  record Outcome(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @BeforeEach
  void configure() throws Exception {
    savedEnvironment = ConfigOption.environment;
    ConfigOption.environment = Map.of();
    db = dir.resolve("navidocs.db");
    config = writeConfig("jdbc:sqlite:" + db);
  }

  @AfterEach
  void restoreEnvironment() {
    ConfigOption.environment = savedEnvironment;
  }

  private Path writeConfig(String url) throws Exception {
    return Files.writeString(dir.resolve("application.yaml"), """
        database:
          url: "%s"
        backup:
          dir: "%s"
        """.formatted(url, dir.resolve("backups")));
  }

  private Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(exit, out.toString(), err.toString());
  }

  private Outcome runWithConfig(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return run(all);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** One line on stderr naming the problem, no stack trace, a non-zero exit. */
  private static void assertOneLineError(Outcome o, String expectedFragment) {
    assertNotEquals(0, o.exit(), o.toString());
    assertEquals(1, o.errLines().size(), "exactly one line on stderr: " + o.err());
    assertTrue(o.err().contains(expectedFragment), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    assertTrue(o.err().startsWith("navidocs-webhooks: "), o.err());
  }

  private void migrate() {
    Outcome o = runWithConfig("migrate", "up");
    assertEquals(0, o.exit(), o.toString());
  }

  @Test
  void verifyPassesOnAMigratedDatabase() {
    migrate();
    Outcome o = runWithConfig("verify");
    assertEquals(0, o.exit(), o.toString());
    assertTrue(o.out().contains("[ok]   index idx_notification_user_unread: exists"), o.out());
    assertTrue(o.out().contains("[ok]   table warranty_tracking: exists (rows: 0)"), o.out());
    assertTrue(o.out().contains("[ok]   foreign keys (PRAGMA foreign_key_check): no violations"));
    assertTrue(o.out().contains("[ok]   integrity (PRAGMA integrity_check): ok"));
    assertTrue(o.out().strip().matches("(?s).*all \\d+ checks passed"), o.out());
    assertFalse(o.out().contains("[FAIL]"), o.out());
  }

  @Test
  void verifyFailsNamingAMissingIndex() throws Exception {
    migrate();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("DROP INDEX idx_webhook_active");
    }
    Outcome o = runWithConfig("verify");
    assertEquals(1, o.exit(), o.toString());
    assertTrue(o.out().contains("[FAIL] index idx_webhook_active: MISSING"), o.out());
    assertTrue(o.out().contains("1 of "), o.out());
  }

  @Test
  void verifyFailsNamingAForeignKeyViolation() throws Exception {
    migrate();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("PRAGMA foreign_keys=OFF");
      c.createStatement().executeUpdate("INSERT INTO warranty_tracking (id, boat_id, item_name,"
          + " purchase_date, warranty_period_months, expiration_date, created_at, updated_at)"
          + " VALUES ('wt-orphan', 'ghost-boat', 'Engine', '2023-01-15', 24, '2025-01-15',"
          + " 1699888800, 1699888800)");
    }
    Outcome o = runWithConfig("verify");
    assertEquals(1, o.exit(), o.toString());
    assertTrue(o.out().contains("[FAIL] foreign keys (PRAGMA foreign_key_check): violations:"
        + " warranty_tracking|"), o.out());
    assertTrue(o.out().contains("|entities|"), o.out());
  }

  @Test
  void migrateUpThenStatusThenDownStepsAndTo() {
    migrate();
    Outcome status = runWithConfig("migrate", "status");
    assertEquals(0, status.exit());
    assertTrue(status.out().lines().allMatch(l -> l.startsWith("applied ")), status.out());

    Outcome down = runWithConfig("migrate", "down", "--steps", "2");
    assertEquals(0, down.exit(), down.toString());
    assertTrue(down.out().startsWith("2 migration(s) rolled back on "), down.out());

    Outcome to = runWithConfig("migrate", "down", "--to", "20251113_003");
    assertEquals(0, to.exit(), to.toString());
    assertTrue(runWithConfig("migrate", "status").out()
        .contains("pending   20251113_004_add_notification_templates"));

    Outcome upTo = runWithConfig("migrate", "up", "--to", "20251113_005");
    assertEquals(0, upTo.exit(), upTo.toString());
    assertTrue(upTo.out().startsWith("2 migration(s) applied"), upTo.out());
    assertTrue(runWithConfig("migrate", "status").out()
        .contains("pending   20251120_001_add_domain_events"));
  }

  @Test
  void theConfigurationFileMayBeNamedBeforeTheCommandOrTheSubcommand() {
    Outcome first = run("--config", config.toString(), "migrate", "up", "--to", "20251113_001");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(first.out().contains(db.toString()), first.out());
    Outcome middle = run("migrate", "--config", config.toString(), "up");
    assertEquals(0, middle.exit(), middle.toString());
    assertTrue(middle.out().contains(db.toString()), middle.out());
    assertEquals(0, run("--config", config.toString(), "verify").exit());
  }

  @Test
  void backupWritesACheckedCopyAndItsManifest() throws Exception {
    migrate();
    Outcome o = runWithConfig("backup", "--dir", dir.resolve("elsewhere").toString());
    assertEquals(0, o.exit(), o.toString());
    assertTrue(o.out().startsWith("backup taken: " + dir.resolve("elsewhere")), o.out());
    assertTrue(o.out().contains("integrity ok"), o.out());
    try (var files = Files.list(dir.resolve("elsewhere"))) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void anUnknownMigrationVersionIsOneLineNamingIt() throws Exception {
    migrate();
    String before = sha256(db);
    assertOneLineError(runWithConfig("migrate", "down", "--to", "20990101_001"),
        "unknown migration version '20990101_001'");
    assertEquals(before, sha256(db));
  }

  @Test
  void aCorruptDatabaseFileIsRefusedByEveryCommandAndLeftAsItWas() throws Exception {
    byte[] garbage = new byte[8192];
    new Random(7).nextBytes(garbage);
    Files.write(db, garbage);
    String before = sha256(db);
    for (String[] command : List.of(new String[] {"migrate", "up"},
        new String[] {"migrate", "down"}, new String[] {"migrate", "status"},
        new String[] {"verify"}, new String[] {"backup"})) {
      Outcome o = runWithConfig(command);
      assertOneLineError(o, "not a SQLite database or is corrupt");
      assertTrue(o.err().contains(db.toString()), "names the file: " + o.err());
      assertEquals(before, sha256(db), String.join(" ", command));
    }
  }

  @Test
  void aReadOnlyDatabaseIsRefusedInOneLineAndLeftAsItWas() throws Exception {
    runWithConfig("migrate", "up", "--to", "20251113_001");
    // Tests run as root, for whom chmod 0444 does not stop a write; SQLite's own read-only open
    // mode (a URI filename with mode=ro) is the honest equivalent of a file it may not write.
    db.toFile().setReadOnly();
    config = writeConfig("jdbc:sqlite:file:" + db + "?mode=ro");
    String before = sha256(db);

    assertOneLineError(runWithConfig("migrate", "up"), "read-only");
    assertOneLineError(runWithConfig("migrate", "down"), "read-only");
    assertEquals(before, sha256(db));
  }

  @Test
  void aMissingDirectoryIsReportedAndNotCreatedByVerifyBackupOrStatus() throws Exception {
    Path missing = dir.resolve("no-such-dir").resolve("navidocs.db");
    config = writeConfig("jdbc:sqlite:" + missing);
    for (String[] command : List.of(new String[] {"verify"}, new String[] {"backup"},
        new String[] {"migrate", "status"}, new String[] {"migrate", "down"})) {
      assertOneLineError(runWithConfig(command), "database file " + missing + " does not exist");
    }
    assertFalse(Files.exists(missing.getParent()));
  }

  @Test
  void aBackupDirectoryThatIsAFileIsReportedInOneLine() throws Exception {
    migrate();
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertOneLineError(runWithConfig("backup", "--dir", file.toString()),
        "cannot create backup directory " + file + ": a file of that name exists");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Outcome o = run("frobnicate");
    assertOneLineError(o, "'frobnicate'");
    assertEquals(2, o.exit());
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    Outcome o = runWithConfig("verify", "--frob");
    assertOneLineError(o, "Unknown option: '--frob'");
    assertEquals(2, o.exit());
  }

  @Test
  void migrateWithoutSubcommandIsAUsageError() {
    Outcome o = runWithConfig("migrate");
    assertOneLineError(o, "migrate needs a subcommand: up, down or status");
    assertEquals(2, o.exit());
  }

  @Test
  void zeroStepsIsAUsageErrorAndRollsNothingBack() throws Exception {
    migrate();
    String before = sha256(db);
    Outcome o = runWithConfig("migrate", "down", "--steps", "0");
    assertOneLineError(o, "--steps must be at least 1, not 0");
    assertEquals(2, o.exit());
    assertEquals(before, sha256(db));
  }

  @Test
  void stepsAndToTogetherAreAUsageError() {
    Outcome o = runWithConfig("migrate", "down", "--steps", "1", "--to", "20251113_001");
    assertOneLineError(o, "mutually exclusive");
    assertEquals(2, o.exit());
  }

  @Test
  void anInvalidEnvironmentValueStopsTheCommandNamingTheKey() throws Exception {
    migrate();
    String before = sha256(db);
    ConfigOption.environment = Map.of("NAVIDOCS_HTTP_PORT", "abc");
    Outcome o = runWithConfig("migrate", "down");
    assertOneLineError(o, "invalid configuration: http.port (environment variable"
        + " NAVIDOCS_HTTP_PORT) must be a whole number, not 'abc'");
    assertEquals(1, o.exit());
    assertEquals(before, sha256(db));
  }

  @Test
  void anUnknownKeyInTheConfigurationFileStopsTheCommandNamingIt() throws Exception {
    migrate();
    String before = sha256(db);
    Files.writeString(config, Files.readString(config) + "http:\n  prot: 9090\n");
    assertOneLineError(runWithConfig("migrate", "down"), "unknown configuration key 'http.prot'");
    assertEquals(before, sha256(db));
  }

  @Test
  void helpAndVersionAnswerOnStandardOutput() {
    Outcome help = run("--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("migrate") && help.out().contains("verify"), help.out());
    Outcome version = run("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().startsWith("navidocs-webhooks "), version.out());
  }
}
