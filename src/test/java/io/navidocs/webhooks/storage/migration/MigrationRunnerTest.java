package io.navidocs.webhooks.storage.migration;

import static io.navidocs.webhooks.storage.SeedDatabase.single;
import static io.navidocs.webhooks.storage.SeedDatabase.sqliteMaster;
import static io.navidocs.webhooks.storage.SeedDatabase.tableExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.SeedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's bookkeeping, its refusal of changed migrations and its transactions. */
class MigrationRunnerTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;
  Connection c;
  final List<Migration> all = MigrationCatalog.forDialect(Dialect.SQLITE);
  final List<String> log = new ArrayList<>();
  MigrationRunner runner;

  @BeforeEach
  void open() throws Exception {
    c = SeedDatabase.in(dir).open();
    runner = new MigrationRunner(all, Clock.fixed(NOW, ZoneOffset.UTC), log::add);
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  private List<String> appliedVersions() throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void everyAppliedMigrationIsRecordedWithItsChecksumAndTime() throws Exception {
    assertEquals(all.size(), runner.up(c, Optional.empty()).size());
    try (PreparedStatement q = c.prepareStatement(
        "SELECT name, checksum, applied_at FROM schema_migrations WHERE version = ?")) {
      for (Migration m : all) {
        q.setString(1, m.version());
        try (ResultSet rs = q.executeQuery()) {
          assertTrue(rs.next(), m.id() + " recorded");
          assertEquals(m.name(), rs.getString(1));
          assertEquals(m.checksum(), rs.getString(2));
          assertTrue(rs.getString(2).matches("[0-9a-f]{64}"), "a SHA-256 in hex");
          assertEquals(NOW.getEpochSecond(), rs.getLong(3));
        }
      }
    }
    assertTrue(log.contains("migration applied: 20251113_001_add_warranty_tracking"), log::toString);
    assertTrue(runner.status(c).stream().allMatch(s -> s.state().equals("applied")));
    assertEquals(List.of(), runner.up(c, Optional.empty()), "a second run has nothing to do");
  }

  @Test
  void aMigrationChangedAfterItWasAppliedIsRefusedWithAClearError() throws Exception {
    runner.up(c, Optional.empty());
    c.createStatement().executeUpdate("UPDATE schema_migrations SET checksum = 'abc123'"
        + " WHERE version = '20251113_003'");

    assertEquals("changed", runner.status(c).stream()
        .filter(s -> s.version().equals("20251113_003")).findFirst().orElseThrow().state());
    for (var attempt : List.<ThrowingRun>of(
        () -> runner.up(c, Optional.empty()),
        () -> runner.down(c, Optional.of(1), Optional.empty()))) {
      MigrationException e = assertThrows(MigrationException.class, attempt::run);
      assertEquals("migration 20251113_003_add_webhooks was changed after it was applied: its"
          + " checksum differs from the one recorded; restore the original migration or restore"
          + " the database from a backup", e.getMessage());
    }
    assertTrue(tableExists(c, "webhook_secrets"), "nothing was rolled back");
  }

  private interface ThrowingRun {
    void run() throws Exception;
  }

  @Test
  void aFailingMigrationLeavesTheDatabaseAsItWas() throws Exception {
    Migration broken = new SqlMigration("20990101_001", "broken",
        "CREATE TABLE first_step (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n",
        "DROP TABLE first_step;");
    MigrationRunner failing = new MigrationRunner(List.of(broken), Clock.systemUTC(), log::add);
    failing.status(c);
    List<String> before = sqliteMaster(c);

    MigrationException e = assertThrows(MigrationException.class,
        () -> failing.up(c, Optional.empty()));

    assertTrue(e.getMessage().startsWith("cannot apply migration 20990101_001_broken: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("no such table: no_such_table"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(nothing of this migration was kept)"), e.getMessage());
    assertFalse(tableExists(c, "first_step"));
    assertEquals(List.of(), appliedVersions());
    assertEquals(before, sqliteMaster(c));
    assertTrue(c.getAutoCommit(), "the connection is usable afterwards");
  }

  @Test
  void aFailureInTheMiddleOfSeveralKeepsTheOnesBeforeIt() throws Exception {
    Migration good = new SqlMigration("20990101_001", "good", "CREATE TABLE good (id INTEGER);",
        "DROP TABLE good;");
    Migration broken = new SqlMigration("20990101_002", "broken",
        "CREATE TABLE half (id INTEGER); SELECT * FROM nowhere;", "DROP TABLE half;");
    MigrationRunner r = new MigrationRunner(List.of(good, broken), Clock.systemUTC(), log::add);
    assertThrows(MigrationException.class, () -> r.up(c, Optional.empty()));
    assertTrue(tableExists(c, "good"));
    assertFalse(tableExists(c, "half"));
    assertEquals(List.of("20990101_001"), appliedVersions());
  }

  @Test
  void upToAVersionStopsThereAndDownStepsRollsBackTheNewest() throws Exception {
    assertEquals(4, runner.up(c, Optional.of("20251113_003")).size());
    assertEquals(List.of("20251112_000", "20251113_001", "20251113_002", "20251113_003"),
        appliedVersions());
    assertTrue(tableExists(c, "webhooks"));
    assertFalse(tableExists(c, "notification_templates"));

    List<Migration> down = runner.down(c, Optional.of(2), Optional.empty());
    assertEquals(List.of("20251113_003", "20251113_002"),
        down.stream().map(Migration::version).toList(), "newest first");
    assertEquals(List.of("20251112_000", "20251113_001"), appliedVersions());
    assertFalse(tableExists(c, "webhooks"));
    assertFalse(tableExists(c, "sale_workflows"));
    assertTrue(tableExists(c, "warranty_tracking"));
  }

  @Test
  void downWithoutStepsRollsBackOne() throws Exception {
    runner.up(c, Optional.empty());
    assertEquals(1, runner.down(c, Optional.empty(), Optional.empty()).size());
    assertEquals(all.size() - 1, appliedVersions().size());
  }

  @Test
  void downToAVersionKeepsThatVersionApplied() throws Exception {
    runner.up(c, Optional.empty());
    List<Migration> down = runner.down(c, Optional.empty(), Optional.of("20251113_002"));
    assertEquals(all.size() - 3, down.size());
    assertEquals(List.of("20251112_000", "20251113_001", "20251113_002"), appliedVersions());
    assertTrue(tableExists(c, "sale_workflows"));
    assertFalse(tableExists(c, "webhooks"));
  }

  @Test
  void anUnknownVersionIsAnErrorNamingIt() throws Exception {
    runner.up(c, Optional.of("20251113_001"));
    for (var attempt : List.<ThrowingRun>of(
        () -> runner.up(c, Optional.of("20251199_999")),
        () -> runner.down(c, Optional.empty(), Optional.of("20251199_999")))) {
      MigrationException e = assertThrows(MigrationException.class, attempt::run);
      assertTrue(e.getMessage().startsWith("unknown migration version '20251199_999'"),
          e.getMessage());
    }
    assertEquals(List.of("20251112_000", "20251113_001"), appliedVersions());
  }

  @Test
  void aDatabaseMigratedByANewerBuildIsNotRolledBackBlindly() throws Exception {
    runner.up(c, Optional.empty());
    c.createStatement().executeUpdate("INSERT INTO schema_migrations VALUES ('20991231_001',"
        + " 'from_the_future', 'ff', 0, 0)");
    assertEquals("unknown", runner.status(c).get(runner.status(c).size() - 1).state());
    MigrationException e = assertThrows(MigrationException.class,
        () -> runner.down(c, Optional.of(1), Optional.empty()));
    assertTrue(e.getMessage().contains("20991231_001_from_the_future"), e.getMessage());
    assertEquals(String.valueOf(all.size() + 1),
        single(c, "SELECT count(*) FROM schema_migrations"));
  }
}
