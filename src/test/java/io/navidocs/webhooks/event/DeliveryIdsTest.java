package io.navidocs.webhooks.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryIdsTest {
  private static final long NOW = 1_795_000_000_123L; // 2026-11-18, Unix ms

  @Test
  void aDeliveryIdIsDlvFollowedBy32LowercaseHexDigitsAsBefore() {
    String id = DeliveryIds.next(NOW);
    assertTrue(id.matches("dlv_[0-9a-f]{32}"), id);
  }

  @Test
  void aDeliveryCreatedInALaterMillisecondSortsAfterAnEarlierOne() {
    String earlier = DeliveryIds.next(NOW);
    String later = DeliveryIds.next(NOW + 1);
    assertTrue(later.compareTo(earlier) > 0, earlier + " then " + later);
  }

  @Test
  void idsCreatedInOneMillisecondByOneProcessFollowEachOther() {
    String previous = DeliveryIds.next(NOW);
    for (int i = 0; i < 10_000; i++) {
      String next = DeliveryIds.next(NOW);
      // The counter wraps after 65,536 ids; only the wrap itself may go backwards.
      if (!next.substring(16, 20).equals("0000")) {
        assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
      }
      previous = next;
    }
  }

  @Test
  void aHundredThousandIdsInOneMillisecondAreAllDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      seen.add(DeliveryIds.next(NOW));
    }
    assertEquals(100_000, seen.size());
  }

  @Test
  void theTimeIsTheIdsPrefixSoTheDatabaseAppendsNewRowsAtTheEnd() {
    String id = DeliveryIds.next(NOW);
    assertEquals(NOW, Long.parseLong(id.substring(4, 16), 16));
  }
}
