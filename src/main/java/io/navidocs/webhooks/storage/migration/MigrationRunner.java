package io.navidocs.webhooks.storage.migration;

import io.navidocs.webhooks.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies and rolls back {@link Migration}s, recording each applied one with its checksum in
 * {@code schema_migrations}. Each step runs in its own transaction together with its record, so
 * a failed step leaves the database exactly as it was before that step.
 *
 * <p>Before doing anything it checks that every recorded migration still has the checksum this
 * build computes; a migration changed after it was applied is refused, because the database no
 * longer matches what the code believes it is.
 */
public final class MigrationRunner {
  static final String CREATE_TABLE = """
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at BIGINT NOT NULL,
        execution_ms BIGINT NOT NULL
      )""";
  private static final String SELECT_APPLIED =
      "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version";
  private static final String INSERT_APPLIED =
      "INSERT INTO schema_migrations (version, name, checksum, applied_at, execution_ms)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String DELETE_APPLIED = "DELETE FROM schema_migrations WHERE version = ?";

  private final List<Migration> migrations;
  private final Clock clock;
  private final Consumer<String> log;

  public MigrationRunner(List<Migration> migrations, Clock clock, Consumer<String> log) {
    this.migrations = List.copyOf(migrations);
    this.clock = clock;
    this.log = log;
  }

  private record Applied(String version, String name, String checksum, long appliedAt) {}

  /** Every known and every recorded migration, in version order, with its state. */
  public List<MigrationStatus> status(Connection c) throws MigrationException {
    Map<String, Applied> applied = applied(c);
    List<MigrationStatus> out = new ArrayList<>();
    for (Migration m : migrations) {
      Applied a = applied.remove(m.version());
      if (a == null) {
        out.add(new MigrationStatus(m.version(), m.name(), null, "pending"));
      } else {
        out.add(new MigrationStatus(m.version(), m.name(), a.appliedAt(),
            a.checksum().equals(m.checksum()) ? "applied" : "changed"));
      }
    }
    for (Applied a : applied.values()) {
      out.add(new MigrationStatus(a.version(), a.name(), a.appliedAt(), "unknown"));
    }
    out.sort((x, y) -> x.version().compareTo(y.version()));
    return out;
  }

  /** The migrations {@link #up} would apply, oldest first. */
  public List<Migration> pending(Connection c, Optional<String> toVersion)
      throws MigrationException {
    check(c, toVersion);
    Map<String, Applied> applied = applied(c);
    List<Migration> out = new ArrayList<>();
    for (Migration m : migrations) {
      if (!applied.containsKey(m.version())
          && (toVersion.isEmpty() || m.version().compareTo(toVersion.get()) <= 0)) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * Applies pending migrations up to and including {@code toVersion} (all when empty).
   *
   * @return the migrations applied
   */
  public List<Migration> up(Connection c, Optional<String> toVersion) throws MigrationException {
    List<Migration> todo = pending(c, toVersion);
    for (Migration m : todo) {
      inTransaction(c, m, "apply", () -> {
        long start = System.nanoTime();
        m.up(c);
        try (PreparedStatement insert = c.prepareStatement(INSERT_APPLIED)) {
          insert.setString(1, m.version());
          insert.setString(2, m.name());
          insert.setString(3, m.checksum());
          insert.setLong(4, clock.instant().getEpochSecond());
          insert.setLong(5, (System.nanoTime() - start) / 1_000_000);
          insert.executeUpdate();
        }
      });
      log.accept("migration applied: " + m.id());
    }
    return todo;
  }

  /**
   * Rolls back the newest {@code steps} applied migrations, or every one newer than
   * {@code toVersion} (which stays applied).
   *
   * @return the migrations rolled back, newest first
   */
  public List<Migration> down(Connection c, Optional<Integer> steps, Optional<String> toVersion)
      throws MigrationException {
    check(c, toVersion);
    Map<String, Applied> applied = applied(c);
    for (Applied a : applied.values()) {
      if (find(a.version()).isEmpty()) {
        throw new MigrationException("cannot roll back: the database has migration "
            + a.version() + "_" + a.name() + ", which this build does not know;"
            + " roll back with the build that applied it");
      }
    }
    List<Migration> done = new ArrayList<>();
    for (Migration m : migrations) {
      if (applied.containsKey(m.version())) {
        done.add(m);
      }
    }
    Collections.reverse(done);
    List<Migration> todo = new ArrayList<>();
    for (Migration m : done) {
      if (toVersion.isPresent() ? m.version().compareTo(toVersion.get()) > 0
          : todo.size() < steps.orElse(1)) {
        todo.add(m);
      }
    }
    for (Migration m : todo) {
      inTransaction(c, m, "roll back", () -> {
        m.down(c);
        try (PreparedStatement delete = c.prepareStatement(DELETE_APPLIED)) {
          delete.setString(1, m.version());
          delete.executeUpdate();
        }
      });
      log.accept("migration rolled back: " + m.id());
    }
    return todo;
  }

  private void check(Connection c, Optional<String> toVersion) throws MigrationException {
    if (toVersion.isPresent() && find(toVersion.get()).isEmpty()) {
      throw new MigrationException("unknown migration version '" + toVersion.get()
          + "' (known: " + migrations.stream().map(Migration::version).toList() + ")");
    }
    for (MigrationStatus s : status(c)) {
      if (s.state().equals("changed")) {
        throw new MigrationException("migration " + s.version() + "_" + s.name()
            + " was changed after it was applied: its checksum differs from the one recorded;"
            + " restore the original migration or restore the database from a backup");
      }
    }
  }

  private Optional<Migration> find(String version) {
    return migrations.stream().filter(m -> m.version().equals(version)).findFirst();
  }

  private Map<String, Applied> applied(Connection c) throws MigrationException {
    Map<String, Applied> out = new LinkedHashMap<>();
    try {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute(CREATE_TABLE);
        try (ResultSet rs = s.executeQuery(SELECT_APPLIED)) {
          while (rs.next()) {
            out.put(rs.getString(1),
                new Applied(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
          }
        }
      }
    } catch (SQLException e) {
      throw new MigrationException("cannot read schema_migrations: "
          + Database.explain(e), e);
    }
    return out;
  }

  private interface Step {
    void run() throws SQLException;
  }

  private static void inTransaction(Connection c, Migration m, String verb, Step step)
      throws MigrationException {
    try {
      c.setAutoCommit(false);
      try {
        step.run();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new MigrationException("cannot " + verb + " migration " + m.id() + ": "
          + Database.explain(e)
          + " (nothing of this migration was kept)", e);
    }
  }
}
