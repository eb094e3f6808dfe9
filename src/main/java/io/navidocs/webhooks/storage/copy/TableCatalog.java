package io.navidocs.webhooks.storage.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the copy needs to know about each side's tables: their columns (with the PostgreSQL
 * types the values are converted to), the foreign-key order in which rows can be inserted, and
 * which columns draw from an identity sequence.
 */
final class TableCatalog {
  private TableCatalog() {}

  /** A PostgreSQL column: its name and {@code information_schema} data type. */
  record Column(String name, String type, boolean identity) {}

  /** The SQLite source's tables and their columns in declaration order (internal ones left out). */
  static Map<String, List<String>> sqliteTables(Connection c) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
             + " AND name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    for (String table : names) {
      List<String> columns = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("PRAGMA table_info(" + quote(table) + ")")) {
        while (rs.next()) {
          columns.add(rs.getString("name"));
        }
      }
      out.put(table, columns);
    }
    return out;
  }

  /** The PostgreSQL target's tables in the current schema and their columns. */
  static Map<String, Map<String, Column>> postgresTables(Connection c) throws SQLException {
    Map<String, Map<String, Column>> out = new TreeMap<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT c.table_name, c.column_name, c.data_type,"
             + " (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%') AS identity"
             + " FROM information_schema.columns c JOIN information_schema.tables t"
             + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
             + " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
             + " ORDER BY c.table_name, c.ordinal_position")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
            .put(rs.getString(2), new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
      }
    }
    return out;
  }

  /**
   * {@code tables} ordered so that every table comes after the tables its foreign keys reference
   * (ties by name, so the order is stable). References to tables outside {@code tables} are
   * ignored; a cycle is an error, since rows could not be inserted one table at a time.
   */
  static List<String> dependencyOrder(Connection c, Set<String> tables) throws SQLException {
    Map<String, Set<String>> references = new TreeMap<>();
    for (String t : tables) {
      references.put(t, new TreeSet<>());
    }
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT cl.relname, ref.relname FROM pg_constraint k"
             + " JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class ref ON ref.oid = k.confrelid"
             + " JOIN pg_namespace n ON n.oid = cl.relnamespace"
             + " WHERE k.contype = 'f' AND n.nspname = current_schema()")) {
      while (rs.next()) {
        String from = rs.getString(1);
        String to = rs.getString(2);
        if (references.containsKey(from) && tables.contains(to) && !from.equals(to)) {
          references.get(from).add(to);
        }
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    while (ordered.size() < references.size()) {
      boolean progressed = false;
      for (Map.Entry<String, Set<String>> e : references.entrySet()) {
        if (!ordered.contains(e.getKey()) && ordered.containsAll(e.getValue())) {
          ordered.add(e.getKey());
          progressed = true;
        }
      }
      if (!progressed) {
        Set<String> left = new TreeSet<>(references.keySet());
        left.removeAll(ordered);
        throw new SQLException("the target's foreign keys form a cycle among " + left);
      }
    }
    return new ArrayList<>(ordered);
  }

  /** An identifier in double quotes (valid on SQLite and PostgreSQL). */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
