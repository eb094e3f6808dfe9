package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.ServiceContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * The delivery engine as a part of the service (SPEC §3–§5): deploys the {@link
 * DeliveryVerticle} unless {@code ENABLE_WEBHOOKS=false}, in which case nothing is polled or
 * delivered and events accumulate in the outbox until it is enabled again.
 */
public final class DeliveryWorker implements Component {
  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());

  /** Longest wait for in-flight attempts on stop before their leases are released. */
  public static final Duration DEFAULT_STOP_DRAIN = Duration.ofSeconds(25);

  private final DoubleSupplier jitter;
  private final Duration stopDrain;
  private ServiceContext ctx;
  private String deploymentId;

  /** The production worker: jitter drawn at random. */
  public DeliveryWorker() {
    this(() -> ThreadLocalRandom.current().nextDouble(), DEFAULT_STOP_DRAIN);
  }

  /**
   * A worker with a given jitter source (tests use 0.5: no jitter) and stop bound (the wait is
   * also never longer than the request timeout plus 2 s).
   */
  public DeliveryWorker(DoubleSupplier jitter, Duration stopDrain) {
    this.jitter = jitter;
    this.stopDrain = stopDrain;
  }

  @Override
  public Future<Void> start(ServiceContext context) {
    this.ctx = context;
    DeliveryMetrics metrics = new DeliveryMetrics(context.registry());
    if (!context.settings().worker().enabled()) {
      LOG.info("webhook delivery is disabled (ENABLE_WEBHOOKS=false): events accumulate in the "
          + "outbox and are delivered once it is enabled");
      return Future.succeededFuture();
    }
    return context.vertx().deployVerticle(new DeliveryVerticle(context, jitter, metrics, stopDrain))
        .onSuccess(id -> deploymentId = id)
        .mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    if (deploymentId == null) {
      return Future.succeededFuture();
    }
    String id = deploymentId;
    deploymentId = null;
    return ctx.vertx().undeploy(id);
  }
}
