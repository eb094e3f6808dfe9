package io.navidocs.webhooks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Where the data lives, and how to open a connection to it that behaves as the service needs:
 * foreign keys enforced, and for SQLite WAL journaling with a busy timeout so that the NaviDocs
 * app can write to the same file at the same time.
 *
 * <p>The connection settings travel in the JDBC URL ({@link #jdbcUrl()}) so that plain
 * {@link DriverManager} connections (CLI commands) and the Vert.x pool open identical sessions.
 */
public final class Database {
  private final String url;
  private final Dialect dialect;
  private final int busyTimeoutMs;

  public Database(String url, int busyTimeoutMs) {
    this.url = url;
    this.dialect = Dialect.of(url);
    this.busyTimeoutMs = busyTimeoutMs;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The URL as configured, for messages. It holds no password for SQLite; see {@link #describe()}. */
  public String configuredUrl() {
    return url;
  }

  /**
   * A description safe for logs: the SQLite file, or the PostgreSQL URL without its parameters
   * and without any {@code user:password@} part (where passwords travel).
   */
  public String describe() {
    return sqliteFile().map(Path::toString).orElseGet(() -> describe(url));
  }

  /** {@code jdbcUrl} without parameters or credentials, for messages. */
  public static String describe(String jdbcUrl) {
    String out = jdbcUrl.contains("?") ? jdbcUrl.substring(0, jdbcUrl.indexOf('?')) : jdbcUrl;
    return out.replaceFirst("//[^/@]*@", "//");
  }

  /**
   * The SQLite database file, when this is a file-backed SQLite database ({@code :memory:} and
   * PostgreSQL have none).
   */
  public Optional<Path> sqliteFile() {
    if (dialect != Dialect.SQLITE) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(rest));
  }

  /** True when the database already exists (always true for a server database). */
  public boolean exists() {
    return sqliteFile().map(Files::exists).orElse(true);
  }

  /**
   * The URL with the session settings every connection needs. For SQLite: foreign keys on, WAL,
   * the busy timeout and synchronous=NORMAL (durable across a process crash in WAL mode; only a
   * power loss may drop the last transactions). Parameters already in the configured URL win.
   */
  public String jdbcUrl() {
    if (dialect == Dialect.POSTGRESQL) {
      // The server's DETAIL text quotes row values (a duplicate key's secret, say); keep it out
      // of exception messages, which reach logs and command-line errors.
      StringBuilder out = new StringBuilder(url);
      append(out, url.contains("?") ? '&' : '?', "logServerErrorDetail", "false");
      return out.toString();
    }
    StringBuilder out = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    sep = append(out, sep, "foreign_keys", "true");
    sep = append(out, sep, "journal_mode", "WAL");
    sep = append(out, sep, "busy_timeout", Integer.toString(busyTimeoutMs));
    append(out, sep, "synchronous", "NORMAL");
    return out.toString();
  }

  private char append(StringBuilder out, char sep, String key, String value) {
    String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    for (String part : query.split("&")) {
      if (part.startsWith(key + "=")) {
        return sep;
      }
    }
    out.append(sep).append(key).append('=').append(value);
    return '&';
  }

  /**
   * Creates the SQLite file's directory when missing (first start on the embedded default).
   *
   * @throws StorageException when the directory cannot be created
   */
  public void createDirectories() throws StorageException {
    Optional<Path> file = sqliteFile();
    if (file.isEmpty()) {
      return;
    }
    Path parent = file.get().toAbsolutePath().getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StorageException("cannot create the database directory " + parent + ": "
          + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /**
   * Refuses to go on when the database must already exist (commands that read it) and does not;
   * opening it would otherwise silently create an empty file.
   */
  public void requireExisting() throws StorageException {
    Optional<Path> file = sqliteFile();
    if (file.isPresent() && !Files.exists(file.get())) {
      throw new StorageException("database file " + file.get() + " does not exist");
    }
  }

  /**
   * Opens a connection and checks that it really is a usable database (a corrupt file or a
   * non-database file fails here with a clear message, not later mid-migration).
   */
  public Connection open() throws StorageException {
    try {
      Connection c = DriverManager.getConnection(jdbcUrl());
      try (Statement s = c.createStatement()) {
        // Touches the schema: "file is not a database" and similar surface now.
        s.execute(dialect == Dialect.SQLITE ? "SELECT count(*) FROM sqlite_master" : "SELECT 1");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    } catch (SQLException e) {
      throw new StorageException("cannot open database " + describe() + ": " + explain(e), e);
    }
  }

  /** One line that explains a SQL failure, without the driver's stack or noise. */
  public static String explain(SQLException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    msg = msg.replace('\n', ' ').replace('\r', ' ').trim();
    if (msg.contains("SQLITE_NOTADB") || msg.contains("file is not a database")) {
      return "the file is not a SQLite database or is corrupt (" + msg + ")";
    }
    if (msg.contains("SQLITE_READONLY") || msg.contains("readonly database")) {
      return "the database is read-only: check the file's and its directory's permissions ("
          + msg + ")";
    }
    if (msg.contains("SQLITE_CANTOPEN")) {
      return "the file cannot be opened: check that its directory exists and is writable ("
          + msg + ")";
    }
    if (msg.contains("SQLITE_CORRUPT")) {
      return "the database is corrupt: restore it from a backup (" + msg + ")";
    }
    return msg;
  }
}
