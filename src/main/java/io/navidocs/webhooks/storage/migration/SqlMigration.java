package io.navidocs.webhooks.storage.migration;

import io.navidocs.webhooks.storage.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A migration written as a pair of SQL scripts, {@code <id>.up.sql} and {@code <id>.down.sql}. */
public final class SqlMigration implements Migration {
  private final String version;
  private final String name;
  private final String upSql;
  private final String downSql;
  private final String checksum;

  public SqlMigration(String version, String name, String upSql, String downSql) {
    this.version = version;
    this.name = name;
    this.upSql = upSql;
    this.downSql = downSql;
    this.checksum = Checksums.sha256(upSql);
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String checksum() {
    return checksum;
  }

  /** The up script, as shipped. */
  public String upSql() {
    return upSql;
  }

  @Override
  public void up(Connection connection) throws SQLException {
    run(connection, upSql);
  }

  @Override
  public void down(Connection connection) throws SQLException {
    run(connection, downSql);
  }

  private static void run(Connection connection, String script) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String statement : SqlScript.statements(script)) {
        s.execute(statement);
      }
    }
  }
}
