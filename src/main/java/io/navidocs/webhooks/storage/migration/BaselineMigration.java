package io.navidocs.webhooks.storage.migration;

import io.navidocs.webhooks.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the NaviDocs base tables ({@code organizations}, {@code users},
 * {@code user_organizations}, {@code entities}, {@code documents}) only where they do not exist,
 * so that a standalone database works and a real NaviDocs database is left alone.
 *
 * <p>Which tables it created is remembered in {@code navidocs_baseline_tables}; the down migration
 * drops exactly those, never a table the NaviDocs app made. It is written in Java because SQLite
 * has no conditional DROP. The same class serves PostgreSQL, where it looks in
 * {@code information_schema} instead of {@code sqlite_master}.
 */
public final class BaselineMigration implements Migration {
  static final String VERSION = "20251112_000";
  static final String NAME = "navidocs_baseline";

  /** The tables in creation order (a table's references come before it). */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("organizations", """
        CREATE TABLE organizations (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        )""");
    TABLES.put("users", """
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE,
          name TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        )""");
    TABLES.put("user_organizations", """
        CREATE TABLE user_organizations (
          user_id TEXT NOT NULL,
          organization_id TEXT NOT NULL,
          role TEXT NOT NULL DEFAULT 'member',
          created_at INTEGER NOT NULL,
          PRIMARY KEY (user_id, organization_id),
          FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
          FOREIGN KEY (organization_id) REFERENCES organizations(id) ON DELETE CASCADE
        )""");
    TABLES.put("entities", """
        CREATE TABLE entities (
          id TEXT PRIMARY KEY,
          organization_id TEXT NOT NULL,
          name TEXT NOT NULL,
          entity_type TEXT NOT NULL DEFAULT 'boat',
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          FOREIGN KEY (organization_id) REFERENCES organizations(id) ON DELETE CASCADE
        )""");
    TABLES.put("documents", """
        CREATE TABLE documents (
          id TEXT PRIMARY KEY,
          organization_id TEXT NOT NULL,
          entity_id TEXT,
          title TEXT NOT NULL,
          file_name TEXT,
          file_size INTEGER,
          mime_type TEXT,
          uploaded_by TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          FOREIGN KEY (organization_id) REFERENCES organizations(id) ON DELETE CASCADE,
          FOREIGN KEY (entity_id) REFERENCES entities(id) ON DELETE SET NULL,
          FOREIGN KEY (uploaded_by) REFERENCES users(id) ON DELETE SET NULL
        )""");
  }

  private static final String BOOKKEEPING = """
      CREATE TABLE navidocs_baseline_tables (
        table_name TEXT PRIMARY KEY
      )""";

  private static final String SQLITE_EXISTS =
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  private static final String POSTGRESQL_EXISTS = "SELECT 1 FROM information_schema.tables"
      + " WHERE table_schema = current_schema() AND table_name = ?";

  private final Dialect dialect;

  public BaselineMigration(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The table's DDL in this dialect: PostgreSQL gets BIGINT times (past 2038). */
  private String ddl(String sql) {
    return dialect == Dialect.POSTGRESQL ? sql.replace("INTEGER", "BIGINT") : sql;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String checksum() {
    return Checksums.sha256(BOOKKEEPING + ddl(String.join(";", TABLES.values())));
  }

  @Override
  public void up(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(BOOKKEEPING);
    }
    try (Statement s = connection.createStatement();
        PreparedStatement record =
            connection.prepareStatement("INSERT INTO navidocs_baseline_tables VALUES (?)")) {
      for (Map.Entry<String, String> table : TABLES.entrySet()) {
        if (!exists(connection, table.getKey())) {
          s.execute(ddl(table.getValue()));
          record.setString(1, table.getKey());
          record.executeUpdate();
        }
      }
    }
  }

  @Override
  public void down(Connection connection) throws SQLException {
    List<String> created = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT table_name FROM navidocs_baseline_tables")) {
      while (rs.next()) {
        created.add(rs.getString(1));
      }
    }
    List<String> order = new ArrayList<>(TABLES.keySet());
    Collections.reverse(order);
    try (Statement s = connection.createStatement()) {
      for (String table : order) {
        if (created.contains(table)) {
          s.execute("DROP TABLE " + table);
        }
      }
      s.execute("DROP TABLE navidocs_baseline_tables");
    }
  }

  private boolean exists(Connection connection, String table) throws SQLException {
    try (PreparedStatement q = connection.prepareStatement(
        dialect == Dialect.POSTGRESQL ? POSTGRESQL_EXISTS : SQLITE_EXISTS)) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }
}
