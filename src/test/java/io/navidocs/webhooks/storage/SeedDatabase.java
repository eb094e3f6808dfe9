package io.navidocs.webhooks.storage;

import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real SQLite file for tests: opened with the service's own connection settings, migrated by
 * the service's own runner, with the NaviDocs parent rows the seed's checklists take for granted.
 */
public final class SeedDatabase {
  private SeedDatabase() {}

  /** A database file {@code navidocs.db} in {@code dir}, not created yet. */
  public static Database in(Path dir) {
    return new Database("jdbc:sqlite:" + dir.resolve("navidocs.db"), 5_000);
  }

  /** The runner over every migration this build ships, logging nowhere. */
  public static MigrationRunner runner() {
    return new MigrationRunner(MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(),
        line -> { });
  }

  /** A database in {@code dir} with every migration applied. */
  public static Database migrated(Path dir) throws Exception {
    Database db = in(dir);
    try (Connection c = db.open()) {
      runner().up(c, Optional.empty());
    }
    return db;
  }

  /**
   * The organizations, users and boats the seed's inserts reference: org-123, org-456,
   * user-123, user-456, user-789, boat-123, boat-456.
   */
  public static void insertParents(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO organizations (id, name, created_at, updated_at) VALUES"
          + " ('org-123', 'Riviera Yachts', 1699888800, 1699888800),"
          + " ('org-456', 'Harbour Brokers', 1699888800, 1699888800)");
      s.execute("INSERT INTO users (id, email, name, created_at, updated_at) VALUES"
          + " ('user-123', 'owner@example.com', 'Owner', 1699888800, 1699888800),"
          + " ('user-456', 'dealer@example.com', 'Dealer', 1699888800, 1699888800),"
          + " ('user-789', 'broker@example.com', 'Broker', 1699888800, 1699888800)");
      s.execute("INSERT INTO entities (id, organization_id, name, created_at, updated_at) VALUES"
          + " ('boat-123', 'org-123', 'Sea Breeze', 1699888800, 1699888800),"
          + " ('boat-456', 'org-456', 'Blue Horizon', 1699888800, 1699888800)");
    }
  }

  /** Names of the indexes on {@code table} that a migration named (not SQLite's autoindexes). */
  public static Set<String> namedIndexes(Connection c, String table) throws SQLException {
    return names(c, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        + " AND name NOT LIKE 'sqlite_autoindex%'", table);
  }

  /** The column names of {@code table}, in declaration order. */
  public static List<String> columns(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** True when a table of that name exists. */
  public static boolean tableExists(Connection c, String table) throws SQLException {
    return !names(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", table)
        .isEmpty();
  }

  /** Every schema object as {@code type|name|tbl_name|sql}, sorted: the schema's fingerprint. */
  public static List<String> sqliteMaster(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master"
            + " ORDER BY type, name")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
            + rs.getString(4));
      }
    }
    return out;
  }

  /** The detail column of {@code EXPLAIN QUERY PLAN sql}, one entry per plan step. */
  public static List<String> plan(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
      while (rs.next()) {
        out.add(rs.getString("detail"));
      }
    }
    return out;
  }

  /** The single value a query returns, as text. */
  public static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static Set<String> names(Connection c, String sql, String arg) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, arg);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
