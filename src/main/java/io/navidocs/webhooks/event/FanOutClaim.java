package io.navidocs.webhooks.event;

import io.navidocs.webhooks.delivery.DeliveryStore;
import java.sql.SQLException;

/**
 * Lets the fan-out insert a new delivery already claimed by this worker, leased as a claim would
 * lease it, instead of inserting it {@code pending} and claiming it with an update a moment
 * later in the same transaction: one row write and two index changes fewer per delivery.
 * Called inside the outbox batch's transaction, before any of the batch's rows are inserted.
 */
public interface FanOutClaim {
  /** The event a delivery is made for, as the outbox row holds it. */
  record Event(String eventId, String organizationId, String eventType, String payload,
      long createdAt) {}

  /** The lease a claimed delivery is inserted with. */
  record Lease(String owner, long expiresAt) {}

  /**
   * The lease for the new delivery {@code deliveryId} of {@code event} to {@code webhookId}, or
   * null when it is to be inserted {@code pending} (no free slot, an endpoint in backoff, older
   * due work waiting for the same endpoint).
   */
  Lease take(DeliveryStore store, String webhookId, String deliveryId, Event event)
      throws SQLException;

  /**
   * Whether an event that makes {@code deliveries} new deliveries may be fanned out now. When
   * not, the batch stops before it: it and the events after it stay in the outbox for a later
   * batch (see {@code OutboxBatch}), so under load new work waits there, already written, rather
   * than as deliveries inserted {@code pending} that must be claimed with a second write.
   */
  boolean room(int deliveries);

  /** A delivery {@link #take} leased was not inserted (its row existed already): not claimed. */
  void notInserted(String deliveryId);
}
