package io.navidocs.webhooks.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox ({@code domain_events}) as the admin API writes and reads it: publishing inserts a
 * row with source {@code api}, which the worker then fans out like any other. Times are Unix ms.
 */
public final class EventRecords {
  static final String INSERT = """
      INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source, created_at)
      VALUES (?, ?, ?, ?, 'api', ?)
      RETURNING id, event_id, created_at""";

  static final String COLUMNS = """
      event_id, organization_id, event_type, boat_id, source, status, reason, deliveries,
      created_at, processed_at""";

  static final String COUNT = """
      SELECT COUNT(*) AS n FROM domain_events
       WHERE organization_id = COALESCE(?, organization_id) AND status = COALESCE(?, status)
         AND event_type = COALESCE(?, event_type)""";

  static final String LIST = "SELECT " + COLUMNS + " " + """
       FROM domain_events
      WHERE organization_id = COALESCE(?, organization_id) AND status = COALESCE(?, status)
        AND event_type = COALESCE(?, event_type)
      ORDER BY id DESC LIMIT ? OFFSET ?""";

  static final String FIND = "SELECT id, payload, " + COLUMNS + " " + """
       FROM domain_events
      WHERE event_id = ? AND organization_id = COALESCE(?, organization_id)""";

  static final String DELIVERIES_OF = """
      SELECT id, webhook_id, status FROM webhook_deliveries WHERE event_id = ?
       ORDER BY created_at, id""";

  static final String ORGANIZATION_EXISTS = "SELECT COUNT(*) AS n FROM organizations WHERE id = ?";

  static final String BOAT_EXISTS =
      "SELECT COUNT(*) AS n FROM entities WHERE id = ? AND organization_id = ?";

  /** An outbox row as the API lists it; times in Unix ms. */
  public record Event(String id, String organizationId, String eventType, String boatId,
      String source, String status, String reason, int deliveries, long createdAt,
      Long processedAt) {}

  /** One event with its payload text and its deliveries. */
  public record EventDetail(Event event, String payload, List<DeliveryRef> deliveries) {}

  /** A delivery of an event: its id, webhook and status. */
  public record DeliveryRef(String id, String webhookId, String status) {}

  private final Pool pool;

  public EventRecords(Pool pool) {
    this.pool = pool;
  }

  /** Writes an event to the outbox with source {@code api}; answers it as stored. */
  public Future<Event> publish(String organizationId, String eventType, String payloadJson,
      String boatId, long nowMs) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(organizationId, eventType, payloadJson, boatId, nowMs))
        .map(rs -> {
          Row r = rs.iterator().next();
          return new Event(r.getString("event_id"), organizationId, eventType, boatId, "api",
              "pending", null, 0, ((Number) r.getValue("created_at")).longValue(), null);
        });
  }

  /** Events newest first (by outbox order). */
  public Future<Page<Event>> list(String scope, String status, String eventType, int limit,
      long offset) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(scope, status, eventType))
        .compose(count -> pool.preparedQuery(LIST)
            .execute(Tuple.of(scope, status, eventType, limit, offset))
            .map(rs -> {
              List<Event> items = new ArrayList<>();
              rs.forEach(r -> items.add(map(r)));
              return new Page<>(items, count.iterator().next().getLong("n"), limit, offset);
            }));
  }

  /** The event with its payload and deliveries, when it exists within {@code scope}. */
  public Future<Optional<EventDetail>> find(String publicId, String scope) {
    return pool.preparedQuery(FIND).execute(Tuple.of(publicId, scope)).compose(rs -> {
      if (rs.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row r = rs.iterator().next();
      long rowId = ((Number) r.getValue("id")).longValue();
      Event event = map(r);
      String payload = r.getString("payload");
      return pool.preparedQuery(DELIVERIES_OF).execute(Tuple.of(rowId)).map(ds -> {
        List<DeliveryRef> refs = new ArrayList<>();
        ds.forEach(d -> refs.add(new DeliveryRef(d.getString("id"), d.getString("webhook_id"),
            d.getString("status"))));
        return Optional.of(new EventDetail(event, payload, refs));
      });
    });
  }

  /** Whether {@code organizations} has this id. */
  public Future<Boolean> organizationExists(String organizationId) {
    return pool.preparedQuery(ORGANIZATION_EXISTS).execute(Tuple.of(organizationId))
        .map(rs -> rs.iterator().next().getLong("n") > 0);
  }

  /** Whether {@code entities} has this boat in this organization. */
  public Future<Boolean> boatExists(String boatId, String organizationId) {
    return pool.preparedQuery(BOAT_EXISTS).execute(Tuple.of(boatId, organizationId))
        .map(rs -> rs.iterator().next().getLong("n") > 0);
  }

  static Event map(Row r) {
    Number processed = (Number) r.getValue("processed_at");
    Number deliveries = (Number) r.getValue("deliveries");
    return new Event(r.getString("event_id"), r.getString("organization_id"),
        r.getString("event_type"), r.getString("boat_id"), r.getString("source"),
        r.getString("status"), r.getString("reason"),
        deliveries == null ? 0 : deliveries.intValue(),
        ((Number) r.getValue("created_at")).longValue(),
        processed == null ? null : processed.longValue());
  }
}
