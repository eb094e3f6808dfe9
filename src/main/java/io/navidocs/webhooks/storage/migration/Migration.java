package io.navidocs.webhooks.storage.migration;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One schema change with its exact inverse. The runner calls {@link #up} and {@link #down} inside
 * a transaction it commits only when the whole step succeeded.
 */
public interface Migration {
  /** Sortable version, e.g. {@code 20251113_001}. */
  String version();

  /** Descriptive name, e.g. {@code add_warranty_tracking}. */
  String name();

  /** SHA-256 (hex) of what {@link #up} runs; recorded when applied, compared on every start. */
  String checksum();

  void up(Connection connection) throws SQLException;

  void down(Connection connection) throws SQLException;

  /** {@code version_name}, the seed's file name without {@code .sql}. */
  default String id() {
    return version() + "_" + name();
  }
}
