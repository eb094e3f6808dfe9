package io.navidocs.webhooks.storage.copy;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.StorageException;
import io.navidocs.webhooks.storage.copy.TableCatalog.Column;
import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Copies a SQLite database of this service into an empty PostgreSQL database: the target is
 * first migrated to the same schema version, then every table is copied in foreign-key order,
 * in batches, keeping ids and values as they are (Unix seconds in the seed's tables, Unix ms in
 * the worker's, JSON as text, NULLs), identity sequences are moved past the highest ids, and the
 * row counts are compared table by table. The copy is one transaction on the target: a failure
 * at any point leaves no copied row behind, so the command can simply be run again.
 *
 * <p>The target's triggers (which append {@code domain_events} rows on inserts into
 * {@code documents}, {@code sale_workflows}, …) must not fire for copied rows, or every copied
 * document would be announced again. {@code session_replication_role = replica} would need a
 * superuser; instead each table's own triggers are switched off with
 * {@code ALTER TABLE … DISABLE TRIGGER USER}, which the table's owner (the service's ordinary
 * role) may do, inside the copy's transaction. Foreign-key checks are not user triggers and stay
 * on. The tables stay locked until the commit, so nothing else writes meanwhile.
 */
public final class SqliteToPostgresCopy {
  /** Rows per INSERT batch. */
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  /** Bookkeeping each database keeps for itself (its own migration history), never copied. */
  static final Set<String> NOT_COPIED = Set.of("schema_migrations", "navidocs_baseline_tables");

  /** A table and the rows it holds on both sides after the copy. */
  public record TableCount(String table, long rows) {}

  /** What was copied. */
  public record Result(List<TableCount> tables, List<String> notInSource, long millis) {}

  private final Database source;
  private final Database target;
  private final int batchSize;
  private final boolean replaceTargetData;
  private final Clock clock;
  private final Consumer<String> log;

