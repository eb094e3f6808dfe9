package io.navidocs.webhooks.notification;

import io.navidocs.webhooks.event.EventType;
import io.navidocs.webhooks.scanner.ExpiryRule;
import io.navidocs.webhooks.scanner.WriteTransaction;
import io.navidocs.webhooks.storage.Dialect;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns outbox events into in-app notifications (SPEC §4): for each event, the active
 * {@code in_app} template of its type (and context key, {@code 90_days}/{@code 30_days}/
 * {@code 14_days} for WARRANTY_EXPIRING) is rendered with the event's data into one
 * {@code notifications} row per member of the event's organization. Blocking JDBC: call it on a
 * worker thread.
 *
 * <p>It reads {@code domain_events} with its own cursor ({@code notification_cursor}), in id
 * order, independent of the delivery engine: it takes every event the engine does not reject and
 * checks the same three things the engine does (known type, a JSON object, a known organization)
 * itself, so notifications neither wait for webhook delivery nor stop when ENABLE_WEBHOOKS is
 * false. What it did with each event (or why it did nothing, e.g. a template variable missing from
 * the data) is recorded in {@code notification_events}.
 *
 * <p>No duplicates: a notification's id is {@code ntf_<event_id>_<user_id>} and rows are inserted
 * with {@code ON CONFLICT DO NOTHING}, so an event handled twice (a crash before the cursor moved, two
 * instances) adds nothing the second time. An event that produced notifications is announced with
 * one NOTIFICATION_SENT event (source {@code worker}) for all its recipients, not one per user:
 * a fan-out to 100 members would otherwise put 100 events in the outbox.
 */
public final class Notifier {
  /** Notifications live 30 days (the seed's {@code expires_at = created_at + 30 days}). */
  public static final Duration LIFETIME = Duration.ofDays(30);
  /**
   * Events per transaction. The write lock is held for the whole batch (about 5-15 ms per event
   * fanned out to 100 members on the benchmark machine), so it stays small: the NaviDocs app's
   * writers wait at most a fraction of a second.
   */
  public static final int DEFAULT_BATCH_SIZE = 50;
  static final String CURSOR = "in_app";

  /** Events after the cursor that were not handled yet (see {@link #CURSOR_LAG_POSTGRESQL}). */
  static final String EVENTS_SQL = """
      SELECT d.id, d.event_id, d.organization_id, d.event_type, d.payload, d.status, d.created_at
        FROM domain_events d
       WHERE d.id > ?
         AND NOT EXISTS (SELECT 1 FROM notification_events n WHERE n.event_id = d.id)
       ORDER BY d.id LIMIT ?""";
  /**
   * PostgreSQL ids commit out of order (SPEC §8): a lower id may become visible after a higher
   * one. There the cursor only moves past events older than this, so an event written by a
   * transaction shorter than it is never skipped; younger ones already handled are skipped by
   * {@link #EVENTS_SQL}'s NOT EXISTS. SQLite commits ids in order: no lag.
   */
  static final Duration CURSOR_LAG_POSTGRESQL = Duration.ofMinutes(1);
  static final String CURSOR_SQL = "SELECT last_event_id FROM notification_cursor WHERE name = ?";
  static final String MOVE_CURSOR_SQL = """
      INSERT INTO notification_cursor (name, last_event_id, updated_at) VALUES (?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET last_event_id = %s(notification_cursor.last_event_id,
                                      excluded.last_event_id), updated_at = excluded.updated_at""";
  static final String ORGANIZATION_SQL = "SELECT 1 FROM organizations WHERE id = ?";
  /** The newest active in_app template for a type and context key ({@code IS} matches null). */
  static final String TEMPLATE_SQL = """
      SELECT id, subject, body FROM notification_templates
       WHERE event_type = ? AND type = 'in_app' AND is_active = 1
         AND context_key IS NOT DISTINCT FROM ?
       ORDER BY version DESC, updated_at DESC LIMIT 1""";
  /**
   * One row per member. Links to a boat or document are set only while it exists (the seed's
   * foreign keys; a deleted document must not be linked).
   */
  static final String FAN_OUT_SQL = """
      INSERT INTO notifications (id, user_id, type, title, message, boat_id,
          document_id, warranty_id, sale_id, icon_emoji, action_url, action_label, is_read,
          expires_at, created_at, updated_at)
      SELECT 'ntf_' || ? || '_' || uo.user_id, uo.user_id, ?, ?, ?,
             (SELECT id FROM entities WHERE id = ?), (SELECT id FROM documents WHERE id = ?),
             ?, ?, ?, ?, ?, 0, ?, ?, ?
        FROM user_organizations uo JOIN users u ON u.id = uo.user_id
       WHERE uo.organization_id = ?
      ON CONFLICT DO NOTHING""";
  static final String RECORD_SQL = """
      INSERT INTO notification_events (event_id, outcome, template_id, notifications, error,
          processed_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(event_id) DO UPDATE SET outcome = excluded.outcome,
          template_id = excluded.template_id, notifications = excluded.notifications,
          error = excluded.error, processed_at = excluded.processed_at""";
  static final String SENT_SQL = """
      INSERT INTO domain_events (organization_id, event_type, payload, boat_id, source, created_at)
      VALUES (?, 'NOTIFICATION_SENT', ?, ?, 'worker', ?)""";
  static final String PURGE_SQL = """
      DELETE FROM notifications WHERE id IN
        (SELECT id FROM notifications WHERE expires_at < ? LIMIT ?)""";
  static final String PURGE_RECORDS_SQL = """
      DELETE FROM notification_events WHERE event_id IN
        (SELECT event_id FROM notification_events WHERE processed_at < ? LIMIT ?)""";

