package io.navidocs.webhooks.storage;

import io.navidocs.webhooks.storage.migration.Migration;
import io.navidocs.webhooks.storage.migration.MigrationCatalog;
import io.navidocs.webhooks.storage.migration.MigrationRunner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The database's schema as this build wants it: brings it up to date (with a backup first when
 * the database file already exists and something is pending), and is what {@code run},
 * {@code migrate} and {@code verify} share.
 */
public final class Schema {
  private final Database database;
  private final List<Migration> migrations;
  private final MigrationRunner runner;
  private final Backups backups;
  private final Path backupDir;
  private final Consumer<String> log;

  public Schema(Database database, Backups backups, Path backupDir, Clock clock,
      Consumer<String> log) {
    this.database = database;
    this.migrations = MigrationCatalog.forDialect(database.dialect());
    this.runner = new MigrationRunner(migrations, clock, log);
    this.backups = backups;
    this.backupDir = backupDir;
    this.log = log;
  }

  public MigrationRunner runner() {
    return runner;
  }

  public List<Migration> migrations() {
    return migrations;
  }

  /**
   * Applies pending migrations up to {@code toVersion} (all when empty). When the SQLite file
   * existed before and there is something to apply, a verified backup is taken first.
   *
   * @return the migrations applied
   */
  public List<Migration> upgrade(Optional<String> toVersion) throws StorageException {
    boolean existed = database.exists();
    if (!existed) {
      database.createDirectories();
    }
    try (Connection c = database.open()) {
      List<Migration> pending = runner.pending(c, toVersion);
      if (pending.isEmpty()) {
        return pending;
      }
      if (existed && database.sqliteFile().isPresent()) {
        Backups.Result b = backups.take(backupDir);
        log.accept("backup taken before migrating: " + b.file() + " (" + b.bytes() + " bytes)");
      }
      return runner.up(c, toVersion);
    } catch (SQLException e) {
      throw new StorageException("cannot close database " + database.describe() + ": "
          + Database.explain(e), e);
    }
  }

  /** The verifier over this build's migrations. */
  public SchemaVerifier verifier() {
    return new SchemaVerifier(database.dialect(), migrations, runner);
  }
}
