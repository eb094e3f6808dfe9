package io.navidocs.webhooks.api;

import io.navidocs.webhooks.delivery.AttemptResult;
import io.navidocs.webhooks.delivery.WebhookSender;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.Future;

/**
 * The test endpoint on the delivery engine's own {@link WebhookSender}, so a test delivery is
 * exactly what a real one would be: the same headers and signatures, timeouts, 4 KiB cap, no
 * redirects and the SSRF guard on the resolved address.
 */
final class EngineTestDelivery implements TestDelivery {
  private final WebhookSender sender;

  EngineTestDelivery(WebhookSender sender) {
    this.sender = sender;
  }

  @Override
  public Future<Result> send(Request request) {
    return sender.sendTest(new WebhookSender.TestTarget(request.webhookId(),
            request.organizationId(), request.url(),
            request.secretsNewestFirst().stream().map(WebhookSecret::of).toList()))
        .map(EngineTestDelivery::result);
  }

  private static Result result(AttemptResult a) {
    return new Result(a.succeeded(), a.httpStatus() == 0 ? null : a.httpStatus(), a.durationMs(),
        a.succeeded() ? null : a.error());
  }

  @Override
  public Future<Void> close() {
    return sender.close();
  }
}
