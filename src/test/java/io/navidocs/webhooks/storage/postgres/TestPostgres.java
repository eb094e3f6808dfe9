package io.navidocs.webhooks.storage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, started once per test JVM from the binaries on the test
 * class path (no pre-installed server), and a fresh database per caller owned by an ordinary
 * role (no superuser), as on managed PostgreSQL (SPEC §8).
 */
public final class TestPostgres {
  /** The ordinary role the service connects as. */
  public static final String ROLE = "navidocs";
  private static final String PASSWORD = "navidocs-test-password";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
        try (Connection c = server.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'"
              + " NOSUPERUSER NOCREATEDB NOCREATEROLE");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException ignored) {
            // The JVM is ending; the server's directory is temporary.
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create role " + ROLE, e);
      }
    }
    return server;
  }

  /** Creates an empty database owned by {@link #ROLE} and returns its JDBC URL with credentials. */
  public static String newDatabaseUrl() {
    EmbeddedPostgres pg = server();
    String name = "navidocs_test_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name + "?user=" + ROLE
        + "&password=" + PASSWORD;
  }
}
