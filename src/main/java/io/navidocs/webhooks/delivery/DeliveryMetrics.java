package io.navidocs.webhooks.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery metrics of SPEC §7. Labels stay bounded: event types and outcomes only, never a
 * webhook id, URL or organization. Micrometer names map to the Prometheus names of the SPEC
 * ({@code navidocs.webhook.delivery.attempts} → {@code navidocs_webhook_delivery_attempts_total}).
 */
final class DeliveryMetrics {
  /** Histogram buckets of both latency timers: 10 ms … 30 s. */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30)};
  static final String[] WEBHOOK_STATUSES = {"active", "inactive", "failed"};

  private final MeterRegistry registry;
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
  private final Timer duration;
  private final Timer eventToDelivery;
  final AtomicLong pending = new AtomicLong();
  final AtomicLong oldestPendingSeconds = new AtomicLong();
  final AtomicLong outboxPending = new AtomicLong();
  final Map<String, AtomicLong> endpoints = new ConcurrentHashMap<>();

  DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration = Timer.builder("navidocs.webhook.delivery.duration")
        .description("Duration of delivery attempts")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    this.eventToDelivery = Timer.builder("navidocs.webhook.event.to.delivery")
        .description("Time from an event's creation to its successful delivery")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    Gauge.builder("navidocs.webhook.deliveries.pending", pending, AtomicLong::get)
        .description("Deliveries waiting for an attempt or in flight (held ones included)")
        .register(registry);
    Gauge.builder("navidocs.webhook.oldest.pending", oldestPendingSeconds, AtomicLong::get)
        .description("Age of the oldest delivery not yet finished, or of the oldest event still "
            + "waiting in the outbox when that is older")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("navidocs.webhook.outbox.pending", outboxPending, AtomicLong::get)
        .description("Events in the outbox not yet fanned out into deliveries")
        .register(registry);
    for (String status : WEBHOOK_STATUSES) {
      AtomicLong value = new AtomicLong();
      endpoints.put(status, value);
      Gauge.builder("navidocs.webhook.endpoints", value, AtomicLong::get)
          .description("Webhooks by status")
          .tag("status", status)
          .register(registry);
    }
  }

  void attempt(String eventType, AttemptResult r) {
    attempts.computeIfAbsent(eventType + '|' + r.outcome(), k -> Counter
            .builder("navidocs.webhook.delivery.attempts")
            .description("HTTP delivery attempts by event type and outcome")
            .tag("event_type", eventType)
            .tag("outcome", r.outcome())
            .register(registry))
        .increment();
    duration.record(r.durationMs(), TimeUnit.MILLISECONDS);
  }

  /** A delivery reached {@code succeeded}, {@code failed} or {@code cancelled}. */
  void finished(String status) {
    deliveries.computeIfAbsent(status, k -> Counter.builder("navidocs.webhook.deliveries")
            .description("Deliveries finished, by final status")
            .tag("outcome", status)
            .register(registry))
        .increment();
  }

  void delivered(long eventCreatedAtMs, long nowMs) {
    eventToDelivery.record(Math.max(0, nowMs - eventCreatedAtMs), TimeUnit.MILLISECONDS);
  }
}
