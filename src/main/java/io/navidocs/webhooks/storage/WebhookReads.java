package io.navidocs.webhooks.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin API's read-only webhook queries (get one, list a page) on {@link ReadConnections}:
 * the same SQL as {@link WebhookRepository}, with rows mapped by column position so no query
 * asks the driver for column names or types.
 */
final class WebhookReads {
  private final ReadConnections reads;

  WebhookReads(ReadConnections reads) {
    this.reads = reads;
  }

  Future<Optional<WebhookRecord>> find(String id, String scope) {
    return reads.query(WebhookRepository.FIND, s -> {
      s.setString(1, id);
      setNullable(s, 2, scope);
    }, rows -> rows.next() ? Optional.of(map(rows)) : Optional.empty());
  }

  Future<Page<WebhookRecord>> list(String organization, String status, int limit, long offset) {
    return reads.query(WebhookRepository.LIST, s -> {
      setNullable(s, 1, organization);
      setNullable(s, 2, status);
      s.setInt(3, limit);
      s.setLong(4, offset);
    }, rows -> {
      List<WebhookRecord> items = new ArrayList<>();
      long total = -1;
      while (rows.next()) {
        items.add(map(rows));
        total = rows.getLong(14);
      }
      return new Page<>(items, total, limit, offset);
    }).compose(page -> page.total() >= 0 ? Future.succeededFuture(page)
        // An empty page (past the end) carries no window count: count separately.
        : reads.query(WebhookRepository.COUNT, s -> {
          setNullable(s, 1, organization);
          setNullable(s, 2, status);
        }, rows -> {
          rows.next();
          return new Page<>(page.items(), rows.getLong(1), limit, offset);
        }));
  }

  private static void setNullable(java.sql.PreparedStatement s, int index, String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  /** One row in {@link WebhookRepository#COLUMNS} order; defaults as {@code map(Row)} has them. */
  private static WebhookRecord map(ResultSet r) throws SQLException {
    List<String> topics = new ArrayList<>();
    try {
      new JsonArray(r.getString(5)).forEach(t -> topics.add(String.valueOf(t)));
    } catch (RuntimeException notJson) {
      // A row written by another writer with a broken topics column matches nothing; show none.
    }
    String status = r.getString(6);
    String retryPolicy = r.getString(8);
    return new WebhookRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
        topics, status == null ? "active" : status, r.getString(7),
        retryPolicy == null ? "exponential" : retryPolicy,
        nullableLong(r, 9), nullableLong(r, 10) == null ? null : nullableLong(r, 10).intValue(),
        (int) r.getLong(11), r.getLong(12), r.getLong(13));
  }

  private static Long nullableLong(ResultSet r, int index) throws SQLException {
    long v = r.getLong(index);
    return r.wasNull() ? null : v;
  }
}
