package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.event.OutboxPoller;
import io.navidocs.webhooks.metrics.Heartbeat;
import io.navidocs.webhooks.retry.RetrySchedule;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery engine's loop, on one Vert.x context: outbox → claim → call → record → schedule.
 *
 * <p>Claims are bounded by the free in-flight slots (global and per endpoint), so nothing is
 * claimed that is not sent at once and one slow endpoint only ever fills its own slots.
 * Finished attempts are recorded in batches: while one record transaction runs, the next batch
 * gathers (group commit). Claiming runs inside each record transaction (when no other claim is
 * running), inside each outbox batch's transaction, after each record, and every poll interval
 * (for retries and probes coming due).
 */
final class DeliveryVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(DeliveryVerticle.class.getName());
  /** Between housekeeping runs (retention purge, orphan cancel, gauges), in ms. */
  static final long HOUSEKEEPING_MS = 5_000;
  /** Before a failed record transaction is tried again, in ms. */
  static final long RECORD_RETRY_MS = 1_000;

  private final ServiceContext ctx;
  private final DoubleSupplier jitter;
  private final Settings.Delivery limits;
  private final DeliveryMetrics metrics;

  private DeliveryStore store;
  private WebhookSender sender;
  private OutboxPoller poller;
  private OutcomeWriter writer;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private int total;
  private List<OutcomeWriter.Finished> unrecorded = new ArrayList<>();
  private boolean claiming;
  private boolean claimAgain;
  private boolean recording;
  private boolean stopping;
  private long claimTimer = -1;
  private long housekeepingTimer = -1;

  private final long stopDrainMs;

  DeliveryVerticle(ServiceContext ctx, DoubleSupplier jitter, DeliveryMetrics metrics,
      java.time.Duration stopDrain) {
    this.ctx = ctx;
    this.stopDrainMs = stopDrain.toMillis();
    this.jitter = jitter;
    this.limits = ctx.settings().delivery();
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Settings.Retry retry = ctx.settings().retry();
    writer = new OutcomeWriter(new RetrySchedule(retry.initialDelayMs(),
        retry.linearIntervalMs(), retry.maxDelayMs(), retry.maxAttempts()),
        limits.endpointDisableAfter(), jitter);
    sender = new WebhookSender(vertx, limits, ctx.clock());
    return vertx.executeBlocking(() -> DeliveryStore.open(vertx, ctx.database(),
            "navidocs-delivery-store-" + ctx.instanceId()))
        .onSuccess(s -> {
          store = s;
          poller = new OutboxPoller(vertx, store, ctx.clock(),
              ctx.settings().worker().batchSize(), ctx.settings().worker().pollIntervalMs(),
              ctx.registry(), this::claim);
          // Liveness for /api/health and navidocs_webhook_worker_* (ops): one beat per poll.
          poller.onIteration(Heartbeat.register(vertx, ctx.clock())::beat);
          poller.claimStep(this::joinedClaim);
          poller.start();
          claimTimer = vertx.setPeriodic(ctx.settings().worker().pollIntervalMs(),
              id -> claim());
          housekeepingTimer = vertx.setPeriodic(HOUSEKEEPING_MS, id -> housekeeping());
          claim();
          housekeeping();
        });
  }

  /** Claims what the free slots allow, now or right after the claim in progress. */
  void claim() {
    DeliveryClaims.Request request = beginClaim();
    if (request == null) {
      return;
    }
    store.transaction(s -> DeliveryClaims.claim(s, request))
        .onComplete(ar -> endClaim(request, ar.result(), ar.cause()));
  }

  /**
   * The claim that joins the next outbox batch's transaction, or null while another claim runs
   * (only one claim at a time: each one's free slots come from the same in-flight counts).
   */
  private OutboxPoller.Joined joinedClaim() {
    DeliveryClaims.Request request = beginClaim();
    if (request == null) {
      return null;
    }
    // SQLite: this worker's counts are the whole truth, so the fan-out may claim new rows as it
    // inserts them (PostgreSQL counts in-flight rows under per-endpoint locks: claim only).
    DeliveryClaims.AtFanOut atFanOut = store.sql().sharedLimits ? null
        : new DeliveryClaims.AtFanOut(request);
    return new OutboxPoller.Joined() {
      @Override
      public io.navidocs.webhooks.event.FanOutClaim fanOutClaim() {
        return atFanOut;
      }

      @Override
      public Object run(DeliveryStore s) throws java.sql.SQLException {
        if (atFanOut == null) {
          return DeliveryClaims.claim(s, request);
        }
        List<ClaimedDelivery> all = new ArrayList<>(atFanOut.claimed());
        all.addAll(DeliveryClaims.claim(s, atFanOut.rest()));
        return all;
      }

      @SuppressWarnings("unchecked")
      @Override
      public void end(Object result, Throwable failure) {
        endClaim(request, (List<ClaimedDelivery>) result, failure);
      }
    };
  }

  private DeliveryClaims.Request beginClaim() {
    if (stopping || store == null) {
      return null;
    }
    if (claiming) {
      claimAgain = true;
      return null;
    }
    int globalFree = limits.maxInFlight() - total;
    if (globalFree <= 0) {
      return null;
    }
    claiming = true;
    claimAgain = false;
    long now = ctx.clock().millis();
    return new DeliveryClaims.Request(now, ctx.instanceId(),
        now + limits.leaseSeconds() * 1000L, Map.copyOf(inFlight),
        limits.maxInFlightPerEndpoint(), globalFree);
  }

  private void endClaim(DeliveryClaims.Request request, List<ClaimedDelivery> claimed,
      Throwable failure) {
    claiming = false;
    if (failure != null || claimed == null) {
      if (failure != null) {
        LOG.log(Level.WARNING, "claiming deliveries failed; trying again next poll", failure);
      }
      return;
    }
    long now = request.now();
    for (ClaimedDelivery d : claimed) {
      inFlight.merge(d.webhookId(), 1, Integer::sum);
      total++;
      sender.attempt(d).onComplete(res -> finished(d, res.succeeded() ? res.result()
          : new AttemptResult(AttemptOutcome.networkError(), 0, now,
              ctx.clock().millis() - now, "internal: " + res.cause(), null, null)));
    }
    if (claimAgain || claimed.size() >= request.globalFree()) {
      vertx.runOnContext(v -> claim());
    }
  }

  /**
   * An attempt came back: its slot is free at once (the row stays {@code delivering} under this
   * worker's lease until recorded, so nobody can claim it twice meanwhile), and its outcome
   * joins the next record batch.
   */
  private void finished(ClaimedDelivery d, AttemptResult r) {
    metrics.attempt(d.eventType(), r);
    inFlight.computeIfPresent(d.webhookId(), (k, n) -> n > 1 ? n - 1 : null);
    total--;
    unrecorded.add(new OutcomeWriter.Finished(d, r));
    record();
    claim();
  }

  /** Writes every finished attempt gathered so far in one transaction. */
  private void record() {
    if (recording || unrecorded.isEmpty()) {
      return;
    }
    recording = true;
    List<OutcomeWriter.Finished> batch = unrecorded;
    unrecorded = new ArrayList<>();
    long now = ctx.clock().millis();
    // The claim the freed slots allow joins this transaction (as it joins the outbox batch's):
    // one commit instead of two; the commit was the store thread's largest cost in the profile.
    DeliveryClaims.Request claimRequest = beginClaim();
    List<List<ClaimedDelivery>> claimedHolder = new ArrayList<>(1);
    store.transaction(s -> {
      OutcomeWriter.Written written = writer.write(s, batch, ctx.instanceId(), now);
      if (claimRequest != null) {
        claimedHolder.add(DeliveryClaims.claim(s, claimRequest));
      }
      return written;
    }).onComplete(ar -> {
      recording = false;
      if (claimRequest != null) {
        endClaim(claimRequest, ar.succeeded() ? claimedHolder.get(0) : null, ar.cause());
      }
      if (ar.failed()) {
        LOG.log(Level.WARNING, "recording " + batch.size() + " attempts failed; retrying",
            ar.cause());
        batch.addAll(unrecorded);
        unrecorded = batch;
        vertx.setTimer(RECORD_RETRY_MS, id -> record());
        return;
      }
      List<String> statuses = ar.result().statuses();
      for (int i = 0; i < batch.size(); i++) {
        ClaimedDelivery d = batch.get(i).delivery();
        String status = statuses.get(i);
        if (!status.equals("pending") && !status.equals("lost")) {
          metrics.finished(status);
        }
        if (status.equals("succeeded")) {
          metrics.delivered(d.eventCreatedAt(), now);
        }
      }
      if (ar.result().emittedEvents() && poller != null) {
        poller.poll();
      }
      record();
      claim();
    });
  }

  private void housekeeping() {
    if (stopping) {
      return;
    }
    long now = ctx.clock().millis();
    long retentionMs = ctx.settings().retention().days() * 86_400_000L;
    store.transaction(s -> RetentionPurge.step(s, now, retentionMs)).onComplete(ar -> {
      if (ar.failed()) {
        LOG.log(Level.WARNING, "housekeeping failed", ar.cause());
      } else if (ar.result().full()) {
        vertx.setTimer(50, id -> housekeeping()); // more to do: the next small batch soon
      }
    });
    // Read outside a transaction: the count over a large backlog must not hold the write lock.
    store.read(s -> {
      RetentionPurge.gauges(s, metrics, now);
      return null;
    }).onFailure(e -> LOG.log(Level.WARNING, "reading the backlog gauges failed", e));
  }

  /**
   * Graceful stop: no more claiming or polling, in-flight attempts get until the request
   * timeout (plus a margin) to finish and be recorded, then what is still leased to this
   * instance goes back to {@code pending} with no attempt spent.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(claimTimer);
    vertx.cancelTimer(housekeepingTimer);
    if (store == null) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    long deadline = ctx.clock().millis() + Math.min(limits.requestTimeoutMs() + 2_000, stopDrainMs);
    vertx.setPeriodic(20, id -> {
      if ((total == 0 && !recording && unrecorded.isEmpty())
          || ctx.clock().millis() > deadline) {
        vertx.cancelTimer(id);
        drained.tryComplete();
      }
    });
    return poller.stop()
        .compose(v -> drained.future())
        .compose(v -> store.transaction(s -> LeaseRelease.release(s, ctx.instanceId(),
            ctx.clock().millis())))
        .onSuccess(n -> LOG.info("delivery worker stopped; " + n
            + " unfinished deliveries released"))
        .eventually(() -> sender.close())
        .eventually(() -> store.close());
  }
}
