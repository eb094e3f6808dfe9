package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.retry.RetryPolicy;
import io.navidocs.webhooks.signing.WebhookSecret;
import java.util.List;

/**
 * A delivery this worker holds the lease of, with what one attempt needs: the event as stored
 * and the webhook's URL, secrets and policy as they are now (SPEC §8: each attempt uses the
 * webhook as it is at that attempt).
 *
 * @param attemptsMade attempts already made before this one
 * @param eventCreatedAt Unix ms when the outbox row was written (the body's timestamp)
 * @param probe whether this attempt is the single probe of an endpoint in backoff
 */
public record ClaimedDelivery(
    String id,
    String webhookId,
    String organizationId,
    String eventType,
    String eventId,
    String payload,
    long eventCreatedAt,
    int attemptsMade,
    String url,
    List<WebhookSecret> secrets,
    RetryPolicy retryPolicy,
    boolean probe) {

  @Override
  public String toString() {
    // Secrets and the URL (which may carry a token, e.g. Home Assistant's webhook id) stay out.
    return "ClaimedDelivery[" + id + ", webhook " + webhookId + ", " + eventType + "]";
  }
}
