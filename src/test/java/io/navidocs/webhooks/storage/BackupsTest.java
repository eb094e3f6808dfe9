package io.navidocs.webhooks.storage;

import static io.navidocs.webhooks.storage.SeedDatabase.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's "Data Backup Strategy": online copy, integrity check, manifest, retention. */
class BackupsTest {
  @TempDir Path dir;

  private static final String WARRANTY = "INSERT INTO warranty_tracking (id, boat_id, item_name,"
      + " purchase_date, warranty_period_months, expiration_date, status, created_at, updated_at)"
      + " VALUES ('%s', 'boat-123', 'Engine', '2023-01-15', 24, '2025-01-15', 'active',"
      + " 1699888800, 1699888800)";

  private Backups backups(Database db, Clock clock) {
    return new Backups(db, clock, 7, 30);
  }

  private static Connection openCopy(Path file) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  @Test
  void aBackupHoldsTheRowsWrittenBeforeItAndPassesTheIntegrityCheck() throws Exception {
    Database db = SeedDatabase.migrated(dir);
    try (Connection c = db.open()) {
      SeedDatabase.insertParents(c);
      c.createStatement().executeUpdate(WARRANTY.formatted("wt-001"));
    }
    Backups.Result r = backups(db, Clock.systemUTC()).take(dir.resolve("backups"));

    assertTrue(r.file().getFileName().toString().matches("navidocs\\.db\\.backup-\\d{8}-\\d{6}"),
        r.file().toString());
    assertEquals(Files.size(r.file()), r.bytes());
    try (Connection copy = openCopy(r.file())) {
      assertEquals("ok", single(copy, "PRAGMA integrity_check"));
      assertEquals("Engine", single(copy, "SELECT item_name FROM warranty_tracking"));
      assertEquals("3", single(copy, "SELECT count(*) FROM users"));
      assertEquals(single(copy, "SELECT count(*) FROM schema_migrations"),
          String.valueOf(SeedDatabase.runner().status(copy).size()));
    }
  }

