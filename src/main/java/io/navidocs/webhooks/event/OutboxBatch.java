package io.navidocs.webhooks.event;

import io.navidocs.webhooks.delivery.DeliveryStore;
import io.navidocs.webhooks.subscription.StatusChangeEvents;
import io.navidocs.webhooks.subscription.TopicMatcher;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One outbox batch, inside one transaction: reads the oldest pending events, validates each,
 * marks it {@code accepted} or {@code rejected} with its reason, and inserts one delivery per
 * matching webhook of the same organization (SPEC §3, §4, §8).
 *
 * <p>No id cursor: the pending rows are read by status every time, so an event whose lower id
 * commits after a higher one (PostgreSQL, concurrent writers) is still picked up. On PostgreSQL
 * the read locks the rows and skips those another instance is processing, so several instances
 * share the outbox without taking the same event (the {@code status = 'pending'} guard on the
 * mark stays as a second line).
 */
final class OutboxBatch {
  // PENDING, ORGANIZATIONS, WEBHOOKS and the delivery inserts differ by dialect: see
  // DeliveryStore#sql() (EngineSql).
  static final String MARK_PROCESSED = """
      UPDATE domain_events SET status = ?, reason = ?, deliveries = ?, processed_at = ?
      WHERE id = ? AND status = 'pending'""";

  /**
   * What one batch did, for metrics and for the poller's pacing: {@code read} events processed;
   * {@code held}, it stopped at an event the claim had no room for (see FanOutClaim#room).
   */
  record Result(int read, int deliveriesCreated, List<Counted> counted, boolean held) {}

  /** One processed event, for the events metric. */
  record Counted(String eventType, String source, boolean accepted) {}

  private record Row(long id, String eventId, String organizationId, String eventType,
      String payload, String source, long createdAt) {}

  /** A webhook as the batch matches it: its topics expanded once to the event types they select. */
  private record Webhook(String id, String organizationId, Set<EventType> types) {}

  private OutboxBatch() {}

