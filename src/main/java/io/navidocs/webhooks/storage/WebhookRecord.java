package io.navidocs.webhooks.storage;

import java.util.List;

/**
 * One row of the seed's {@code webhooks} table. Times are Unix seconds, as the seed stores them.
 * {@link #toString()} never shows the secret.
 *
 * @param topics the decoded JSON array of the {@code topics} column
 * @param lastDeliveryAt Unix seconds of the last successful delivery, or null
 * @param lastDeliveryStatus HTTP status of the last attempt (0 when none came back), or null
 */
public record WebhookRecord(
    String id,
    String organizationId,
    String url,
    String secret,
    List<String> topics,
    String status,
    String description,
    String retryPolicy,
    Long lastDeliveryAt,
    Integer lastDeliveryStatus,
    int consecutiveFailures,
    long createdAt,
    long updatedAt) {

  public WebhookRecord {
    topics = List.copyOf(topics);
  }

  /** The same webhook with another secret. */
  public WebhookRecord withSecret(String newSecret) {
    return new WebhookRecord(id, organizationId, url, newSecret, topics, status, description,
        retryPolicy, lastDeliveryAt, lastDeliveryStatus, consecutiveFailures, createdAt,
        updatedAt);
  }

  @Override
  public String toString() {
    return "WebhookRecord[id=" + id + ", organizationId=" + organizationId + ", status=" + status
        + ", secret=***]";
  }
}
