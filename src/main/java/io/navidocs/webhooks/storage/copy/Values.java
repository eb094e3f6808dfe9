package io.navidocs.webhooks.storage.copy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Converts a SQLite value (whatever its storage class: SQLite columns are loosely typed) to the
 * PostgreSQL column's type, refusing rather than changing a value: an integer column gets only
 * whole numbers, a number column only numbers. Error messages never contain the value.
 */
final class Values {
  private Values() {}

  /**
   * Binds {@code value} read from SQLite to parameter {@code index} of a PostgreSQL column of
   * {@code type} ({@code information_schema} data type).
   *
   * @throws IllegalArgumentException when the value does not fit the column's type
   */
  static void bind(PreparedStatement statement, int index, Object value, String type)
      throws SQLException {
    switch (type) {
      case "bigint", "integer", "smallint" -> {
        if (value == null) {
          statement.setNull(index, Types.BIGINT);
        } else {
          statement.setLong(index, wholeNumber(value, type));
        }
      }
      case "double precision", "real", "numeric" -> {
        if (value == null) {
          statement.setNull(index, Types.DOUBLE);
        } else {
          statement.setDouble(index, number(value, type));
        }
      }
      case "boolean" -> {
        if (value == null) {
          statement.setNull(index, Types.BOOLEAN);
        } else {
          statement.setBoolean(index, wholeNumber(value, type) != 0);
        }
      }
      case "json", "jsonb" -> statement.setObject(index, value == null ? null : text(value, type),
          Types.OTHER);
      default -> {
        if (value == null) {
          statement.setNull(index, Types.VARCHAR);
        } else {
          statement.setString(index, text(value, type));
        }
      }
    }
  }

  private static long wholeNumber(Object value, String type) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 0x1p53) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        // Reported below without the value.
      }
    }
    throw new IllegalArgumentException("a " + describe(value) + " does not fit the target's "
        + type + " column");
  }

  private static double number(Object value, String type) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        // Reported below without the value.
      }
    }
    throw new IllegalArgumentException("a " + describe(value) + " does not fit the target's "
        + type + " column");
  }

  private static String text(Object value, String type) {
    if (value instanceof byte[]) {
      throw new IllegalArgumentException("a blob does not fit the target's " + type + " column");
    }
    return String.valueOf(value);
  }

  private static String describe(Object value) {
    if (value instanceof String) {
      return "text value";
    }
    if (value instanceof Number) {
      return "fractional number";
    }
    return value.getClass().getSimpleName() + " value";
  }
}
