package io.navidocs.webhooks.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;

/**
 * Histogram buckets for the SPEC §7 latency histograms, so Prometheus can compute quantiles with
 * {@code histogram_quantile} over buckets that fit webhook latencies: one attempt takes 10 ms to
 * the 15 s request timeout; event-to-delivery spans retries, up to the retry schedule's hours.
 *
 * <p>Applied as a registry-wide {@link MeterFilter}, so whoever registers these meters gets the
 * buckets without configuring them. Works for a {@code Timer} (bucket values in nanoseconds) and
 * for a {@code DistributionSummary} in seconds.
 */
public final class LatencyBuckets implements MeterFilter {
  /** Micrometer name of {@code navidocs_webhook_delivery_duration_seconds}. */
  public static final String DELIVERY_DURATION = "navidocs.webhook.delivery.duration";
  /** Micrometer name of {@code navidocs_webhook_event_to_delivery_seconds}. */
  public static final String EVENT_TO_DELIVERY = "navidocs.webhook.event.to.delivery";

  /** Attempt durations, seconds: 10 ms to 30 s (beyond the 15 s default request timeout). */
  static final double[] ATTEMPT_SECONDS =
      {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30};
  /** Event creation to success, seconds: the attempt range, then the retry schedule's steps. */
  static final double[] EVENT_TO_DELIVERY_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10, 30, 60, 120, 300, 900, 1800, 3600, 7200, 21600, 43200, 86400};

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    double[] seconds = switch (id.getName()) {
      case DELIVERY_DURATION, DELIVERY_DURATION + ".seconds" -> ATTEMPT_SECONDS;
      case EVENT_TO_DELIVERY, EVENT_TO_DELIVERY + ".seconds" -> EVENT_TO_DELIVERY_SECONDS;
      default -> null;
    };
    if (seconds == null) {
      return config;
    }
    double[] slo = id.getType() == Meter.Type.TIMER
        ? Arrays.stream(seconds).map(s -> Duration.ofMillis(Math.round(s * 1000)).toNanos())
            .toArray()
        : seconds;
    return DistributionStatisticConfig.builder().serviceLevelObjectives(slo).build()
        .merge(config);
  }
}