  @Test
  void theManifestDescribesTheBackupAsTheSeedsDoes() throws Exception {
    Database db = SeedDatabase.migrated(dir);
    Instant now = Instant.now();
    Backups.Result r = backups(db, Clock.fixed(now, ZoneOffset.UTC)).take(dir.resolve("b"));

    byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(r.file()));
    String stamp = r.file().getFileName().toString().substring("navidocs.db.backup-".length());
    assertEquals(dir.resolve("b").resolve("manifest-" + stamp + ".txt"), r.manifest());
    assertEquals(List.of(
        "Backup Date: " + now,
        "Source: " + dir.resolve("navidocs.db").toAbsolutePath(),
        "Backup File: " + r.file().toAbsolutePath(),
        "File Size: " + Files.size(r.file()) + " bytes",
        "SHA-256: " + HexFormat.of().formatHex(sha),
        "Integrity: ok",
        "Tables: " + r.tables()), Files.readAllLines(r.manifest()));
    try (Connection copy = openCopy(r.file())) {
      assertEquals(single(copy, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
          + " AND name NOT LIKE 'sqlite_%'"), String.valueOf(r.tables()));
    }
  }

  @Test
  void aBackupTakenWhileAnotherWriterHoldsATransactionHasEveryCommittedRowAndNoneOfTheOpenOnes()
      throws Exception {
    Database db = SeedDatabase.migrated(dir);
    try (Connection writer = db.open(); Statement w = writer.createStatement()) {
      // Keep committed pages in the WAL: no checkpoint may copy them into the main file.
      w.execute("PRAGMA wal_autocheckpoint=0");
      SeedDatabase.insertParents(writer);
      w.executeUpdate(WARRANTY.formatted("wt-committed"));
      assertTrue(Files.size(dir.resolve("navidocs.db-wal")) > 0, "committed data is in the WAL");

      writer.setAutoCommit(false);
      w.executeUpdate(WARRANTY.formatted("wt-uncommitted"));

      Backups.Result r = backups(db, Clock.systemUTC()).take(dir.resolve("backups"));

      try (Connection copy = openCopy(r.file())) {
        assertEquals("ok", single(copy, "PRAGMA integrity_check"));
        assertEquals("wt-committed", single(copy, "SELECT group_concat(id) FROM warranty_tracking"));
      }
      writer.commit();
    }
  }

  @Test
  void retentionCompressesBackupsOlderThanSevenDaysAndDeletesThoseOlderThanThirty()
      throws Exception {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    Path b = Files.createDirectories(dir.resolve("backups"));
    Path fresh = aged(b, "navidocs.db.backup-20261121-100000", now, Duration.ofDays(3));
    Path week = aged(b, "navidocs.db.backup-20261114-100000", now, Duration.ofDays(10));
    Path month = aged(b, "navidocs.db.backup-20261020-100000", now, Duration.ofDays(35));
    Path oldGz = aged(b, "navidocs.db.backup-20261001-100000.gz", now, Duration.ofDays(54));
    Path oldManifest = aged(b, "manifest-20261020-100000.txt", now, Duration.ofDays(35));
    Path newManifest = aged(b, "manifest-20261114-100000.txt", now, Duration.ofDays(10));
    Path unrelated = aged(b, "notes.txt", now, Duration.ofDays(400));
    byte[] weekContent = Files.readAllBytes(week);

    List<String> actions = backups(SeedDatabase.in(dir), Clock.fixed(now, ZoneOffset.UTC))
        .applyRetention(b);

    assertTrue(Files.exists(fresh));
    assertFalse(Files.exists(week));
    Path gz = b.resolve(week.getFileName() + ".gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertArrayEquals(weekContent, in.readAllBytes());
    }
    assertEquals(Files.getLastModifiedTime(gz).toInstant(), now.minus(Duration.ofDays(10)),
        "the compressed copy keeps the backup's age");
    assertFalse(Files.exists(month));
    assertFalse(Files.exists(oldGz));
    assertFalse(Files.exists(oldManifest));
    assertTrue(Files.exists(newManifest));
    assertTrue(Files.exists(unrelated), "files that are not backups are never touched");
    assertEquals(List.of("compressed navidocs.db.backup-20261114-100000",
            "deleted manifest-20261020-100000.txt", "deleted navidocs.db.backup-20261001-100000.gz",
            "deleted navidocs.db.backup-20261020-100000"),
        actions.stream().sorted().toList());

    assertEquals(List.of(), backups(SeedDatabase.in(dir), Clock.fixed(now, ZoneOffset.UTC))
        .applyRetention(b), "a second pass has nothing left to do");
  }

  private static Path aged(Path dir, String name, Instant now, Duration age) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, "content of " + name + " ".repeat(100));
    Files.setLastModifiedTime(f, FileTime.from(now.minus(age)));
    return f;
  }

  @Test
  void upgradingAnExistingFileWithPendingMigrationsTakesABackupFirst() throws Exception {
    Database db = SeedDatabase.in(dir);
    try (Connection c = db.open()) {
      SeedDatabase.runner().up(c, Optional.of("20251113_001"));
      SeedDatabase.insertParents(c);
      c.createStatement().executeUpdate(WARRANTY.formatted("wt-001"));
    }
    Path backupDir = dir.resolve("backups");
    List<String> log = new ArrayList<>();
    Schema schema = new Schema(db, backups(db, Clock.systemUTC()), backupDir, Clock.systemUTC(),
        log::add);

    assertFalse(schema.upgrade(Optional.empty()).isEmpty());

    List<Path> taken;
    try (var files = Files.list(backupDir)) {
      taken = files.filter(p -> p.getFileName().toString().contains(".backup-")).toList();
    }
    assertEquals(1, taken.size());
    assertTrue(log.get(0).startsWith("backup taken before migrating: " + taken.get(0)), log::toString);
    try (Connection copy = openCopy(taken.get(0))) {
      assertEquals("wt-001", single(copy, "SELECT id FROM warranty_tracking"));
      assertFalse(SeedDatabase.tableExists(copy, "webhooks"), "the copy is the state before");
    }

    assertEquals(List.of(), schema.upgrade(Optional.empty()));
    try (var files = Files.list(backupDir)) {
      assertEquals(2, files.count(), "nothing pending: no second backup (one file + manifest)");
    }
  }

  @Test
  void migratingAFreshFileTakesNoBackup() throws Exception {
    Database db = SeedDatabase.in(dir.resolve("new"));
    Path backupDir = dir.resolve("backups");
    Schema schema = new Schema(db, backups(db, Clock.systemUTC()), backupDir, Clock.systemUTC(),
        line -> { });

    assertFalse(schema.upgrade(Optional.empty()).isEmpty());

    assertTrue(Files.exists(dir.resolve("new").resolve("navidocs.db")));
    assertFalse(Files.exists(backupDir));
  }
}
