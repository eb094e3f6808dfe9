package io.navidocs.webhooks.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This worker's in-flight slots: the global limit and the per-endpoint one.
 *
 * <p>Slots are taken on the store's thread, inside the transaction that claims the deliveries,
 * so each transaction's claim sees what the transactions before it took without waiting for
 * their results to reach the engine's event loop (before, only one claim could be under way at a
 * time, and an outbox batch queued behind a claim inserted its deliveries {@code pending} instead
 * of claimed). They are given back on the event loop as attempts finish, and for claims whose
 * transaction rolled back. Only the store's thread takes and giving back only ever frees a slot,
 * so a limit read just before a take still holds at the take.
 */
final class Slots {
  private final int global;
  private final int perEndpoint;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> busy = new ConcurrentHashMap<>();

  Slots(int global, int perEndpoint) {
    this.global = global;
    this.perEndpoint = perEndpoint;
  }

  /** The in-flight limit per endpoint. */
  int perEndpoint() {
    return perEndpoint;
  }

  /** The global in-flight limit. */
  int global() {
    return global;
  }

  /** Slots free under the global limit. */
  int globalFree() {
    return global - total.get();
  }

  /** Attempts in flight in all. */
  int total() {
    return total.get();
  }

  /** Attempts in flight to one endpoint. */
  int busy(String webhookId) {
    return busy.getOrDefault(webhookId, 0);
  }

  /**
   * Takes a slot for one attempt to {@code webhookId} when both limits allow (store thread only).
   *
   * @param endpointLimit the endpoint's limit for this take: {@link #perEndpoint()}, or less
   *     where the database counts other instances' attempts too (PostgreSQL)
   */
  boolean take(String webhookId, int endpointLimit) {
    if (total.get() >= global || busy(webhookId) >= endpointLimit) {
      return false;
    }
    hold(webhookId);
    return true;
  }

  /**
   * Takes a slot the caller counted free on this same thread a moment ago (a claim that asked for
   * at most the free slots, store thread only).
   */
  void hold(String webhookId) {
    busy.merge(webhookId, 1, Integer::sum);
    total.incrementAndGet();
  }

  /** Gives back the slot of one attempt to {@code webhookId} (it finished, or was not claimed). */
  void give(String webhookId) {
    busy.computeIfPresent(webhookId, (k, n) -> n > 1 ? n - 1 : null);
    total.decrementAndGet();
  }
}
