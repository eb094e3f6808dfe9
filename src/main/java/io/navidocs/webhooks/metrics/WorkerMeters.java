package io.navidocs.webhooks.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Gauges that let Prometheus see what {@code /api/health} sees, so a stalled worker loop inside a
 * live process raises an alert (a scrape of a running process succeeds; {@code up} alone would
 * not notice):
 * <ul>
 *   <li>{@code navidocs_webhook_worker_stalled}: 1 while the loop is stalled, else 0</li>
 *   <li>{@code navidocs_webhook_worker_paused}: 1 while {@code ENABLE_WEBHOOKS=false}, else 0</li>
 *   <li>{@code navidocs_webhook_worker_heartbeat_age_seconds}: seconds since the last beat
 *       (-1 when no worker registered a heartbeat)</li>
 * </ul>
 */
public final class WorkerMeters {
  public static final String STALLED = "navidocs.webhook.worker.stalled";
  public static final String PAUSED = "navidocs.webhook.worker.paused";
  public static final String HEARTBEAT_AGE = "navidocs.webhook.worker.heartbeat.age";

  private WorkerMeters() {}

  /** Registers the gauges; each scrape evaluates {@code health} afresh. */
  public static void bind(MeterRegistry registry, Supplier<WorkerHealth> health, Clock clock) {
    Gauge.builder(STALLED, () -> health.get().state() == WorkerHealth.State.STALLED ? 1 : 0)
        .description("1 while the delivery worker loop has not beaten for longer than its stall"
            + " threshold")
        .register(registry);
    Gauge.builder(PAUSED, () -> health.get().state() == WorkerHealth.State.PAUSED ? 1 : 0)
        .description("1 while delivery is paused by ENABLE_WEBHOOKS=false")
        .register(registry);
    Gauge.builder(HEARTBEAT_AGE, () -> health.get().secondsSinceBeat(clock.instant()))
        .description("Seconds since the delivery worker loop last beat (-1: no worker)")
        .baseUnit("seconds")
        .register(registry);
  }
}
