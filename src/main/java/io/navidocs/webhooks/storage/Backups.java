package io.navidocs.webhooks.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Online backups of the SQLite database, as the seed's "Data Backup Strategy" describes: a
 * consistent copy taken while writers keep writing ({@code VACUUM INTO}), {@code PRAGMA
 * integrity_check} on the copy, a manifest file beside it, and the retention policy (compress
 * after {@code compressAfterDays}, delete after {@code deleteAfterDays}).
 */
public final class Backups {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Database database;
  private final Clock clock;
  private final int compressAfterDays;
  private final int deleteAfterDays;

  public Backups(Database database, Clock clock, int compressAfterDays, int deleteAfterDays) {
    this.database = database;
    this.clock = clock;
    this.compressAfterDays = compressAfterDays;
    this.deleteAfterDays = deleteAfterDays;
  }

  /** A backup taken: the copy, its manifest and what the retention pass did. */
  public record Result(Path file, Path manifest, long bytes, int tables, List<String> retention) {}

  /**
   * Takes a backup into {@code dir} (created when missing), checks it and applies retention.
   *
   * @throws StorageException when the database cannot be read, the copy fails its integrity
   *     check (the copy is then removed), or the directory is not writable
   */
  public Result take(Path dir) throws StorageException {
    Path source = database.sqliteFile().orElseThrow(() -> new StorageException(
        "backup works on a SQLite database file; " + database.describe()
            + " is not one (use the server's own tools, e.g. pg_dump)"));
    database.requireExisting();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create backup directory " + dir + ": "
          + (Files.exists(dir) ? "a file of that name exists" : e.getClass().getSimpleName()
              + " " + e.getMessage()));
    }
    if (!Files.isWritable(dir)) {
      throw new StorageException("backup directory " + dir + " is not writable");
    }
    Instant now = clock.instant();
    String stamp = STAMP.format(now);
    Path file = dir.resolve(source.getFileName() + ".backup-" + stamp);
    for (int i = 2; Files.exists(file); i++) {
      file = dir.resolve(source.getFileName() + ".backup-" + stamp + "-" + i);
    }
    Path partial = dir.resolve(file.getFileName() + ".partial");
    try (Connection c = database.open(); Statement s = c.createStatement()) {
      Files.deleteIfExists(partial);
      // VACUUM INTO reads one consistent snapshot: writers go on meanwhile (WAL).
      s.execute("VACUUM INTO '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
    } catch (SQLException e) {
      deleteQuietly(partial);
      throw new StorageException("backup of " + source + " failed: " + Database.explain(e), e);
    } catch (IOException e) {
      throw new StorageException("backup of " + source + " failed: " + e.getMessage(), e);
    }
    String integrity;
    int tables;
    try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + partial.toAbsolutePath());
        Statement s = copy.createStatement()) {
      integrity = single(s, "PRAGMA integrity_check");
      tables = Integer.parseInt(single(s,
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
    } catch (SQLException e) {
      deleteQuietly(partial);
      throw new StorageException("backup copy " + partial + " cannot be checked: "
          + Database.explain(e), e);
    }
    if (!"ok".equals(integrity)) {
      deleteQuietly(partial);
      throw new StorageException("backup copy failed PRAGMA integrity_check (" + integrity
          + "); the copy was removed. The source may be damaged: run `verify`");
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      long bytes = Files.size(file);
      Path manifest = dir.resolve("manifest-" + file.getFileName().toString()
          .substring(file.getFileName().toString().indexOf(".backup-") + 8) + ".txt");
      Files.writeString(manifest, String.join("\n",
          "Backup Date: " + now,
          "Source: " + source.toAbsolutePath(),
          "Backup File: " + file.toAbsolutePath(),
          "File Size: " + bytes + " bytes",
          "SHA-256: " + sha256(file),
          "Integrity: " + integrity,
          "Tables: " + tables,
          ""));
      List<String> retention = applyRetention(dir);
      return new Result(file, manifest, bytes, tables, retention);
    } catch (IOException e) {
      throw new StorageException("cannot finish backup in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The seed's retention policy, by file age (last modified): backups older than
   * {@code compressAfterDays} are gzip-compressed, backups and manifests older than
   * {@code deleteAfterDays} are deleted.
   *
   * @return one line per file acted on
   */
  public List<String> applyRetention(Path dir) throws IOException {
    List<String> actions = new ArrayList<>();
    Instant now = clock.instant();
    Instant compressBefore = now.minus(Duration.ofDays(compressAfterDays));
    Instant deleteBefore = now.minus(Duration.ofDays(deleteAfterDays));
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(files::add);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      boolean backup = name.contains(".backup-") && !name.endsWith(".partial");
      boolean manifest = name.startsWith("manifest-") && name.endsWith(".txt");
      if (!backup && !manifest) {
        continue;
      }
      FileTime modified = Files.getLastModifiedTime(f);
      if (modified.toInstant().isBefore(deleteBefore)) {
        Files.delete(f);
        actions.add("deleted " + name);
      } else if (backup && !name.endsWith(".gz") && modified.toInstant().isBefore(compressBefore)) {
        Path gz = f.resolveSibling(name + ".gz");
        try (InputStream in = Files.newInputStream(f);
            OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
          in.transferTo(out);
        }
        Files.setLastModifiedTime(gz, modified);
        Files.delete(f);
        actions.add("compressed " + name);
      }
    }
    return actions;
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      StringBuilder out = new StringBuilder();
      while (rs.next()) {
        if (out.length() > 0) {
          out.append("; ");
        }
        out.append(rs.getString(1));
      }
      return out.toString();
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort: the partial copy is named .partial and never taken for a backup.
    }
  }
}