  /**
   * @param replaceTargetData delete the rows the target already holds (in the copy's
   *     transaction) instead of refusing a non-empty target
   */
  public SqliteToPostgresCopy(Database source, Database target, int batchSize,
      boolean replaceTargetData, Clock clock, Consumer<String> log) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
    }
    this.source = source;
    this.target = target;
    this.batchSize = batchSize;
    this.replaceTargetData = replaceTargetData;
    this.clock = clock;
    this.log = log;
  }

  /** Runs the copy; every refusal and failure is one line naming what to do. */
  public Result run() throws StorageException {
    if (source.dialect() != Dialect.SQLITE) {
      throw new StorageException("the source must be a SQLite database (jdbc:sqlite:FILE), not "
          + source.describe());
    }
    if (target.dialect() != Dialect.POSTGRESQL) {
      throw new StorageException("the target must be a PostgreSQL database"
          + " (jdbc:postgresql://…), not " + target.describe());
    }
    source.requireExisting();
    long started = clock.millis();
    try (Connection src = source.open(); Connection dst = target.open()) {
      List<Migration> migrations = MigrationCatalog.forDialect(Dialect.POSTGRESQL);
      requireSameSchemaVersion(src, migrations);
      if (!replaceTargetData) {
        requireEmptyTarget(dst);
      }
      MigrationRunner runner = new MigrationRunner(migrations, clock, log);
      List<Migration> applied = runner.up(dst, Optional.empty());
      List<String> unknown = runner.status(dst).stream()
          .filter(m -> !m.state().equals("applied")).map(m -> m.version() + " " + m.state())
          .toList();
      if (!unknown.isEmpty()) {
        throw new StorageException("the target's migrations differ from this build's: " + unknown
            + "; nothing was copied");
      }
      log.accept(applied.isEmpty() ? "target schema already up to date"
          : applied.size() + " migration(s) applied to the target");
      Result result = copy(src, dst);
      return new Result(result.tables(), result.notInSource(), clock.millis() - started);
    } catch (SQLException e) {
      throw new StorageException("cannot close a database: " + Database.explain(e), e);
    }
  }

  private Result copy(Connection src, Connection dst) throws StorageException {
    try {
      src.setAutoCommit(false); // one read snapshot of the source for rows and counts
      dst.setAutoCommit(false);
      try {
        Result result = copyInTransaction(src, dst);
        dst.commit();
        return result;
      } catch (SQLException | StorageException | RuntimeException e) {
        dst.rollback();
        throw e;
      } finally {
        src.rollback();
        src.setAutoCommit(true);
        dst.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("copy failed, nothing was written to the target (its schema is"
          + " migrated and empty; run the copy again): " + Database.explain(e), e);
    }
  }

  private Result copyInTransaction(Connection src, Connection dst)
      throws SQLException, StorageException {
    Map<String, List<String>> sourceTables = TableCatalog.sqliteTables(src);
    Map<String, Map<String, Column>> targetTables = TableCatalog.postgresTables(dst);
    TreeSet<String> missing = new TreeSet<>(sourceTables.keySet());
    missing.removeAll(targetTables.keySet());
    missing.removeAll(NOT_COPIED);
    if (!missing.isEmpty()) {
      throw new StorageException("the source has tables the target schema lacks: " + missing
          + " (create them on the target first; nothing was copied)");
    }
    TreeSet<String> tables = new TreeSet<>(targetTables.keySet());
    tables.removeAll(NOT_COPIED);
    List<String> notInSource = new ArrayList<>();
    for (String t : List.copyOf(tables)) {
      if (!sourceTables.containsKey(t)) {
        notInSource.add(t);
        tables.remove(t);
        continue;
      }
      List<String> extra = new ArrayList<>(sourceTables.get(t));
      extra.removeAll(targetTables.get(t).keySet());
      if (!extra.isEmpty()) {
        throw new StorageException("source table " + t + " has columns the target lacks: "
            + extra + " (nothing was copied)");
      }
    }
    List<String> order = TableCatalog.dependencyOrder(dst, tables);
    try (Statement s = dst.createStatement()) {
      for (String t : order) {
        s.execute("ALTER TABLE " + TableCatalog.quote(t) + " DISABLE TRIGGER USER");
      }
      // The target holds nothing but what its migrations seeded (checked before migrating) or
      // data the caller asked to replace: the source's rows take their place.
      List<String> reverse = new ArrayList<>(order);
      Collections.reverse(reverse);
      for (String t : reverse) {
        s.executeUpdate("DELETE FROM " + TableCatalog.quote(t));
      }
    }
    Map<String, Long> copied = new TreeMap<>();
    for (String t : order) {
      copied.put(t, copyTable(src, dst, t, sourceTables.get(t), targetTables.get(t)));
      resetIdentities(dst, t, targetTables.get(t));
      log.accept("copied " + t + ": " + copied.get(t) + " rows");
    }
    // Counted once everything is in: a row added behind the copy's back (a trigger, say) shows.
    List<TableCount> counts = new ArrayList<>();
    for (String t : order) {
      long inSource = count(src, t);
      long inTarget = count(dst, t);
      if (copied.get(t) != inSource || inTarget != inSource) {
        throw new StorageException("row counts differ for " + t + ": source " + inSource
            + ", copied " + copied.get(t) + ", target " + inTarget + " (nothing was kept)");
      }
      counts.add(new TableCount(t, inTarget));
    }
    try (Statement s = dst.createStatement()) {
      for (String t : order) {
        s.execute("ALTER TABLE " + TableCatalog.quote(t) + " ENABLE TRIGGER USER");
      }
    }
    return new Result(counts, notInSource, 0);
  }

  private long copyTable(Connection src, Connection dst, String table, List<String> columns,
      Map<String, Column> targetColumns) throws SQLException, StorageException {
    List<String> quoted = columns.stream().map(TableCatalog::quote).toList();
    String list = String.join(", ", quoted);
    String insert = "INSERT INTO " + TableCatalog.quote(table) + " (" + list + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    long rows = 0;
    try (Statement read = src.createStatement();
         ResultSet rs = read.executeQuery("SELECT " + list + " FROM " + TableCatalog.quote(table)
             + " ORDER BY rowid");
         PreparedStatement write = dst.prepareStatement(insert)) {
      int pending = 0;
      while (rs.next()) {
        rows++;
        for (int i = 0; i < columns.size(); i++) {
          Column column = targetColumns.get(columns.get(i));
          try {
            Values.bind(write, i + 1, rs.getObject(i + 1), column.type());
          } catch (IllegalArgumentException e) {
            // The value itself is never shown: it may be a secret.
            throw new StorageException("source row " + rows + " of " + table + ", column "
                + column.name() + ": " + e.getMessage() + " (nothing was copied)");
          }
        }
        write.addBatch();
        if (++pending == batchSize) {
          write.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        write.executeBatch();
      }
    }
    return rows;
  }

  /** Moves each identity/serial sequence of {@code table} so its next value follows the ids. */
  private static void resetIdentities(Connection dst, String table, Map<String, Column> columns)
      throws SQLException {
    for (Column c : columns.values()) {
      if (!c.identity()) {
        continue;
      }
      try (PreparedStatement s = dst.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?),"
          + " COALESCE(MAX(" + TableCatalog.quote(c.name()) + "), 0) + 1, false) FROM "
          + TableCatalog.quote(table))) {
        s.setString(1, TableCatalog.quote(table));
        s.setString(2, c.name());
        s.execute();
      }
    }
  }

  private void requireSameSchemaVersion(Connection src, List<Migration> migrations)
      throws StorageException {
    List<String> wanted = migrations.stream().map(Migration::version).toList();
    List<String> applied = new ArrayList<>();
    try (Statement s = src.createStatement();
         ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
      while (rs.next()) {
        applied.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StorageException("the source " + source.describe() + " has no migration history"
          + " (schema_migrations): it is not a database of this service ("
          + Database.explain(e) + ")", e);
    }
    if (!applied.equals(wanted)) {
      TreeSet<String> notApplied = new TreeSet<>(wanted);
      notApplied.removeAll(applied);
      TreeSet<String> unknown = new TreeSet<>(applied);
      unknown.removeAll(wanted);
      throw new StorageException("the source's schema version differs from this build's:"
          + (notApplied.isEmpty() ? "" : " not applied on the source " + notApplied
              + " (run 'migrate up' on it with this build first)")
          + (unknown.isEmpty() ? "" : " unknown to this build " + unknown
              + " (copy with the build that applied them)")
          + "; nothing was changed");
    }
  }

  /**
   * Refuses a target that holds rows of its own. Rows a migration seeded (the default
   * notification templates, listed in {@code notification_template_seeds}) do not count: the
   * source has its own copy of them, which replaces them.
   */
  private void requireEmptyTarget(Connection dst) throws SQLException, StorageException {
    Map<String, Map<String, Column>> tables = TableCatalog.postgresTables(dst);
    Map<String, Long> holding = new TreeMap<>();
    try (Statement s = dst.createStatement()) {
      for (String t : tables.keySet()) {
        if (NOT_COPIED.contains(t) || t.equals("notification_template_seeds")) {
          continue;
        }
        String sql = "SELECT COUNT(*) FROM " + TableCatalog.quote(t);
        if (t.equals("notification_templates")
            && tables.containsKey("notification_template_seeds")) {
          sql += " WHERE id NOT IN (SELECT id FROM notification_template_seeds)";
        }
        try (ResultSet rs = s.executeQuery(sql)) {
          rs.next();
          if (rs.getLong(1) > 0) {
            holding.put(t, rs.getLong(1));
          }
        }
      }
    }
    if (!holding.isEmpty()) {
      throw new StorageException("the target " + target.describe() + " already holds data "
          + holding + ": copy into an empty database, or pass --replace-target-data to delete"
          + " it in the copy's transaction; nothing was changed");
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TableCatalog.quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
