package io.navidocs.webhooks.scanner;

import io.navidocs.webhooks.metrics.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.trigger.EventsDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner against a real SQLite file, with the clock moved across thresholds. */
class WarrantyScannerTest {
  @TempDir Path dir;
  EventsDatabase db;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  @BeforeEach
  void setUp() throws Exception {
    db = EventsDatabase.create(dir);
    db.organization("org-1");
    db.boat("boat-1", "org-1", "Sea Breeze");
    db.warranty("wt-1", "boat-1", "Engine", "2026-06-30");
  }

  /** A fresh scanner each time: every scan is also a restart. */
  private WarrantyScanner.Result scanOn(String isoDate) throws Exception {
    clock.day(isoDate);
    try (Connection c = db.open()) {
      return new WarrantyScanner(clock).scan(c);
    }
  }

  private record Event(String type, String source, String organizationId, JsonObject data) {}

  private List<Event> events() throws Exception {
    return db.rows("SELECT event_type, source, organization_id, payload FROM domain_events"
            + " ORDER BY id").stream()
        .map(r -> new Event((String) r.get(0), (String) r.get(1), (String) r.get(2),
            new JsonObject((String) r.get(3))))
        .toList();
  }

  private List<Long> daysLeftOfExpiringEvents() throws Exception {
    return events().stream().filter(e -> e.type().equals("WARRANTY_EXPIRING"))
        .map(e -> e.data().getLong("days_until_expiration")).toList();
  }

  @Test
  void eachThresholdIsAlertedOnceAsTheDaysPassAndThenTheWarrantyExpires() throws Exception {
    scanOn("2026-03-01");
    assertEquals(List.of(), events(), "121 days left: nothing yet");
    scanOn("2026-04-01");
    scanOn("2026-04-01");
    scanOn("2026-04-02");
    assertEquals(List.of(90L), daysLeftOfExpiringEvents());
    scanOn("2026-05-31");
    scanOn("2026-06-01");
    assertEquals(List.of(90L, 30L), daysLeftOfExpiringEvents());
    scanOn("2026-06-16");
    scanOn("2026-06-30");
    assertEquals(List.of(90L, 30L, 14L), daysLeftOfExpiringEvents());
    assertEquals("active", db.value("SELECT status FROM warranty_tracking WHERE id = 'wt-1'"),
        "the expiration date is still a covered day");

    WarrantyScanner.Result r = scanOn("2026-07-01");
    assertEquals(1, r.expired());
    scanOn("2026-07-02");
    assertEquals("expired", db.value("SELECT status FROM warranty_tracking WHERE id = 'wt-1'"));
    List<Event> events = events();
    assertEquals(List.of("WARRANTY_EXPIRING", "WARRANTY_EXPIRING", "WARRANTY_EXPIRING",
        "WARRANTY_EXPIRED"), events.stream().map(Event::type).toList(),
        "no WARRANTY_STATUS_CHANGED duplicate for the scanner's own change");
    Event expired = events.get(3);
    assertEquals("scanner", expired.source());
    assertEquals(-1L, expired.data().getLong("days_until_expiration"));
    assertEquals("active", expired.data().getString("previous_status"));
    assertEquals("expired", expired.data().getString("status"));
  }

  @Test
  void theEventCarriesExactlyTheSpecifiedDataAndTheBoatsOrganization() throws Exception {
    scanOn("2026-04-01");
    Event e = events().get(0);
    assertEquals("scanner", e.source());
    assertEquals("org-1", e.organizationId());
    assertEquals(Set.of("warranty_id", "boat_id", "boat_name", "item_name", "provider",
        "expiration_date", "days_until_expiration", "coverage_amount"), e.data().fieldNames());
    assertEquals("wt-1", e.data().getString("warranty_id"));
    assertEquals("boat-1", e.data().getString("boat_id"));
    assertEquals("Sea Breeze", e.data().getString("boat_name"));
    assertEquals("Engine", e.data().getString("item_name"));
    assertEquals("Caterpillar", e.data().getString("provider"));
    assertEquals("2026-06-30", e.data().getString("expiration_date"));
    assertEquals(50000.0, e.data().getDouble("coverage_amount"));
    assertEquals("boat-1", db.value("SELECT boat_id FROM domain_events"));
  }

  @Test
  void aWarrantyFirstSeen29DaysBeforeGetsOneAlertFor30AndLaterOneFor14() throws Exception {
    scanOn("2026-06-01");
    assertEquals(List.of(29L), daysLeftOfExpiringEvents());
    assertEquals("[[30, 1], [90, 0]]", db.rows(
        "SELECT threshold, event_id IS NOT NULL FROM warranty_alerts ORDER BY threshold")
            .toString(),
        "90 counts as done without an event of its own");
    scanOn("2026-06-02");
    scanOn("2026-06-16");
    assertEquals(List.of(29L, 14L), daysLeftOfExpiringEvents());
  }

