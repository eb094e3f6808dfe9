package io.navidocs.webhooks.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  @ParameterizedTest
  @CsvSource({"exponential, EXPONENTIAL", "linear, LINEAR", "none, NONE"})
  void parsesTheSeedsLowerCaseNamesAndWritesThemBack(String wire, RetryPolicy policy) {
    assertEquals(Optional.of(policy), RetryPolicy.parse(wire));
    assertEquals(wire, policy.wireName());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"EXPONENTIAL", "Linear", " none", "fibonacci", "exponential "})
  void refusesAnySpellingTheSeedsCheckConstraintWouldRefuse(String wire) {
    assertEquals(Optional.empty(), RetryPolicy.parse(wire));
  }

  @Test
  void theDefaultIsTheSeedsColumnDefault() {
    assertEquals(RetryPolicy.EXPONENTIAL, RetryPolicy.DEFAULT);
  }
}
