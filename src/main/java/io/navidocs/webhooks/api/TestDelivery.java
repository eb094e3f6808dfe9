package io.navidocs.webhooks.api;

import io.vertx.core.Future;
import java.util.List;

/**
 * Sends the one synchronous {@code WEBHOOK_TEST} delivery of {@code POST
 * /api/webhooks/{id}/test}. The service binds it to the delivery engine's sender
 * ({@link EngineTestDelivery}): same headers, signing, timeouts, redirect and SSRF rules as real
 * deliveries.
 */
public interface TestDelivery {

  /**
   * One test request.
   *
   * @param secretsNewestFirst the current secret, then those still in a rotation grace period
   */
  record Request(String webhookId, String organizationId, String url,
      List<String> secretsNewestFirst) {
    public Request {
      secretsNewestFirst = List.copyOf(secretsNewestFirst);
    }

    @Override
    public String toString() {
      return "TestDelivery.Request[webhookId=" + webhookId + ", secrets=***]";
    }
  }

  /**
   * What happened.
   *
   * @param httpStatus the receiver's status, or null when none came back
   * @param errorMessage why it failed (never a secret), or null on a 2xx
   */
  record Result(boolean succeeded, Integer httpStatus, long responseTimeMs, String errorMessage) {}

  /** Sends it; the future fails only on a programming error, never on a receiver's failure. */
  Future<Result> send(Request request);

  /** Releases connections. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