  private final Clock clock;
  private final Dialect dialect;
  private final int batchSize;

  /** A SQLite notifier with the default batch size. */
  public Notifier(Clock clock) {
    this(clock, Dialect.SQLITE, DEFAULT_BATCH_SIZE);
  }

  /** A SQLite notifier handling {@code batchSize} events per transaction. */
  public Notifier(Clock clock, int batchSize) {
    this(clock, Dialect.SQLITE, batchSize);
  }

  public Notifier(Clock clock, Dialect dialect, int batchSize) {
    this.clock = clock;
    this.dialect = dialect;
    this.batchSize = batchSize;
  }

  /** What one batch did. */
  public record Result(int events, int notifications, int errors) {}

  /** What happened to one event. */
  record Outcome(String outcome, String templateId, int notifications, String error) {}

  /** Handles the next batch of events after the cursor, in one transaction. */
  public Result processBatch(Connection c) throws SQLException {
    long lagMs = dialect == Dialect.SQLITE ? 0 : CURSOR_LAG_POSTGRESQL.toMillis();
    return WriteTransaction.run(c, dialect, () -> {
      long cursor = cursor(c);
      List<Object[]> events = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(EVENTS_SQL)) {
        q.setLong(1, cursor);
        q.setInt(2, batchSize);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            events.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7)});
          }
        }
      }
      int notifications = 0;
      int errors = 0;
      long last = cursor;
      boolean settled = true;
      long settledBefore = clock.millis() - lagMs;
      for (Object[] e : events) {
        Outcome o = handle(c, (long) e[0], (String) e[1], (String) e[2], (String) e[3],
            (String) e[4], (String) e[5]);
        record(c, (long) e[0], o);
        notifications += o.notifications();
        if (o.outcome().equals("render_error")) {
          errors++;
        }
        // The cursor moves only over a contiguous run of settled events (see the lag above).
        settled = settled && (lagMs == 0 || (long) e[6] < settledBefore);
        if (settled) {
          last = (long) e[0];
        }
      }
      if (last > cursor) {
        try (PreparedStatement s = c.prepareStatement(String.format(MOVE_CURSOR_SQL,
            dialect == Dialect.SQLITE ? "max" : "GREATEST"))) {
          s.setString(1, CURSOR);
          s.setLong(2, last);
          s.setLong(3, clock.millis());
          s.executeUpdate();
        }
      }
      return new Result(events.size(), notifications, errors);
    });
  }

  /** Handles one event (also usable to handle an event again: nothing is duplicated). */
  Outcome handle(Connection c, long id, String eventId, String organizationId, String eventType,
      String payload, String status) throws SQLException {
    if ("rejected".equals(status)) {
      return new Outcome("invalid", null, 0, "rejected by the delivery engine");
    }
    if (EventType.parse(eventType).isEmpty()) {
      return new Outcome("invalid", null, 0, "unknown event type");
    }
    JsonObject data;
    try {
      data = new JsonObject(payload);
    } catch (DecodeException | ClassCastException e) {
      return new Outcome("invalid", null, 0, "payload is not a JSON object");
    }
    if (!organizationExists(c, organizationId)) {
      return new Outcome("invalid", null, 0, "unknown organization");
    }
    Optional<String[]> template = template(c, eventType, contextKey(eventType, data));
    if (template.isEmpty()) {
      return new Outcome("no_template", null, 0, null);
    }
    String templateId = template.get()[0];
    TemplateRenderer.Rendered text;
    try {
      text = TemplateRenderer.render(template.get()[1], template.get()[2], data);
    } catch (TemplateRenderer.MissingVariablesException e) {
      return new Outcome("render_error", templateId, 0, "template " + templateId + ": "
          + e.getMessage());
    }
    String title = text.title() != null ? text.title() : defaultTitle(eventType);
    NotificationStyle style = NotificationStyle.of(eventType, data);
    long nowSeconds = clock.instant().getEpochSecond();
    int inserted;
    try (PreparedStatement s = c.prepareStatement(FAN_OUT_SQL)) {
      int i = 1;
      s.setString(i++, eventId);
      s.setString(i++, style.type());
      s.setString(i++, title);
      s.setString(i++, text.message());
      s.setString(i++, style.boatId());
      s.setString(i++, style.documentId());
      s.setString(i++, style.warrantyId());
      s.setString(i++, style.saleId());
      s.setString(i++, style.iconEmoji());
      s.setString(i++, style.actionUrl());
      s.setString(i++, style.actionLabel());
      s.setLong(i++, nowSeconds + LIFETIME.toSeconds());
      s.setLong(i++, nowSeconds);
      s.setLong(i++, nowSeconds);
      s.setString(i, organizationId);
      inserted = s.executeUpdate();
    }
    if (inserted > 0) {
      announce(c, eventId, organizationId, eventType, templateId, title, inserted, style);
    }
    return new Outcome("notified", templateId, inserted, null);
  }

  /** {@code 90_days}, {@code 30_days} or {@code 14_days} for WARRANTY_EXPIRING; else none. */
  static String contextKey(String eventType, JsonObject data) {
    if (!eventType.equals("WARRANTY_EXPIRING")
        || !(data.getValue("days_until_expiration") instanceof Number days)) {
      return null;
    }
    return ExpiryRule.thresholdFor(days.longValue()).map(t -> t + "_days").orElse(null);
  }

  private static String defaultTitle(String eventType) {
    String words = eventType.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static boolean organizationExists(Connection c, String organizationId)
      throws SQLException {
    try (PreparedStatement q = c.prepareStatement(ORGANIZATION_SQL)) {
      q.setString(1, organizationId);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The template for the context key, else the type's template without one. */
  private static Optional<String[]> template(Connection c, String eventType, String contextKey)
      throws SQLException {
    try (PreparedStatement q = c.prepareStatement(TEMPLATE_SQL)) {
      for (String key : contextKey == null ? new String[] {null}
          : new String[] {contextKey, null}) {
        q.setString(1, eventType);
        q.setString(2, key);
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
          }
        }
      }
    }
    return Optional.empty();
  }

  private void announce(Connection c, String eventId, String organizationId, String eventType,
      String templateId, String title, int recipients, NotificationStyle style)
      throws SQLException {
    JsonObject data = new JsonObject()
        .put("source_event_id", eventId)
        .put("source_event_type", eventType)
        .put("type", style.type())
        .put("channel", "in_app")
        .put("template_id", templateId)
        .put("title", title)
        .put("recipients", recipients)
        .put("boat_id", style.boatId())
        .put("document_id", style.documentId())
        .put("warranty_id", style.warrantyId())
        .put("sale_id", style.saleId());
    try (PreparedStatement s = c.prepareStatement(SENT_SQL)) {
      s.setString(1, organizationId);
      s.setString(2, data.encode());
      s.setString(3, style.boatId());
      s.setLong(4, clock.millis());
      s.executeUpdate();
    }
  }

  private void record(Connection c, long id, Outcome o) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RECORD_SQL)) {
      s.setLong(1, id);
      s.setString(2, o.outcome());
      s.setString(3, o.templateId());
      s.setInt(4, o.notifications());
      s.setString(5, o.error());
      s.setLong(6, clock.millis());
      s.executeUpdate();
    }
  }

  private static long cursor(Connection c) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(CURSOR_SQL)) {
      q.setString(1, CURSOR);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * Deletes notifications past their {@code expires_at} and the notifier's own records older than
   * the notifications' lifetime, in batches of {@code batch} rows (short write locks).
   *
   * @return the notifications deleted
   */
  public int purgeExpired(Connection c, int batch) throws SQLException {
    long nowSeconds = clock.instant().getEpochSecond();
    int total = 0;
    int n;
    do {
      n = WriteTransaction.run(c, dialect, () -> {
        try (PreparedStatement s = c.prepareStatement(PURGE_SQL)) {
          s.setLong(1, nowSeconds);
          s.setInt(2, batch);
          return s.executeUpdate();
        }
      });
      total += n;
    } while (n == batch);
    long cutoff = clock.millis() - LIFETIME.toMillis();
    int m;
    do {
      m = WriteTransaction.run(c, dialect, () -> {
        try (PreparedStatement s = c.prepareStatement(PURGE_RECORDS_SQL)) {
          s.setLong(1, cutoff);
          s.setInt(2, batch);
          return s.executeUpdate();
        }
      });
    } while (m == batch);
    return total;
  }
}
