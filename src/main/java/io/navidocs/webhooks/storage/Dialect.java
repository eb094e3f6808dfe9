package io.navidocs.webhooks.storage;

/** The SQL databases the service runs on; dialect-specific SQL lives under {@link #folder()}. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The classpath folder under {@code db/} holding this dialect's migrations. */
  public String folder() {
    return folder;
  }

  /** The dialect of a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported JDBC URL (want jdbc:sqlite: or jdbc:postgresql:)");
  }
}