  @Test
  void aSkippedWeekNeitherRepeatsNorSkipsAnAlert() throws Exception {
    scanOn("2026-04-03");
    assertEquals(List.of(88L), daysLeftOfExpiringEvents());
    // The service was down from May 27 to June 3: the 30-day threshold (May 31) passed unseen.
    scanOn("2026-05-26");
    scanOn("2026-06-03");
    assertEquals(List.of(88L, 27L), daysLeftOfExpiringEvents());
    // Down again across both the 14-day threshold and the date itself.
    scanOn("2026-07-08");
    assertEquals(List.of("WARRANTY_EXPIRING", "WARRANTY_EXPIRING", "WARRANTY_EXPIRED"),
        events().stream().map(Event::type).toList());
  }

  @Test
  void warrantiesThatAreNotActiveAreLeftAlone() throws Exception {
    db.warranty("wt-2", "boat-1", "Generator", "2026-04-10");
    db.exec("UPDATE warranty_tracking SET status = 'claimed' WHERE id = 'wt-2'");
    db.exec("DELETE FROM domain_events");
    scanOn("2026-05-01");
    assertEquals(List.of("wt-1"), events().stream()
        .map(e -> e.data().getString("warranty_id")).toList());
    assertEquals("claimed", db.value("SELECT status FROM warranty_tracking WHERE id = 'wt-2'"));
  }

  @Test
  void aWarrantyWhoseDateTheAppMovesIsAlertedAgainForTheNewDate() throws Exception {
    scanOn("2026-06-20");
    db.exec("UPDATE warranty_tracking SET expiration_date = '2027-06-30' WHERE id = 'wt-1'");
    scanOn("2026-06-21");
    scanOn("2027-04-01");
    assertEquals(List.of(10L, 90L), daysLeftOfExpiringEvents());
  }

  @Test
  void theLeaseKeepsASecondInstanceOutUntilItExpiresOrIsReleased() throws Exception {
    JobLease a = new JobLease("warranty_scanner", "instance-a", Duration.ofMinutes(30));
    JobLease b = new JobLease("warranty_scanner", "instance-b", Duration.ofMinutes(30));
    Instant t0 = Instant.parse("2026-01-01T03:00:00Z");
    try (Connection c = db.open()) {
      assertTrue(a.acquire(c, t0));
      assertTrue(a.acquire(c, t0.plusSeconds(60)), "the holder renews");
      assertFalse(b.acquire(c, t0.plusSeconds(120)));
      assertTrue(b.acquire(c, t0.plus(Duration.ofMinutes(32))), "expired leases are taken over");
      b.release(c);
      assertTrue(a.acquire(c, t0.plus(Duration.ofMinutes(33))));
    }
  }

  @Test
  void theDailyRunIsDueAtTheNextConfiguredUtcTime() {
    java.time.LocalTime at = java.time.LocalTime.of(3, 0);
    assertEquals(Instant.parse("2026-01-02T03:00:00Z"),
        ScanSchedule.next(Instant.parse("2026-01-01T10:00:00Z"), at));
    assertEquals(Instant.parse("2026-01-01T03:00:00Z"),
        ScanSchedule.next(Instant.parse("2026-01-01T02:59:59Z"), at));
    assertEquals(Instant.parse("2026-01-02T03:00:00Z"),
        ScanSchedule.next(Instant.parse("2026-01-01T03:00:00Z"), at));
  }

  @Test
  void theScannerReadsOnlyDueWarrantiesFromTheSeedsPartialIndex() throws Exception {
    String plan = db.rows("EXPLAIN QUERY PLAN " + WarrantyScanner.CANDIDATES_SQL, "2026-09-01")
        .stream().map(r -> String.valueOf(r.get(3))).toList().toString();
    assertTrue(plan.contains("USING INDEX idx_warranty_expiring_soon (expiration_date<?)"), plan);
  }

  @Test
  void twoScannersRacingOnTheSameDatabaseSendEachAlertOnce() throws Exception {
    for (int i = 0; i < 200; i++) {
      db.warranty("wt-race-" + i, "boat-1", "Part " + i, "2026-06-" + (10 + i % 20));
    }
    clock.day("2026-06-01");
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<WarrantyScanner.Result>> runs = new java.util.ArrayList<>();
      for (int n = 0; n < 2; n++) {
        runs.add(pool.submit(() -> {
          try (Connection c = db.open()) {
            start.await();
            return new WarrantyScanner(clock, 20).scan(c);
          }
        }));
      }
      int written = 0;
      for (var run : runs) {
        written += run.get(60, java.util.concurrent.TimeUnit.SECONDS).expiring();
      }
      assertEquals(201, written, "between them, one alert per warranty");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(201L, ((Number) db.value("SELECT count(*) FROM domain_events"
        + " WHERE event_type = 'WARRANTY_EXPIRING'")).longValue());
    assertEquals(0L, ((Number) db.value("SELECT count(*) FROM (SELECT payload ->> 'warranty_id'"
        + " FROM domain_events GROUP BY 1 HAVING count(*) > 1)")).longValue());
  }
}
