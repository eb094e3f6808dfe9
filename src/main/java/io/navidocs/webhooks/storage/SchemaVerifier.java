package io.navidocs.webhooks.storage;

import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationException;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import io.navidocs.webhooks.storage.migration.MigrationStatus;
import io.navidocs.webhooks.storage.migration.SqlMigration;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's post-migration smoke tests, generalised to every migration this build knows: each
 * table, index and trigger that an applied migration creates exists; no migration is pending or
 * changed; {@code PRAGMA foreign_key_check} finds nothing; {@code PRAGMA integrity_check} is ok.
 */
public final class SchemaVerifier {
  private static final Pattern CREATES = Pattern.compile(
      "CREATE\\s+(?:UNIQUE\\s+)?(TABLE|INDEX|TRIGGER)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
      Pattern.CASE_INSENSITIVE);
  // A later migration may drop what an earlier one created (20251127_001 drops two indexes).
  private static final Pattern DROPS = Pattern.compile(
      "DROP\\s+(TABLE|INDEX|TRIGGER)\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)",
      Pattern.CASE_INSENSITIVE);

  /** One check and its result. */
  public record Check(String name, boolean passed, String detail) {}

  private final List<Migration> migrations;
  private final MigrationRunner runner;

  private final Dialect dialect;

  public SchemaVerifier(Dialect dialect, List<Migration> migrations, MigrationRunner runner) {
    this.dialect = dialect;
    this.migrations = migrations;
    this.runner = runner;
  }

  /** Runs every check; never stops at the first failure, so the operator sees them all. */
  public List<Check> verify(Connection c) throws StorageException {
    List<Check> out = new ArrayList<>();
    List<MigrationStatus> status;
    try {
      status = runner.status(c);
    } catch (MigrationException e) {
      out.add(new Check("schema_migrations readable", false, e.getMessage()));
      return out;
    }
    Set<String> applied = new LinkedHashSet<>();
    for (MigrationStatus s : status) {
      boolean ok = s.state().equals("applied");
      out.add(new Check("migration " + s.version() + "_" + s.name(), ok, s.state()));
      if (!s.state().equals("pending")) {
        applied.add(s.version());
      }
    }
    try (Statement s = c.createStatement()) {
      for (String[] object : expectedObjects(applied)) {
        String type = object[0];
        String name = object[1];
        boolean exists = exists(s, type, name);
        String detail = exists ? "exists" : "MISSING";
        if (exists && type.equals("table")) {
          detail = "exists (rows: " + single(s, "SELECT count(*) FROM " + name) + ")";
        }
        out.add(new Check(type + " " + name, exists, detail));
      }
      if (dialect == Dialect.SQLITE) {
        String fk = rows(s, "PRAGMA foreign_key_check");
        out.add(new Check("foreign keys (PRAGMA foreign_key_check)", fk.isEmpty(),
            fk.isEmpty() ? "no violations" : "violations: " + fk));
        String integrity = rows(s, "PRAGMA integrity_check");
        out.add(new Check("integrity (PRAGMA integrity_check)", integrity.equals("ok"),
            integrity));
      } else {
        // PostgreSQL enforces foreign keys on every write; a constraint added NOT VALID (or
        // left unvalidated by a restore) is the one way rows can escape it.
        String invalid = rows(s, "SELECT conrelid::regclass || '.' || conname FROM pg_constraint"
            + " WHERE NOT convalidated AND connamespace = current_schema()::regnamespace");
        out.add(new Check("foreign keys (pg_constraint validated)", invalid.isEmpty(),
            invalid.isEmpty() ? "all validated" : "not validated: " + invalid));
      }
    } catch (SQLException e) {
      out.add(new Check("database readable", false, Database.explain(e)));
    }
    return out;
  }

  /**
   * What the applied SQL migrations leave behind, in migration order: each one's creations,
   * minus what a later applied one drops.
   */
  private List<String[]> expectedObjects(Set<String> applied) {
    Map<String, String[]> expected = new LinkedHashMap<>();
    for (Migration m : migrations) {
      if (!applied.contains(m.version()) || !(m instanceof SqlMigration sql)) {
        continue;
      }
      Matcher drops = DROPS.matcher(sql.upSql());
      while (drops.find()) {
        expected.remove(drops.group(1).toLowerCase(Locale.ROOT) + " " + drops.group(2));
      }
      for (String[] object : createdObjects(sql)) {
        expected.put(object[0] + " " + object[1], object);
      }
    }
    return new ArrayList<>(expected.values());
  }

  /** The tables, indexes and triggers a SQL migration's up script creates, as {type, name}. */
  static List<String[]> createdObjects(SqlMigration m) {
    List<String[]> out = new ArrayList<>();
    Matcher matcher = CREATES.matcher(m.upSql());
    while (matcher.find()) {
      out.add(new String[] {matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2)});
    }
    return out;
  }

  private boolean exists(Statement s, String type, String name) throws SQLException {
    String quoted = "'" + name.replace("'", "''") + "'";
    String sql = dialect == Dialect.SQLITE
        ? "SELECT 1 FROM sqlite_master WHERE type = '" + type + "' AND name = " + quoted
        : switch (type) {
          case "table" -> "SELECT 1 FROM information_schema.tables"
              + " WHERE table_schema = current_schema() AND table_name = " + quoted;
          case "index" -> "SELECT 1 FROM pg_indexes"
              + " WHERE schemaname = current_schema() AND indexname = " + quoted;
          default -> "SELECT 1 FROM information_schema.triggers"
              + " WHERE trigger_schema = current_schema() AND trigger_name = " + quoted;
        };
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next();
    }
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  private static String rows(Statement s, String sql) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      int count = 0;
      while (rs.next() && count++ < 20) {
        if (out.length() > 0) {
          out.append("; ");
        }
        for (int i = 1; i <= columns; i++) {
          out.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
      }
    }
    return out.toString();
  }
}
