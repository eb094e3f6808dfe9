package io.navidocs.webhooks.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one pooled connection, after a transaction, behaves like a fresh one: its plain writes are
 * committed (another connection sees them) and its next transaction may write although another
 * connection wrote meanwhile (with Pool.withTransaction on vertx-jdbc-client 5.0.10 the first
 * stays invisible and the second fails with SQLITE_BUSY_SNAPSHOT).
 */
class TransactionsTest {
  @TempDir
  Path dir;
  Database database;
  Vertx vertx;
  Pool pool;

  @BeforeEach
  void open() throws Exception {
    database = new Database("jdbc:sqlite:" + dir.resolve("t.db"), 2_000);
    try (Connection c = database.open(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    }
    vertx = Vertx.vertx();
    pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(database.jdbcUrl()),
        new PoolOptions().setMaxSize(1));
  }

  @AfterEach
  void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aPlainWriteAfterATransactionIsCommittedForOtherConnections() throws Exception {
    Transactions.run(pool, conn -> conn.query("INSERT INTO t (v) VALUES ('in tx')").execute())
        .await(10, TimeUnit.SECONDS);
    pool.query("INSERT INTO t (v) VALUES ('after')").execute().await(10, TimeUnit.SECONDS);
    assertEquals(2, countFromAnotherConnection());
  }

  @Test
  void theNextTransactionWritesAfterAnotherConnectionWrote() throws Exception {
    Transactions.run(pool, conn -> conn.query("INSERT INTO t (v) VALUES ('one')").execute())
        .await(10, TimeUnit.SECONDS);
    pool.query("SELECT COUNT(*) FROM t").execute().await(10, TimeUnit.SECONDS);
    try (Connection other = database.open(); Statement s = other.createStatement()) {
      s.execute("INSERT INTO t (v) VALUES ('other process')");
    }
    Transactions.run(pool, conn -> conn.query("UPDATE t SET v = v").execute()
            .compose(x -> conn.query("INSERT INTO t (v) VALUES ('two')").execute()))
        .await(10, TimeUnit.SECONDS);
    assertEquals(3, countFromAnotherConnection());
  }

  @Test
  void aFailedTransactionRollsBackAndReportsItsOwnFailure() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Future<Object> f = Transactions.run(pool, conn -> conn.query("INSERT INTO t (v) VALUES ('x')")
        .execute().compose(x -> Future.failedFuture(boom)));
    try {
      f.await(10, TimeUnit.SECONDS);
    } catch (IllegalStateException expected) {
      assertTrue(expected == boom);
    }
    assertEquals(0, countFromAnotherConnection());
  }

  private int countFromAnotherConnection() throws Exception {
    try (Connection c = database.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
