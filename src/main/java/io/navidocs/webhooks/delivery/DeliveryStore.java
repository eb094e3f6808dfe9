package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Dialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The delivery engine's own database session: one JDBC connection used by one worker thread, so
 * the engine's transactions run one after another (SQLite has one writer anyway) and reuse
 * prepared statements. Each {@link #transaction} is atomic; on SQLite it begins IMMEDIATE, so a
 * read-then-update inside it cannot interleave with another process's write.
 *
 * <p>The JDBC work never runs on an event loop: callers get a {@link Future} completed on their
 * own Vert.x context.
 */
public final class DeliveryStore {
  /** Work done inside one transaction on the store's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(DeliveryStore store) throws SQLException;
  }

  /** The engine connection's page cache, in SQLite's "negative means KiB" form: 64 MiB. */
  static final int CACHE_SIZE = -65_536;
  /** WAL pages after which the engine's commit checkpoints: 10,000 (about 40 MB). */
  static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

  private final WorkerExecutor executor;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private final boolean sqlite;
  private final EngineSql sql;
  private Statement control;

  private DeliveryStore(WorkerExecutor executor, Connection connection, Dialect dialect) {
    this.executor = executor;
    this.connection = connection;
    this.sqlite = dialect == Dialect.SQLITE;
    this.sql = EngineSql.of(dialect);
  }

  /** The engine's SQL for this store's dialect. */
  public EngineSql sql() {
    return sql;
  }

  // SQLite: BEGIN IMMEDIATE, issued by hand. Claims then read and update under the write lock,
  // so two workers sharing one file cannot both pick a row between the read and the update.
  // (The driver's own transaction_mode=IMMEDIATE would re-begin right after each commit and
  // hold the write lock between transactions, shutting out the NaviDocs app.)
  private void begin() throws SQLException {
    if (sqlite) {
      if (control == null) {
        control = connection.createStatement();
      }
      control.execute("BEGIN IMMEDIATE");
    } else {
      connection.setAutoCommit(false);
    }
  }

  private void end(boolean commit) throws SQLException {
    if (sqlite) {
      control.execute(commit ? "COMMIT" : "ROLLBACK");
    } else {
      if (commit) {
        connection.commit();
      } else {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    }
  }

  /** Opens the session (blocking: call at start, off the event loop or before it matters). */
  public static DeliveryStore open(Vertx vertx, Database database, String name)
      throws SQLException {
    Connection c = DriverManager.getConnection(database.jdbcUrl());
    if (database.dialect() == Dialect.SQLITE) {
      try (Statement st = c.createStatement()) {
        // SQLite's default page cache is 2 MiB: at a few thousand deliveries a second the
        // engine's working set (the newest pages of webhook_deliveries, its indexes and the
        // attempts) outgrows it within seconds and every statement re-reads pages from the WAL.
        // Memory is taken only as pages are used.
        st.execute("PRAGMA cache_size=" + CACHE_SIZE);
        // The commit that takes the WAL past wal_autocheckpoint pages copies them into the
        // database file and syncs it, on this thread, inside the engine's transaction. At the
        // default of 1,000 pages (4 MB) that happened several times a second under load and was
        // half of the engine's commit time; the same page rewritten by many transactions is
        // copied once per checkpoint, so fewer checkpoints also mean less copying. The WAL grows
        // to about 40 MB before it is reused. Other connections keep their own setting.
        st.execute("PRAGMA wal_autocheckpoint=" + WAL_AUTOCHECKPOINT_PAGES);
      }
    }
    // One thread: the connection is never shared; ordered execution keeps transactions serial.
    WorkerExecutor executor = vertx.createSharedWorkerExecutor(name, 1, 5, TimeUnit.MINUTES);
    return new DeliveryStore(executor, c, database.dialect());
  }

  /** Runs {@code work} in one transaction; rolls back and fails the future on any error. */
  public <T> Future<T> transaction(Work<T> work) {
    return executor.executeBlocking(() -> {
      begin();
      try {
        T result = work.run(this);
        end(true);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          end(false);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }, true);
  }

  /**
   * Runs read-only {@code work} outside a transaction: each statement reads its own snapshot and
   * none takes SQLite's write lock, so a long read (a count over a large backlog) never makes
   * the NaviDocs app's writes wait. Still on the store's thread, after what was queued before.
   */
  public <T> Future<T> read(Work<T> work) {
    return executor.executeBlocking(() -> work.run(this), true);
  }

  /** A prepared statement for this SQL, created once and reused (store thread only). */
  public PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Closes the statements, the connection and the thread. */
  public Future<Void> close() {
    return executor.executeBlocking(() -> {
      for (PreparedStatement ps : statements.values()) {
        ps.close();
      }
      statements.clear();
      if (control != null) {
        control.close();
      }
      connection.close();
      return (Void) null;
    }, true).eventually(executor::close);
  }
}