  /**
   * Runs one batch; {@code claim}, when not null, decides which new deliveries are inserted
   * already claimed, and stops the batch before an event it has no room for (see
   * {@link FanOutClaim}).
   */
  static Result run(DeliveryStore store, int limit, long nowMs, FanOutClaim claim)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    PreparedStatement pending = store.statement(store.sql().outboxPending);
    pending.setInt(1, limit);
    try (ResultSet rs = pending.executeQuery()) {
      while (rs.next()) {
        rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getLong(7)));
      }
    }
    if (rows.isEmpty()) {
      return new Result(0, 0, List.of(), false);
    }
    JsonArray orgIds = new JsonArray();
    rows.stream().map(Row::organizationId).distinct().forEach(orgIds::add);
    Set<String> knownOrgs = new HashSet<>();
    PreparedStatement orgs = store.statement(store.sql().organizationsIn);
    orgs.setString(1, orgIds.encode());
    try (ResultSet rs = orgs.executeQuery()) {
      while (rs.next()) {
        knownOrgs.add(rs.getString(1));
      }
    }
    Map<String, List<Webhook>> webhooksByOrg = new HashMap<>();
    PreparedStatement hooks = store.statement(store.sql().webhooksIn);
    hooks.setString(1, orgIds.encode());
    try (ResultSet rs = hooks.executeQuery()) {
      while (rs.next()) {
        Webhook w = new Webhook(rs.getString(1), rs.getString(2),
            TopicMatcher.matchedTypes(topics(rs.getString(3))));
        webhooksByOrg.computeIfAbsent(w.organizationId(), k -> new ArrayList<>()).add(w);
      }
    }

    PreparedStatement insert = store.statement(store.sql().insertDelivery);
    PreparedStatement insertClaimed = claim == null ? null
        : store.statement(store.sql().insertClaimedDelivery);
    PreparedStatement mark = store.statement(MARK_PROCESSED);
    List<String> claimedIds = new ArrayList<>();
    List<Counted> counted = new ArrayList<>(rows.size());
    int created = 0;
    boolean held = false;
    List<Webhook> targets = new ArrayList<>();
    for (Row row : rows) {
      Optional<EventType> type = EventType.parse(row.eventType());
      String reason = null;
      JsonObject data = null;
      if (type.isEmpty()) {
        reason = "unknown event_type";
      } else if ((data = jsonObject(row.payload())) == null) {
        reason = "payload is not a JSON object";
      } else if (!knownOrgs.contains(row.organizationId())) {
        reason = "unknown organization";
      }
      targets.clear();
      if (reason == null) {
        String subject = StatusChangeEvents.aboutWebhook(row.eventType(), data).orElse(null);
        for (Webhook w : webhooksByOrg.getOrDefault(row.organizationId(), List.of())) {
          // WEBHOOK_DELIVERY_FAILED and INTEGRATION_STATUS_CHANGED about W are never queued for
          // W (SPEC §8, issue 9).
          if (!w.id().equals(subject) && w.types().contains(type.get())) {
            targets.add(w);
          }
        }
      }
      if (claim != null && !claim.room(targets.size())) {
        held = true; // this event and the rest stay pending in the outbox, in order
        break;
      }
      int deliveries = 0;
      if (reason == null) {
        FanOutClaim.Event event = claim == null ? null : new FanOutClaim.Event(row.eventId(),
            row.organizationId(), row.eventType(), row.payload(), row.createdAt());
        for (Webhook w : targets) {
          String id = deliveryId(nowMs);
          deliveries++;
          FanOutClaim.Lease lease = claim == null ? null : claim.take(store, w.id(), id, event);
          // Both statements share their first eight parameters; a claimed row adds its lease.
          PreparedStatement ps = lease == null ? insert : insertClaimed;
          ps.setString(1, id);
          ps.setLong(2, row.id());
          ps.setString(3, w.id());
          ps.setString(4, row.organizationId());
          ps.setString(5, row.eventType());
          ps.setLong(6, nowMs);
          ps.setLong(7, nowMs);
          ps.setLong(8, nowMs);
          if (lease != null) {
            ps.setString(9, lease.owner());
            ps.setLong(10, lease.expiresAt());
            claimedIds.add(id);
          }
          ps.addBatch();
        }
      }
      mark.setString(1, reason == null ? "accepted" : "rejected");
      mark.setString(2, reason);
      mark.setInt(3, deliveries);
      mark.setLong(4, nowMs);
      mark.setLong(5, row.id());
      mark.addBatch();
      created += deliveries;
      counted.add(new Counted(type.map(Enum::name).orElse("unknown"), row.source(),
          reason == null));
    }
    if (!claimedIds.isEmpty()) {
      int[] inserted = insertClaimed.executeBatch();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] != 1) {
          claim.notInserted(claimedIds.get(i));
        }
      }
    }
    if (created > claimedIds.size()) {
      insert.executeBatch();
    }
    mark.executeBatch();
    return new Result(counted.size(), created, counted, held);
  }

  /** A new delivery id: {@code dlv_} and 32 hex digits, time-ordered (see {@link DeliveryIds}). */
  static String deliveryId(long nowMs) {
    return DeliveryIds.next(nowMs);
  }

  private static JsonObject jsonObject(String text) {
    if (text == null) {
      return null;
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      return value instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static List<String> topics(String json) {
    try {
      Object value = io.vertx.core.json.Json.decodeValue(json);
      if (value instanceof JsonArray a) {
        List<String> out = new ArrayList<>();
        for (Object o : a) {
          if (o instanceof String s) {
            out.add(s);
          }
        }
        return out;
      }
    } catch (DecodeException | NullPointerException e) {
      // A webhook with unreadable topics matches nothing.
    }
    return List.of();
  }
}
