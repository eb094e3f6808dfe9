package io.navidocs.webhooks.delivery;

import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.event.FanOutClaim;
import io.navidocs.webhooks.event.OutboxPoller;
import io.navidocs.webhooks.metrics.Heartbeat;
import io.navidocs.webhooks.retry.RetrySchedule;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The delivery engine's loop, on one Vert.x context: outbox → claim → call → record → schedule.
 *
 * <p>Claims are bounded by the free in-flight slots (global and per endpoint, see {@link Slots}),
 * so nothing is claimed that is not sent at once and one slow endpoint only ever fills its own
 * slots. Finished attempts are recorded in batches: while one record transaction runs, the next
 * batch gathers (group commit). Claiming runs inside each record transaction, inside each outbox
 * batch's transaction (work already due first, then the batch's new deliveries as they are
 * inserted), in a transaction of its own when slots free up and none of those is queued, and
 * every poll interval (for retries and probes coming due). Each claim reads the slots free when
 * it runs, on the store's thread, so several claims may be queued at once.
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
  private final Slots slots;
  /** A transaction that claims is queued and has not read the free slots yet (see #claim). */
  private final AtomicBoolean claimQueued = new AtomicBoolean();
  private List<OutcomeWriter.Finished> unrecorded = new ArrayList<>();
  private boolean recording;
  /** Read on the store's thread too (no claim once the stop began). */
  private volatile boolean stopping;
  private long claimTimer = -1;
  private long housekeepingTimer = -1;

  private final long stopDrainMs;
  /**
   * Free slots that make the poller look again at events it held back for want of room: 64 (an
   * eighth of the default global limit). Looking again at every freed slot made batches of one
   * event each, whose fixed cost (the outbox read, the organizations and webhooks, each
   * endpoint's readiness and secrets) ate what the held events saved (benchmarks.md).
   */
  private final int roomStep;

  DeliveryVerticle(ServiceContext ctx, DoubleSupplier jitter, DeliveryMetrics metrics,
      java.time.Duration stopDrain) {
    this.ctx = ctx;
    this.stopDrainMs = stopDrain.toMillis();
    this.jitter = jitter;
    this.limits = ctx.settings().delivery();
    this.metrics = metrics;
    this.slots = new Slots(limits.maxInFlight(), limits.maxInFlightPerEndpoint());
    this.roomStep = Math.max(1, Math.min(64, limits.maxInFlight() / 8));
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

  /**
   * Claims what the free slots allow, in a transaction of its own, unless a transaction that
   * claims is queued already (it reads the free slots when it runs, so it sees these too).
   */
  void claim() {
    if (stopping || store == null || slots.globalFree() <= 0
        || !claimQueued.compareAndSet(false, true)) {
      return;
    }
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    store.transaction(s -> {
      claimNow(s, taken);
      return null;
    }).onComplete(ar -> endClaim(taken, ar.cause()));
  }

  /**
   * Store thread, inside a transaction: claims what the slots free at this moment allow. Every
   * transaction the engine runs claims this way (its own, each record batch's, each outbox
   * batch's), so no claim waits for another one's result.
   */
  private void claimNow(DeliveryStore s, DeliveryClaims.Taken taken) throws SQLException {
    claimQueued.set(false);
    if (!stopping && slots.globalFree() > 0) {
      DeliveryClaims.claim(s, request(), taken);
    }
  }

  private DeliveryClaims.Request request() {
    long now = ctx.clock().millis();
    return new DeliveryClaims.Request(now, ctx.instanceId(), now + limits.leaseSeconds() * 1000L,
        slots);
  }

  /**
   * The claim that joins the next outbox batch's transaction: the work already due is claimed
   * first, then (SQLite) the batch's new deliveries as the fan-out inserts them; on PostgreSQL
   * the new rows are claimed after the fan-out (see {@link #claimNow}).
   */
  private OutboxPoller.Joined joinedClaim() {
    if (stopping || store == null) {
      return null;
    }
    claimQueued.set(true);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    // SQLite: this worker's counts are the whole truth, so the fan-out may claim new rows as it
    // inserts them (PostgreSQL counts in-flight rows under per-endpoint locks: claim only).
    boolean atFanOut = !store.sql().sharedLimits;
    return new OutboxPoller.Joined() {
      @Override
      public FanOutClaim before(DeliveryStore s) throws SQLException {
        if (!atFanOut) {
          return null;
        }
        claimNow(s, taken);
        return stopping ? null : new DeliveryClaims.AtFanOut(request(), taken);
      }

      @Override
      public void after(DeliveryStore s) throws SQLException {
        if (!atFanOut) {
          claimNow(s, taken);
        }
      }

      @Override
      public void end(Throwable failure) {
        endClaim(taken, failure);
      }
    };
  }

  /**
   * On the engine's context, once a transaction that claimed has ended: sends what it claimed,
   * or gives the slots back when it rolled back.
   */
  private void endClaim(DeliveryClaims.Taken taken, Throwable failure) {
    if (failure != null) {
      for (ClaimedDelivery d : taken.deliveries) {
        slots.give(d.webhookId());
      }
      // It may have failed before its claim ran and cleared the flag: without this, no claim of
      // its own would start again (one extra claim at worst when another one is queued).
      claimQueued.set(false);
      LOG.log(Level.WARNING, "claiming deliveries failed; trying again next poll", failure);
      return;
    }
    for (ClaimedDelivery d : taken.deliveries) {
      long now = ctx.clock().millis();
      sender.attempt(d).onComplete(res -> finished(d, res.succeeded() ? res.result()
          : new AttemptResult(AttemptOutcome.networkError(), 0, now,
              ctx.clock().millis() - now, "internal: " + res.cause(), null, null)));
    }
    if (taken.full) {
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
    slots.give(d.webhookId());
    unrecorded.add(new OutcomeWriter.Finished(d, r));
    record();
    claim();
    if (poller != null && slots.globalFree() >= roomStep) {
      poller.roomFreed();
    }
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
    claimQueued.set(true);
    DeliveryClaims.Taken taken = new DeliveryClaims.Taken();
    store.transaction(s -> {
      OutcomeWriter.Written written = writer.write(s, batch, ctx.instanceId(), now);
      claimNow(s, taken);
      return written;
    }).onComplete(ar -> {
      recording = false;
      endClaim(taken, ar.cause());
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
      if ((slots.total() == 0 && !recording && unrecorded.isEmpty())
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
