package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own SQLite session: its page cache, how often its commits checkpoint, and reads
 * that never wait for the write lock.
 */
class DeliveryStoreTest {

  @TempDir Path dir;
  EngineFixture f;
  DeliveryStore store;

  @BeforeEach
  void open() throws Exception {
    f = new EngineFixture(dir);
    store = f.store("store-test");
  }

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  private long pragma(String name) throws Exception {
    return store.transaction(s -> {
      try (ResultSet rs = s.statement("PRAGMA " + name).executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }).await(10, TimeUnit.SECONDS);
  }

  @Test
  void theEngineSessionKeepsA64MibCacheAndCheckpointsOnlyAfter10000WalPages() throws Exception {
    assertEquals(-65_536, pragma("cache_size"));
    assertEquals(10_000, pragma("wal_autocheckpoint"));
  }

  @Test
  void aReadDoesNotWaitForTheWriteLockTheAppHolds() throws Exception {
    try (java.sql.Connection app = f.connect()) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{}");
      // The app is inside a write transaction (SQLite's one write lock is its own) ...
      app.setAutoCommit(false);
      try (var st = app.createStatement()) {
        st.executeUpdate("INSERT INTO domain_events (organization_id, event_type, payload) "
            + "VALUES ('org-1', 'DOCUMENT_UPLOADED', '{}')");
      }
      // ... and the engine's read (the backlog gauges) answers at once from the last commit,
      // where a write transaction would wait up to the busy timeout (5 s) for the lock.
      long events = store.read(s -> {
        try (ResultSet rs = s.statement("SELECT COUNT(*) FROM domain_events").executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }).await(2, TimeUnit.SECONDS);
      assertEquals(1, events);
      app.commit();
    }
  }

  @Test
  void theEnginesCommitsLeaveTheWalToGrowPastTheDefaultCheckpointSize() throws Exception {
    // 20 commits of 75 rows of 4 KB, well over 1,000 pages: at SQLite's default (1,000
    // pages, 4 MB) one of these commits would have copied the WAL into the database and the
    // next would have started it over, so the file would stay below 5 MB.
    for (int t = 0; t < 20; t++) {
      int batch = t;
      store.transaction(s -> {
        var ps = s.statement("INSERT INTO domain_events (organization_id, event_type, payload)"
            + " VALUES ('org-1', 'DOCUMENT_UPLOADED', ?)");
        for (int i = 0; i < 75; i++) {
          ps.setString(1, "{\"pad\":\"" + "x".repeat(4000) + batch + "\"}");
          ps.addBatch();
        }
        ps.executeBatch();
        return null;
      }).await(10, TimeUnit.SECONDS);
    }
    long wal = Files.size(dir.resolve("navidocs.db-wal"));
    assertTrue(wal > 5_000_000L, "WAL size " + wal);
  }
}
