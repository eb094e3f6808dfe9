package io.navidocs.webhooks.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * What the service's registry accepts and how it shapes histograms; applied once, before any meter
 * is registered (filters only see meters registered after them).
 *
 * <ul>
 *   <li>{@link LatencyBuckets} for the two SPEC §7 histograms.</li>
 *   <li>Bounded labels (SPEC §7: never a webhook id, URL or organization): Vert.x names each HTTP
 *       client connection pool after its server, {@code pool_name="host:port"}, so the webhook
 *       client's pool meters carry every receiver's address, one series per endpoint. They are
 *       denied; the client-wide {@code vertx_http_client_*} meters, which have no such label,
 *       stay.</li>
 * </ul>
 */
public final class MeterPolicy {
  private MeterPolicy() {}

  /** Denies per-endpoint HTTP client pool meters. */
  static final MeterFilter NO_PER_ENDPOINT_POOLS = new MeterFilter() {
    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return id.getName().startsWith("vertx.pool.") && "http".equals(id.getTag("pool_type"))
          ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }
  };

  /** Configures {@code registry}; call before binding or registering any meter. */
  public static void apply(MeterRegistry registry) {
    registry.config().meterFilter(NO_PER_ENDPOINT_POOLS).meterFilter(new LatencyBuckets());
  }
}
