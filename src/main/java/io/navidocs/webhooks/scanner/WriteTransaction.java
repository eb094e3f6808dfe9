package io.navidocs.webhooks.scanner;

import io.navidocs.webhooks.storage.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs blocking JDBC work in one write transaction. On SQLite it is {@code BEGIN IMMEDIATE}: the
 * write lock is taken up front, so a transaction that read first cannot fail half-way on a lock
 * upgrade while the NaviDocs app writes. On PostgreSQL it is an ordinary transaction (row locks
 * and unique keys arbitrate).
 */
public final class WriteTransaction {
  private WriteTransaction() {}

  /** The work; its SQL exceptions roll the transaction back. */
  public interface Work<T> {
    T run() throws SQLException;
  }

  public static <T> T run(Connection c, Dialect dialect, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      if (dialect == Dialect.SQLITE) {
        c.setAutoCommit(true);
        try (Statement tx = c.createStatement()) {
          tx.execute("BEGIN IMMEDIATE");
          try {
            T out = work.run();
            tx.execute("COMMIT");
            return out;
          } catch (SQLException | RuntimeException e) {
            tx.execute("ROLLBACK");
            throw e;
          }
        }
      }
      c.setAutoCommit(false);
      try {
        T out = work.run();
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
