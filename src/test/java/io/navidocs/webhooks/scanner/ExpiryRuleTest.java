package io.navidocs.webhooks.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpiryRuleTest {
  static final LocalDate EXPIRES = LocalDate.parse("2026-06-30");

  private static Optional<ExpiryRule.Decision> on(String today, Integer... marked) {
    return ExpiryRule.decide(LocalDate.parse(today), EXPIRES, Set.of(marked));
  }

  @Test
  void nothingHappensMoreThan90DaysOut() {
    assertEquals(Optional.empty(), on("2026-03-31"));
  }

  @Test
  void theSmallestCrossedThresholdIsAlertedAndLargerOnesCountAsDone() {
    assertEquals(Optional.of(new ExpiryRule.Alert(90, 90, List.of())), on("2026-04-01"));
    assertEquals(Optional.of(new ExpiryRule.Alert(30, 29, List.of(90))), on("2026-06-01"));
    assertEquals(Optional.of(new ExpiryRule.Alert(14, 5, List.of(90, 30))), on("2026-06-25"));
    assertEquals(Optional.of(new ExpiryRule.Alert(14, 14, List.of())), on("2026-06-16", 90, 30));
  }

  @Test
  void aThresholdAlreadyMarkedIsNotAlertedAgain() {
    assertEquals(Optional.empty(), on("2026-06-01", 90, 30));
    assertEquals(Optional.empty(), on("2026-06-20", 14));
  }

  @Test
  void theDayAfterTheExpirationDateExpiresTheWarrantyOnce() {
    assertEquals(Optional.empty(), on("2026-06-30", 90, 30, 14));
    assertEquals(Optional.of(new ExpiryRule.Expire(-1)), on("2026-07-01", 90, 30, 14));
    assertEquals(Optional.empty(), on("2026-07-02", 0));
  }

  @Test
  void theThresholdOfAnAlertFollowsFromItsDaysLeft() {
    assertEquals(Optional.of(30), ExpiryRule.thresholdFor(29));
    assertEquals(Optional.of(90), ExpiryRule.thresholdFor(90));
    assertEquals(Optional.of(14), ExpiryRule.thresholdFor(0));
    assertEquals(Optional.empty(), ExpiryRule.thresholdFor(91));
  }
}
