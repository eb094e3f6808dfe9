package io.navidocs.webhooks.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few plain JDBC connections for the admin API's read-only queries, with their prepared
 * statements kept open, run on a worker executor of their own (never the event loop).
 *
 * <p>Why not the Vert.x JDBC pool: under load its per-query cost (re-preparing, reading the
 * driver's column metadata, building Vert.x rows) was most of a listing's time, and it shares
 * its connections with the worker's writes. SQLite in WAL mode lets readers run beside the one
 * writer without blocking it, so separate connections cost the writer nothing. Each query is one
 * autocommit statement: it sees every committed write, including the API's own.
 */
public final class ReadConnections implements AutoCloseable {
  /** Binds a query's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the whole result; it is closed afterwards. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private final Database database;
  private final WorkerExecutor executor;
  private final BlockingQueue<Session> idle;
  private volatile boolean closed;

  /** {@code size} connections (opened on first use) and as many worker threads. */
  public ReadConnections(Vertx vertx, Database database, int size) {
    this.database = database;
    this.executor = vertx.createSharedWorkerExecutor("navidocs-reads", size);
    this.idle = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      idle.add(new Session());
    }
  }

  /** The dialect of the database these connections read. */
  public Dialect dialect() {
    return database.dialect();
  }

  /** Runs {@code sql} with {@code binder}'s parameters and maps its rows with {@code reader}. */
  public <T> Future<T> query(String sql, Binder binder, Reader<T> reader) {
    return executor.executeBlocking(() -> {
      Session session = idle.take();
      try {
        return session.query(sql, binder, reader);
      } catch (SQLException e) {
        // A broken connection is reopened on the next use; the caller sees the failure.
        session.close();
        throw new StorageException("read failed: " + Database.explain(e), e);
      } finally {
        if (closed) {
          session.close();
        }
        idle.add(session);
      }
    }, false);
  }

  @Override
  public void close() {
    closed = true;
    for (Session s : idle) {
      s.close();
    }
    executor.close();
  }

  /** One connection and the statements prepared on it; used by one thread at a time. */
  private final class Session {
    private Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    <T> T query(String sql, Binder binder, Reader<T> reader) throws SQLException {
      if (connection == null) {
        connection = DriverManager.getConnection(database.jdbcUrl());
      }
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      statement.clearParameters();
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    }

    void close() {
      statements.clear();
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // Closing on shutdown or after a failure: nothing left to do with it.
        }
        connection = null;
      }
    }
  }
}
