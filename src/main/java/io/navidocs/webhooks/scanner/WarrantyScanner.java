package io.navidocs.webhooks.scanner;

import io.navidocs.webhooks.storage.Dialect;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One pass of the warranty scanner over {@code warranty_tracking} (SPEC §4): WARRANTY_EXPIRING at
 * 90, 30 and 14 days, and active warranties past their date set 'expired' with WARRANTY_EXPIRED.
 * Blocking JDBC: call it on a worker thread.
 *
 * <p>Exactly once: each alert's mark ({@code warranty_alerts}, keyed by warranty, expiration date
 * and threshold) and its outbox row are written in one transaction, and the event is written only
 * when this writer's mark was inserted. A restart, a second instance or a crash mid-scan can
 * therefore neither repeat nor lose an alert. The mark is inserted only while the warranty is
 * still active with the same date, so a claim written between the read and the write wins.
 */
public final class WarrantyScanner {
  private static final Logger LOG = Logger.getLogger(WarrantyScanner.class.getName());
  /** Actions per write transaction: keeps the SQLite write lock short for the NaviDocs app. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * Active warranties due within 90 days (or past), with the marks already made for them. Without
   * statistics SQLite prefers idx_warranty_status (every active row); INDEXED BY makes it read
   * only the due ones from the seed's partial index idx_warranty_expiring_soon.
   */
  static final String CANDIDATES_SQL = """
      SELECT w.id, w.boat_id, e.name, COALESCE(e.organization_id, ''), w.item_name, w.provider,
             w.expiration_date, w.coverage_amount,
             (SELECT group_concat(a.threshold) FROM warranty_alerts a
               WHERE a.warranty_id = w.id AND a.expiration_date = w.expiration_date)
        FROM warranty_tracking w INDEXED BY idx_warranty_expiring_soon
        LEFT JOIN entities e ON e.id = w.boat_id
       WHERE w.status = 'active' AND w.expiration_date <= ?""";

  /** The PostgreSQL twin of {@link #CANDIDATES_SQL} (its planner uses the partial index). */
  static final String CANDIDATES_SQL_POSTGRESQL = """
      SELECT w.id, w.boat_id, e.name, COALESCE(e.organization_id, ''), w.item_name, w.provider,
             w.expiration_date, w.coverage_amount,
             (SELECT string_agg(a.threshold::text, ',') FROM warranty_alerts a
               WHERE a.warranty_id = w.id AND a.expiration_date = w.expiration_date)
        FROM warranty_tracking w
        LEFT JOIN entities e ON e.id = w.boat_id
       WHERE w.status = 'active' AND w.expiration_date <= ?""";

  /** A mark, inserted only while the warranty still is active with that expiration date. */
  static final String MARK_SQL = """
      INSERT INTO warranty_alerts (warranty_id, expiration_date, threshold, event_id, sent_at)
      SELECT ?, ?, ?, ?, ?
       WHERE EXISTS (SELECT 1 FROM warranty_tracking
                      WHERE id = ? AND status = 'active' AND expiration_date = ?)
      ON CONFLICT DO NOTHING""";

  static final String EXPIRE_SQL = """
      UPDATE warranty_tracking SET status = 'expired', updated_at = ?
       WHERE id = ? AND status = 'active' AND expiration_date = ?""";

  static final String UNMARK_SQL = """
      DELETE FROM warranty_alerts WHERE warranty_id = ? AND expiration_date = ? AND threshold = ?""";

  static final String EVENT_SQL = """
      INSERT INTO domain_events (event_id, organization_id, event_type, payload, boat_id, source,
                                 created_at)
      VALUES (?, ?, ?, ?, ?, 'scanner', ?)""";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Dialect dialect;
  private final int batchSize;

  /** A SQLite scanner with the default batch size. */
  public WarrantyScanner(Clock clock) {
    this(clock, Dialect.SQLITE, DEFAULT_BATCH_SIZE);
  }

  /** A SQLite scanner writing {@code batchSize} actions per transaction. */
  public WarrantyScanner(Clock clock, int batchSize) {
    this(clock, Dialect.SQLITE, batchSize);
  }

  public WarrantyScanner(Clock clock, Dialect dialect, int batchSize) {
    this.clock = clock;
    this.dialect = dialect;
    this.batchSize = batchSize;
  }

  /** What a scan did. */
  public record Result(int candidates, int expiring, int expired, int malformed, long millis) {}

  /** A warranty the scan looked at. */
  record Warranty(String id, String boatId, String boatName, String organizationId,
      String itemName, String provider, String expirationDate, Double coverageAmount,
      Set<Integer> marked) {}

  /** Scans once at the clock's current UTC date. */
  public Result scan(Connection c) throws SQLException {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    List<Warranty> candidates = candidates(c, today);
    List<Warranty> todo = new ArrayList<>();
    List<ExpiryRule.Decision> decisions = new ArrayList<>();
    int malformed = 0;
    for (Warranty w : candidates) {
      LocalDate date;
      try {
        date = LocalDate.parse(w.expirationDate());
      } catch (DateTimeParseException e) {
        malformed++;
        continue;
      }
      Optional<ExpiryRule.Decision> d = ExpiryRule.decide(today, date, w.marked());
      if (d.isPresent()) {
        todo.add(w);
        decisions.add(d.get());
      }
    }
    if (malformed > 0) {
      LOG.warning("warranty scanner: " + malformed
          + " active warranties have an expiration_date that is not YYYY-MM-DD; skipped");
    }
    int expiring = 0;
    int expired = 0;
    for (int from = 0; from < todo.size(); from += batchSize) {
      int to = Math.min(todo.size(), from + batchSize);
      int[] done = applyBatch(c, todo.subList(from, to), decisions.subList(from, to), now);
      expiring += done[0];
      expired += done[1];
    }
    return new Result(candidates.size(), expiring, expired, malformed,
        clock.millis() - now.toEpochMilli());
  }

