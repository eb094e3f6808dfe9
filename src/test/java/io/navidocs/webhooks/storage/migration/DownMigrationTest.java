package io.navidocs.webhooks.storage.migration;

import static io.navidocs.webhooks.storage.SeedDatabase.single;
import static io.navidocs.webhooks.storage.SeedDatabase.sqliteMaster;
import static io.navidocs.webhooks.storage.SeedDatabase.tableExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.SeedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's "Test rollback" step for every migration: a down migration leaves
 * {@code sqlite_master} exactly as it was before its up, and the baseline never drops a NaviDocs
 * table it did not create.
 */
class DownMigrationTest {
  @TempDir Path dir;

  static Stream<String> versions() {
    return MigrationCatalog.forDialect(Dialect.SQLITE).stream().map(Migration::version);
  }

  /** The first AUTOINCREMENT table makes SQLite create sqlite_sequence, which can never be dropped. */
  private static List<String> withoutSqliteSequence(List<String> master) {
    return master.stream().filter(row -> !row.startsWith("table|sqlite_sequence|")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void downLeavesSqliteMasterExactlyAsBeforeUp(String version) throws Exception {
    List<Migration> all = MigrationCatalog.forDialect(Dialect.SQLITE);
    MigrationRunner runner = SeedDatabase.runner();
    try (Connection c = SeedDatabase.in(dir).open()) {
      int k = all.indexOf(all.stream().filter(m -> m.version().equals(version)).findFirst()
          .orElseThrow());
      runner.status(c); // creates schema_migrations, as any command does before migrating
      if (k > 0) {
        runner.up(c, Optional.of(all.get(k - 1).version()));
      }
      List<String> before = sqliteMaster(c);

      assertEquals(1, runner.up(c, Optional.of(version)).size());
      List<String> after = sqliteMaster(c);
      // (20251127_001 drops two indexes and creates one: "changed", not "grew")
      assertNotEquals(before, after, "the up migration changed something");
      assertEquals(1, runner.down(c, Optional.of(1), Optional.empty()).size());

      List<String> rolledBack = sqliteMaster(c);
      if (before.stream().noneMatch(r -> r.startsWith("table|sqlite_sequence|"))
          && rolledBack.stream().anyMatch(r -> r.startsWith("table|sqlite_sequence|"))) {
        // Documented in docs/architecture.md: SQLite refuses "DROP TABLE sqlite_sequence".
        assertEquals(before, withoutSqliteSequence(rolledBack));
      } else {
        assertEquals(before, rolledBack);
      }
    }
  }

  @Test
  void onlyTheOutboxMigrationLeavesSqliteSequenceBehind() throws Exception {
    MigrationRunner runner = SeedDatabase.runner();
    List<String> leaving = new ArrayList<>();
    try (Connection c = SeedDatabase.in(dir).open()) {
      for (Migration m : MigrationCatalog.forDialect(Dialect.SQLITE)) {
        boolean had = tableExists(c, "sqlite_sequence");
        runner.up(c, Optional.of(m.version()));
        if (!had && tableExists(c, "sqlite_sequence")) {
          leaving.add(m.id());
        }
      }
    }
    assertEquals(List.of("20251120_001_add_domain_events"), leaving);
  }

  @Test
  void allTheWayDownToNothingAndBackUpGivesTheSameSchema() throws Exception {
    MigrationRunner runner = SeedDatabase.runner();
    int count = MigrationCatalog.forDialect(Dialect.SQLITE).size();
    try (Connection c = SeedDatabase.in(dir).open()) {
      runner.status(c);
      List<String> empty = sqliteMaster(c);
      runner.up(c, Optional.empty());
      List<String> full = sqliteMaster(c);

      assertEquals(count, runner.down(c, Optional.of(count), Optional.empty()).size());
      assertEquals(empty, withoutSqliteSequence(sqliteMaster(c)));
      try (Statement s = c.createStatement()) {
        assertFalse(s.executeQuery("SELECT 1 FROM schema_migrations").next());
      }

      assertEquals(count, runner.up(c, Optional.empty()).size());
      assertEquals(full, sqliteMaster(c));
    }
  }

  @Test
  void theBaselineLeavesExistingNaviDocsTablesAloneUpAndDown() throws Exception {
    Path file = dir.resolve("navidocs.db");
    try (Connection c = SeedDatabase.in(dir).open(); Statement s = c.createStatement()) {
      // The NaviDocs app's own tables, with columns the baseline would not have made.
      s.execute("CREATE TABLE organizations (id TEXT PRIMARY KEY, legal_name TEXT, plan TEXT)");
      s.execute("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT, password_hash TEXT)");
      s.execute("CREATE TABLE user_organizations (user_id TEXT, organization_id TEXT,"
          + " is_admin INTEGER)");
      s.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, organization_id TEXT,"
          + " hull_number TEXT)");
      s.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, entity_id TEXT, s3_key TEXT)");
      s.execute("INSERT INTO organizations VALUES ('org-1', 'Riviera Yachts Ltd', 'pro')");
      MigrationRunner runner = SeedDatabase.runner();
      runner.status(c);
      List<String> before = sqliteMaster(c);

      runner.up(c, Optional.of(BaselineMigration.VERSION));
      List<String> afterUp = new ArrayList<>(sqliteMaster(c));
      afterUp.removeIf(row -> row.startsWith("table|navidocs_baseline_tables|")
          || row.startsWith("index|sqlite_autoindex_navidocs_baseline_tables"));
      assertEquals(before, afterUp, "baseline up created none of the existing tables");
      assertEquals("0", single(c,
          "SELECT count(*) FROM navidocs_baseline_tables"));

      runner.down(c, Optional.of(1), Optional.empty());
      assertEquals(before, sqliteMaster(c), "baseline down dropped none of them");
      assertEquals("Riviera Yachts Ltd",
          single(c, "SELECT legal_name FROM organizations"));
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void theBaselineDropsOnlyTheTablesItCreatedWhenSomeAlreadyExisted() throws Exception {
    try (Connection c = SeedDatabase.in(dir).open(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT, password_hash TEXT)");
      MigrationRunner runner = SeedDatabase.runner();
      runner.up(c, Optional.of(BaselineMigration.VERSION));
      assertTrue(tableExists(c, "organizations"));
      assertEquals("documents,entities,organizations,user_organizations",
          single(c, "SELECT group_concat(table_name)"
              + " FROM (SELECT table_name FROM navidocs_baseline_tables ORDER BY table_name)"));

      runner.down(c, Optional.of(1), Optional.empty());
      assertTrue(tableExists(c, "users"));
      assertFalse(tableExists(c, "organizations"));
      assertFalse(tableExists(c, "documents"));
    }
  }
}
