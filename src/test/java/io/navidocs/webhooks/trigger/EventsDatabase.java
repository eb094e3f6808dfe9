package io.navidocs.webhooks.trigger;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
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

/**
 * A real, fully migrated SQLite file for the events tests, with small writers for the NaviDocs
 * base rows (organizations, users, boats) that the triggers, scanner and notifier read.
 */
public final class EventsDatabase {
  private final Database database;

  private EventsDatabase(Database database) {
    this.database = database;
  }

  /** Creates and migrates {@code dir/navidocs.db}. */
  public static EventsDatabase create(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Database db = new Database("jdbc:sqlite:" + dir.resolve("navidocs.db"), 5_000);
    MigrationRunner runner = new MigrationRunner(
        MigrationCatalog.forDialect(Dialect.SQLITE), Clock.systemUTC(), line -> { });
    try (Connection c = db.open()) {
      runner.up(c, Optional.empty());
    }
    return new EventsDatabase(db);
  }

  public Database database() {
    return database;
  }

  /** A second, plain JDBC connection, as another process (the NaviDocs app) would open. */
  public Connection appConnection() throws SQLException {
    // Only the file: none of the service's session pragmas (foreign keys stay off, as in an app
    // that never enables them).
    return java.sql.DriverManager.getConnection(database.configuredUrl());
  }

  public Connection open() throws Exception {
    return database.open();
  }

  public void organization(String id) throws Exception {
    exec("INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, 1, 1)",
        id, "Org " + id);
  }

  public void boat(String id, String organizationId, String name) throws Exception {
    exec("INSERT INTO entities (id, organization_id, name, entity_type, created_at, updated_at)"
        + " VALUES (?, ?, ?, 'boat', 1, 1)", id, organizationId, name);
  }

  public void member(String userId, String organizationId) throws Exception {
    exec("INSERT OR IGNORE INTO users (id, email, name, created_at, updated_at)"
        + " VALUES (?, ?, ?, 1, 1)", userId, userId + "@example.com", userId);
    exec("INSERT INTO user_organizations (user_id, organization_id, role, created_at)"
        + " VALUES (?, ?, 'member', 1)", userId, organizationId);
  }

  public void warranty(String id, String boatId, String itemName, String expirationDate)
      throws Exception {
    exec("INSERT INTO warranty_tracking (id, boat_id, item_name, provider, purchase_date,"
        + " warranty_period_months, expiration_date, coverage_amount, status, created_at,"
        + " updated_at) VALUES (?, ?, ?, 'Caterpillar', '2023-01-15', 24, ?, 50000, 'active',"
        + " 1, 1)", id, boatId, itemName, expirationDate);
  }

  /** Runs one statement with string parameters on a fresh connection. */
  public int exec(String sql, Object... args) throws Exception {
    try (Connection c = database.open(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    }
  }

  /** The rows of a query as lists of column values. */
  public List<List<Object>> rows(String sql, Object... args) throws Exception {
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

  /** A single value (first column of the first row), or null. */
  public Object value(String sql, Object... args) throws Exception {
    List<List<Object>> rows = rows(sql, args);
    return rows.isEmpty() ? null : rows.get(0).get(0);
  }

  /** Runs a multi-statement script in one statement object. */
  public void script(String... statements) throws Exception {
    try (Connection c = database.open(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
