package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.delivery.AttemptOutcome.Classification;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AttemptOutcomeTest {

  @Test
  void theLabelsAreTheMetricOutcomesOfTheSpec() {
    assertEquals(List.of("success", "http_error", "timeout", "network_error", "blocked"),
        Arrays.stream(AttemptOutcome.values()).map(AttemptOutcome::label).toList());
  }

  @ParameterizedTest
  @EnumSource(AttemptOutcome.class)
  void everyLabelReadsBackAsItsOutcome(AttemptOutcome outcome) {
    assertEquals(Optional.of(outcome), AttemptOutcome.fromLabel(outcome.label()));
  }

  @Test
  void anUnknownLabelReadsAsNothing() {
    assertEquals(Optional.empty(), AttemptOutcome.fromLabel("HTTP_ERROR"));
    assertEquals(Optional.empty(), AttemptOutcome.fromLabel(null));
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}, retried {2}, disables {3}, Retry-After {4}")
  @CsvSource({
      // 2xx: success, nothing left to do
      "200, SUCCESS,    false, false, false",
      "201, SUCCESS,    false, false, false",
      "202, SUCCESS,    false, false, false",
      "204, SUCCESS,    false, false, false",
      "299, SUCCESS,    false, false, false",
      // 3xx: a failure retried like a 5xx, Location never followed (SPEC §8)
      "300, HTTP_ERROR, true,  false, false",
      "301, HTTP_ERROR, true,  false, false",
      "302, HTTP_ERROR, true,  false, false",
      "304, HTTP_ERROR, true,  false, false",
      "307, HTTP_ERROR, true,  false, false",
      "308, HTTP_ERROR, true,  false, false",
      // the retried 4xx (SPEC §5)
      "408, HTTP_ERROR, true,  false, false",
      "425, HTTP_ERROR, true,  false, false",
      "429, HTTP_ERROR, true,  false, true",
      // other 4xx fail at once; 410 also disables the webhook
      "400, HTTP_ERROR, false, false, false",
      "401, HTTP_ERROR, false, false, false",
      "403, HTTP_ERROR, false, false, false",
      "404, HTTP_ERROR, false, false, false",
      "405, HTTP_ERROR, false, false, false",
      "409, HTTP_ERROR, false, false, false",
      "410, HTTP_ERROR, false, true,  false",
      "413, HTTP_ERROR, false, false, false",
      "422, HTTP_ERROR, false, false, false",
      "499, HTTP_ERROR, false, false, false",
      // 5xx: retried; 503 honours Retry-After
      "500, HTTP_ERROR, true,  false, false",
      "502, HTTP_ERROR, true,  false, false",
      "503, HTTP_ERROR, true,  false, true",
      "504, HTTP_ERROR, true,  false, false",
      "599, HTTP_ERROR, true,  false, false",
      // odd codes: a misbehaving receiver, retried like a 5xx
      "100, HTTP_ERROR, true,  false, false",
      "101, HTTP_ERROR, true,  false, false",
      "199, HTTP_ERROR, true,  false, false",
      "600, HTTP_ERROR, true,  false, false",
      "999, HTTP_ERROR, true,  false, false",
      "0,   HTTP_ERROR, true,  false, false",
      "-1,  HTTP_ERROR, true,  false, false",
  })
  void classifiesAResponseStatusPerTheSpec(int status, AttemptOutcome outcome,
      boolean retryable, boolean disablesWebhook, boolean honoursRetryAfter) {
    assertEquals(new Classification(outcome, retryable, disablesWebhook, honoursRetryAfter),
        AttemptOutcome.classify(status));
  }

  @Test
  void everyStatusFromZeroToNineHundredNinetyNineIsEitherASuccessOrAFailure() {
    for (int status = 0; status < 1000; status++) {
      Classification c = AttemptOutcome.classify(status);
      assertTrue(c.isSuccess() != c.isFailure(), "status " + status);
      assertEquals(status >= 200 && status < 300, c.isSuccess(), "status " + status);
      assertFalse(c.isSuccess() && c.retryable(), "a success is never retried: " + status);
    }
  }

  @Test
  void onlyA410DisablesTheWebhook() {
    for (int status = 0; status < 1000; status++) {
      assertEquals(status == 410, AttemptOutcome.classify(status).disablesWebhook(),
          "status " + status);
    }
  }

  @Test
  void timeoutsAndNetworkErrorsAreRetried() {
    assertEquals(new Classification(AttemptOutcome.TIMEOUT, true, false, false),
        AttemptOutcome.timedOut());
    assertEquals(new Classification(AttemptOutcome.NETWORK_ERROR, true, false, false),
        AttemptOutcome.networkError());
  }

  @Test
  void anAttemptTheSsrfGuardBlockedFailsAtOnce() {
    Classification blocked = AttemptOutcome.blocked();

    assertEquals(AttemptOutcome.BLOCKED, blocked.outcome());
    assertFalse(blocked.retryable());
    assertFalse(blocked.disablesWebhook());
    assertTrue(blocked.isFailure());
  }
}
