package io.navidocs.webhooks.storage;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Recognizes a failed write that broke a UNIQUE or PRIMARY KEY constraint, on either dialect:
 * SQLite reports it as {@code SQLITE_CONSTRAINT_UNIQUE} / {@code _PRIMARYKEY} (extended result
 * codes; the JDBC error code is only the primary {@code SQLITE_CONSTRAINT}, shared with CHECK and
 * foreign keys), PostgreSQL as SQLSTATE {@code 23505}.
 *
 * <p>The admin API decides its conflicts with guarded statements; this is the backstop for a
 * constraint they do not know about (a unique index the NaviDocs app added on its side, say), so
 * that such a write answers 409 rather than 500.
 */
public final class UniqueViolation {
  /** PostgreSQL's {@code unique_violation}. */
  static final String POSTGRESQL_SQLSTATE = "23505";

  private UniqueViolation() {}

  /** Whether {@code failure}, or one of its causes, is a unique-constraint violation. */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException e
          && (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
              || e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
        return true;
      }
      if (t instanceof SQLException e && POSTGRESQL_SQLSTATE.equals(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
