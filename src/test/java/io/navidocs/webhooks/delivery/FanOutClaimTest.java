package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.event.FanOutClaim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims (SQLite): due rows taken oldest first under a lease; new deliveries claimed as the
 * fan-out inserts them, with the same limits and order a claim keeps, and nothing sent twice
 * when a row for the event already existed.
 */
@Timeout(60)
class FanOutClaimTest {
  static final Duration BOUND = Duration.ofSeconds(10);
  static final FanOutClaim.Event EVENT = new FanOutClaim.Event("evt_1", "org-1",
      "DOCUMENT_UPLOADED", "{\"document_id\":\"d-1\"}", 1_700_000_000_000L);

  @TempDir Path dir;
  EngineFixture f;
  DeliveryStore store;

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dir);
    store = f.store("fan-out-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  /** Slots with {@code inFlight} attempts already in flight per webhook. */
  private static Slots slots(Map<String, Integer> inFlight, int perEndpoint, int global) {
    Slots slots = new Slots(global, perEndpoint);
    inFlight.forEach((webhook, n) -> {
      for (int i = 0; i < n; i++) {
        slots.hold(webhook);
      }
    });
    return slots;
  }

  private static DeliveryClaims.AtFanOut atFanOut(Slots slots, DeliveryClaims.Taken taken) {
    return new DeliveryClaims.AtFanOut(
        new DeliveryClaims.Request(1_000_000L, "me", 1_060_000L, slots), taken);
  }

  /** Asks {@code claim} about one new delivery to each webhook in turn; the leases given. */
  private List<FanOutClaim.Lease> take(DeliveryClaims.AtFanOut claim, String... webhooks)
      throws Exception {
    return store.transaction(s -> {
      List<FanOutClaim.Lease> out = new ArrayList<>();
      int n = 0;
      for (String w : webhooks) {
        out.add(claim.take(s, w, "dlv_" + w + "_" + n++, EVENT));
      }
      return out;
    }).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aClaimTakesTheOldestDueRowsItsSlotsAllowUnderItsLeaseAndSendsThemOldestFirst()
      throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    // Ids in the reverse order of their due times, so neither id nor insertion order is the
    // due order; one more row is not due yet (the claim's time is 1,000,000). Event n is row n.
    String[][] rows = {{"dlv_a", "999500"}, {"dlv_b", "999400"}, {"dlv_c", "999300"},
        {"dlv_d", "999200"}, {"dlv_e", "999100"}, {"dlv_later", "2000000"}};
    for (int n = 1; n <= rows.length; n++) {
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":" + n + "}");
      f.exec("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
          + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at) "
          + "VALUES (?, ?, 'wh-1', 'org-1', 'DOCUMENT_UPLOADED', 'pending', 2, ?, 0, 0)",
          rows[n - 1][0], n, Long.parseLong(rows[n - 1][1]));
    }
    Slots slots = slots(Map.of("wh-1", 1), 4, 100);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();

    store.transaction(s -> {
      DeliveryClaims.claim(s, new DeliveryClaims.Request(1_000_000L, "me", 1_060_000L, slots),
          taken);
      return null;
    }).await(10, TimeUnit.SECONDS);

    assertEquals(List.of("dlv_e", "dlv_d", "dlv_c"), taken.deliveries.stream()
        .map(ClaimedDelivery::id).toList(), "4 slots, 1 in flight: the 3 oldest due, in order");
    ClaimedDelivery d = taken.deliveries.get(0);
    assertEquals(2, d.attemptsMade());
    assertEquals("{\"n\":5}", d.payload());
    assertEquals("org-1", d.organizationId());
    assertEquals("DOCUMENT_UPLOADED", d.eventType());
    assertEquals(f.value("SELECT event_id FROM domain_events WHERE id = 5"), d.eventId());
    assertEquals(4, slots.busy("wh-1"));
    assertEquals("delivering me 1060000", f.value("SELECT GROUP_CONCAT(DISTINCT status || ' ' "
        + "|| lease_owner || ' ' || lease_expires_at) FROM webhook_deliveries "
        + "WHERE id IN ('dlv_c', 'dlv_d', 'dlv_e')"));
    assertEquals("dlv_a,dlv_b,dlv_later", f.value("SELECT GROUP_CONCAT(id) FROM (SELECT id "
        + "FROM webhook_deliveries WHERE status = 'pending' AND lease_owner IS NULL ORDER BY id)"));
  }

  @Test
  void newDeliveriesAreClaimedUpToTheEndpointsFreeSlotsWithTheClaimsLease() throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    Slots slots = slots(Map.of("wh-1", 1), 3, 100);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    DeliveryClaims.AtFanOut claim = atFanOut(slots, taken);

    List<FanOutClaim.Lease> leases = take(claim, "wh-1", "wh-1", "wh-1");

    assertEquals(new FanOutClaim.Lease("me", 1_060_000L), leases.get(0));
    assertNotNull(leases.get(1));
    assertNull(leases.get(2), "one was already in flight: 3 - 1 = 2 slots");
    assertEquals(2, taken.deliveries.size());
    ClaimedDelivery d = taken.deliveries.get(0);
    assertEquals("wh-1", d.webhookId());
    assertEquals("http://127.0.0.1:9/a", d.url());
    assertEquals(EVENT.eventId(), d.eventId());
    assertEquals(EVENT.payload(), d.payload());
    assertEquals(EVENT.createdAt(), d.eventCreatedAt());
    assertEquals(0, d.attemptsMade());
    assertEquals(1, d.secrets().size());
    // Taken at once: the claim that follows in the transaction sees them.
    assertEquals(3, slots.busy("wh-1"));
    assertEquals(97, slots.globalFree());
  }

  @Test
  void theGlobalLimitHoldsAcrossEndpoints() throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    f.webhook("wh-2", "org-1", "http://127.0.0.1:9/b", "[\"*\"]");
    Slots slots = slots(Map.of(), 32, 1);
    DeliveryClaims.AtFanOut claim = atFanOut(slots, new DeliveryClaims.Taken());

    List<FanOutClaim.Lease> leases = take(claim, "wh-1", "wh-2");

    assertNotNull(leases.get(0));
    assertNull(leases.get(1));
    assertEquals(0, slots.globalFree());
  }

  @Test
  void anEventHasRoomWhenTheFreeGlobalSlotsCoverItsDeliveriesOrHalfTheLimit() {
    Slots slots = slots(Map.of("wh-1", 6), 32, 10); // 4 of 10 free
    DeliveryClaims.AtFanOut claim = atFanOut(slots, new DeliveryClaims.Taken());

    assertTrue(claim.room(4));
    assertFalse(claim.room(5), "5 deliveries, 4 free slots: the event waits in the outbox");
    assertTrue(claim.room(0), "an event that makes no delivery never waits");
    slots.give("wh-1");
    assertTrue(claim.room(50),
        "more than the whole limit: half of it free (5 of 10) is room enough");
    slots.hold("wh-1");
    slots.hold("wh-1");
    assertFalse(claim.room(50), "3 of 10 free is less than half");
  }

  @Test
  void olderDueWorkBackoffAndWebhooksNotActiveGetNothingAtTheFanOut() throws Exception {
    f.webhook("ready", "org-1", "http://127.0.0.1:9/r", "[\"*\"]");
    f.webhook("queued", "org-1", "http://127.0.0.1:9/q", "[\"*\"]");
    f.webhook("backoff", "org-1", "http://127.0.0.1:9/b", "[\"*\"]");
    f.webhook("failed", "org-1", "http://127.0.0.1:9/f", "[\"*\"]", "failed", "exponential");
    f.webhook("paused", "org-1", "http://127.0.0.1:9/p", "[\"*\"]", "inactive", "exponential");
    f.exec("UPDATE webhooks SET consecutive_failures = 2 WHERE id = 'backoff'");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    // "queued" has a delivery due before the new one: it goes first, through the claim.
    f.exec("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
        + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES "
        + "('dlv_old', 1, 'queued', 'org-1', 'DOCUMENT_UPLOADED', 'pending', 1, 999000, 0, 0)");
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    DeliveryClaims.AtFanOut claim = atFanOut(slots(Map.of(), 32, 100), taken);

    List<FanOutClaim.Lease> leases = take(claim, "ready", "queued", "backoff", "failed",
        "paused", "deleted");

    assertNotNull(leases.get(0));
    for (int i = 1; i < leases.size(); i++) {
      assertNull(leases.get(i), "webhook #" + i);
    }
    assertEquals(List.of("ready"), taken.deliveries.stream().map(ClaimedDelivery::webhookId)
        .toList());
  }

  @Test
  void aRetryNotYetDueDoesNotHoldNewDeliveriesBack() throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    f.exec("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
        + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES "
        + "('dlv_later', 1, 'wh-1', 'org-1', 'DOCUMENT_UPLOADED', 'pending', 1, 5000000, 0, 0)");
    DeliveryClaims.AtFanOut claim = atFanOut(slots(Map.of(), 32, 100),
        new DeliveryClaims.Taken());

    assertNotNull(take(claim, "wh-1").get(0));
  }

  @Test
  void onceADeliveryOfTheBatchWaitsTheLaterOnesToTheSameEndpointWaitToo() throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    f.webhook("wh-2", "org-1", "http://127.0.0.1:9/b", "[\"*\"]");
    Slots slots = slots(Map.of("wh-1", 1), 2, 100);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    DeliveryClaims.AtFanOut claim = atFanOut(slots, taken);

    assertNotNull(take(claim, "wh-1").get(0));
    assertNull(take(claim, "wh-1").get(0), "the endpoint's 2 slots are taken");
    // An attempt to wh-1 finishes while the batch is being inserted: its slot is free, but the
    // delivery that waited is older than the next one, so the claim takes them in order.
    slots.give("wh-1");
    assertNull(take(claim, "wh-1").get(0));
    assertNotNull(take(claim, "wh-2").get(0), "other endpoints are not held back");
    assertEquals(2, taken.deliveries.size());
  }

  @Test
  void aDeliveryNotInsertedGivesItsSlotBack() throws Exception {
    f.webhook("wh-1", "org-1", "http://127.0.0.1:9/a", "[\"*\"]");
    Slots slots = slots(Map.of(), 32, 100);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    DeliveryClaims.AtFanOut claim = atFanOut(slots, taken);
    take(claim, "wh-1", "wh-1");

    claim.notInserted(taken.deliveries.get(0).id());

    assertEquals(1, taken.deliveries.size());
    assertEquals(1, slots.busy("wh-1"));
    assertEquals(99, slots.globalFree());
  }

  @Test
  void aRowThatExistedForTheEventAndWebhookIsNotSentAgainByTheFanOut() throws Exception {
    try (Receiver receiver = new Receiver(f.vertx)) {
      f.webhook("wh-1", "org-1", receiver.url("/hook"), "[\"*\"]");
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"document_id\":\"d-1\"}");
      // The delivery of (event 1, wh-1) exists and is done before the fan-out reaches the
      // still-pending event (a recovery over a range that included it): the fan-out's insert
      // does nothing, and what it had claimed must not be sent.
      f.exec("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
          + "event_type, status, attempt_count, next_attempt_at, created_at, updated_at, "
          + "completed_at) VALUES ('dlv_done', 1, 'wh-1', 'org-1', 'DOCUMENT_UPLOADED', "
          + "'succeeded', 1, ?1, ?1, ?1, ?1)", f.clock.millis());
      f.start("w1");
      await("event 1 processed", BOUND, quietly(() ->
          "accepted".equals(f.value("SELECT status FROM domain_events WHERE id = 1"))));
      f.event("org-1", "DOCUMENT_UPLOADED", "{\"document_id\":\"d-2\"}");

      await("event 2's delivery recorded", BOUND, quietly(() -> f.count(
          "SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = 2 AND status = 'succeeded'")
          == 1));
      assertEquals(1, receiver.count("/hook"), "only event 2 was sent");
      assertEquals("d-2", new io.vertx.core.json.JsonObject(receiver.at("/hook").get(0).body())
          .getJsonObject("data").getString("document_id"));
      assertEquals(1, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = 1"));
      assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status "
          + "IN ('pending', 'delivering')"));
    }
  }
}