  private List<Warranty> candidates(Connection c, LocalDate today) throws SQLException {
    List<Warranty> out = new ArrayList<>();
    String horizon = today.plusDays(ExpiryRule.THRESHOLDS.get(0)).toString();
    try (PreparedStatement q = c.prepareStatement(
        dialect == Dialect.SQLITE ? CANDIDATES_SQL : CANDIDATES_SQL_POSTGRESQL)) {
      q.setString(1, horizon);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Set<Integer> marked = new HashSet<>();
          String marks = rs.getString(9);
          if (marks != null) {
            for (String m : marks.split(",")) {
              marked.add(Integer.parseInt(m.trim()));
            }
          }
          double coverage = rs.getDouble(8);
          out.add(new Warranty(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
              rs.wasNull() ? null : coverage, marked));
        }
      }
    }
    return out;
  }

  private int[] applyBatch(Connection c, List<Warranty> warranties,
      List<ExpiryRule.Decision> decisions, Instant now) throws SQLException {
    return WriteTransaction.run(c, dialect, () -> {
      int expiring = 0;
      int expired = 0;
      try (PreparedStatement mark = c.prepareStatement(MARK_SQL);
          PreparedStatement expire = c.prepareStatement(EXPIRE_SQL);
          PreparedStatement unmark = c.prepareStatement(UNMARK_SQL);
          PreparedStatement event = c.prepareStatement(EVENT_SQL)) {
        for (int i = 0; i < warranties.size(); i++) {
          Warranty w = warranties.get(i);
          ExpiryRule.Decision d = decisions.get(i);
          String eventId = newEventId();
          if (d instanceof ExpiryRule.Alert alert) {
            if (mark(mark, w, alert.threshold(), eventId, now) == 1) {
              insertEvent(event, eventId, w, "WARRANTY_EXPIRING", d.daysUntilExpiration(), now);
              for (int implied : alert.alsoDone()) {
                mark(mark, w, implied, null, now);
              }
              expiring++;
            }
          } else if (mark(mark, w, ExpiryRule.EXPIRED_MARK, eventId, now) == 1) {
            // The mark comes first: the warranty trigger sees it and stays silent (no duplicate
            // WARRANTY_STATUS_CHANGED for the scanner's own change).
            expire.setLong(1, now.getEpochSecond());
            expire.setString(2, w.id());
            expire.setString(3, w.expirationDate());
            if (expire.executeUpdate() == 1) {
              insertEvent(event, eventId, w, "WARRANTY_EXPIRED", d.daysUntilExpiration(), now);
              expired++;
            } else {
              unmark.setString(1, w.id());
              unmark.setString(2, w.expirationDate());
              unmark.setInt(3, ExpiryRule.EXPIRED_MARK);
              unmark.executeUpdate();
            }
          }
        }
      }
      return new int[] {expiring, expired};
    });
  }

  private static int mark(PreparedStatement mark, Warranty w, int threshold, String eventId,
      Instant now) throws SQLException {
    mark.setString(1, w.id());
    mark.setString(2, w.expirationDate());
    mark.setInt(3, threshold);
    mark.setString(4, eventId);
    mark.setLong(5, now.toEpochMilli());
    mark.setString(6, w.id());
    mark.setString(7, w.expirationDate());
    return mark.executeUpdate();
  }

  private static void insertEvent(PreparedStatement event, String eventId, Warranty w,
      String type, long days, Instant now) throws SQLException {
    event.setString(1, eventId);
    event.setString(2, w.organizationId());
    event.setString(3, type);
    event.setString(4, data(w, type, days).encode());
    event.setString(5, w.boatId());
    event.setLong(6, now.toEpochMilli());
    event.executeUpdate();
  }

  /**
   * The event's {@code data}: exactly the fields SPEC §4 lists; WARRANTY_EXPIRED adds the status
   * change (previous_status, status) as the event catalogue (event.EventType) shows it.
   */
  static JsonObject data(Warranty w, String type, long days) {
    JsonObject data = new JsonObject()
        .put("warranty_id", w.id())
        .put("boat_id", w.boatId())
        .put("boat_name", w.boatName())
        .put("item_name", w.itemName())
        .put("provider", w.provider())
        .put("expiration_date", w.expirationDate())
        .put("days_until_expiration", days)
        .put("coverage_amount", w.coverageAmount());
    if (type.equals("WARRANTY_EXPIRED")) {
      data.put("previous_status", "active").put("status", "expired");
    }
    return data;
  }

  /** The outbox's own id format ({@code evt_} + 32 hex digits), chosen here so the mark can name it. */
  static String newEventId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "evt_" + HexFormat.of().formatHex(bytes);
  }
}
