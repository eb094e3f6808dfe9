package io.navidocs.webhooks.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction on a pooled connection that leaves the connection as it found it.
 *
 * <p>Why not {@code Pool.withTransaction}: vertx-jdbc-client 5.0.10 ends a transaction with
 * {@code setAutoCommit(false)} (see {@code JDBCTxOp}), not {@code true}, and sqlite-jdbc begins a
 * new transaction right after each commit in that mode. The pooled connection then runs every
 * later query inside a transaction nobody commits: its reads keep an old WAL snapshot, so its next
 * write fails with {@code SQLITE_BUSY_SNAPSHOT} as soon as another connection (the delivery
 * worker) has written, and its plain writes are not committed at all. Here the connection stays
 * in auto-commit mode and the transaction is an explicit {@code BEGIN}…{@code COMMIT} (plain
 * {@code BEGIN} is valid on SQLite and PostgreSQL); callers make their first statement a write
 * so that SQLite takes the write lock before anything is read.
 */
public final class Transactions {
  private Transactions() {}

  /** Runs {@code work} between BEGIN and COMMIT; ROLLBACK and the original failure otherwise. */
  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(conn -> conn.query("BEGIN").execute()
        .compose(begun -> {
          Future<T> result;
          try {
            result = work.apply(conn);
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          return result;
        })
        .compose(value -> conn.query("COMMIT").execute().map(value),
            failure -> conn.query("ROLLBACK").execute()
                .transform(ignored -> Future.<T>failedFuture(failure))));
  }
}
