package io.navidocs.webhooks.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.navidocs.webhooks.delivery.DeliveryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls the {@code domain_events} outbox and fans events out into deliveries (see
 * {@link OutboxBatch}). Adaptive: polls again at once while batches come back full, after
 * {@link #FLOWING_POLL_MS} while events keep coming (the last batch found some), waits the poll
 * interval when idle, and wakes at once on a message to {@link #WAKE_ADDRESS} (the API
 * publishes one after inserting an event) or, after a batch that held events back for want of
 * room, on {@link #roomFreed}. Runs on the Vert.x context that started it.
 */
public final class OutboxPoller {
  /** Event-bus address that makes the poller look at the outbox now. */
  public static final String WAKE_ADDRESS = "navidocs.outbox.wake";
  /**
   * The wait before the next poll when the last one found events but not a full batch: events
   * are flowing, so the next ones are picked up within this, not a whole idle interval, and
   * arrive as a steady stream of small batches instead of one burst per interval.
   */
  static final long FLOWING_POLL_MS = 25;
  private static final Logger LOG = Logger.getLogger(OutboxPoller.class.getName());

  private final Vertx vertx;
  private final DeliveryStore store;
  private final Clock clock;
  private final int batchSize;
  private final long pollIntervalMs;
  private final Runnable onDeliveriesCreated;
  private Runnable onIteration = () -> { };
  private ClaimStep claimStep = () -> null;

  /**
   * Work that may join an outbox batch's transaction around the fan-out (the delivery engine's
   * claim): the rows just inserted are claimed before the commit, which saves a transaction,
   * writes them once instead of twice, and removes a hop of latency.
   */
  public interface ClaimStep {
    /** On the poller's context before a batch: the work to join, or null when none may run. */
    Joined begin();
  }

  /** One joined piece of work. */
  public interface Joined {
    /**
     * Runs inside the batch's transaction before the fan-out (a claim of the work already due,
     * which keeps its place ahead of the batch's new deliveries); returns which of the batch's
     * new deliveries are inserted already claimed, or null for none.
     */
    FanOutClaim before(DeliveryStore store) throws java.sql.SQLException;

    /** Runs inside the batch's transaction, after the deliveries were inserted. */
    void after(DeliveryStore store) throws java.sql.SQLException;

    /** On the poller's context: null when the transaction committed, else why it failed. */
    void end(Throwable failure);
  }
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private boolean running;
  private boolean again;
  private boolean stopped = true;
  /** The last batch stopped at an event the engine had no room for (FanOutClaim#room). */
  private boolean held;
  /** {@link #roomFreed} was called while a batch ran. */
  private boolean roomWhileRunning;

  public OutboxPoller(Vertx vertx, DeliveryStore store, Clock clock, int batchSize,
      long pollIntervalMs, MeterRegistry registry, Runnable onDeliveriesCreated) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.batchSize = batchSize;
    this.pollIntervalMs = pollIntervalMs;
    this.registry = registry;
    this.onDeliveriesCreated = onDeliveriesCreated;
    registerRejectedSeries();
  }

  /** Runs after every completed poll, also an empty one (the worker's liveness heartbeat). */
  public void onIteration(Runnable action) {
    this.onIteration = action;
  }

  /** Sets the work that joins each batch's transaction (see {@link ClaimStep}). */
  public void claimStep(ClaimStep step) {
    this.claimStep = step;
  }

  /** Starts polling (call on the engine's context). */
  public void start() {
    stopped = false;
    consumer = vertx.eventBus().consumer(WAKE_ADDRESS, msg -> poll());
    poll();
  }

  /** Stops polling; a batch already running finishes (it is one transaction). */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /**
   * The engine has room for more deliveries. When the last batch held events back for want of
   * it, polls now instead of at the poll interval; while a batch runs, polls again right after
   * it if that one holds events back too.
   */
  public void roomFreed() {
    if (running) {
      roomWhileRunning = true;
    } else if (held) {
      poll();
    }
  }

  /** Polls now, or right after the batch in progress. */
  public void poll() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    running = true;
    again = false;
    held = false;
    roomWhileRunning = false;
    // Taken before the claim's own "now", so the rows inserted are already due for it.
    long now = clock.millis();
    Joined joined = claimStep.begin();
    store.transaction(s -> {
      OutboxBatch.Result r = OutboxBatch.run(s, batchSize, now,
          joined == null ? null : joined.before(s));
      if (joined != null) {
        joined.after(s);
      }
      return r;
    })
        .onComplete(ar -> {
          running = false;
          boolean full = false;
          boolean found = false;
          if (joined != null) {
            joined.end(ar.cause());
          }
          if (ar.succeeded()) {
            OutboxBatch.Result r = ar.result();
            for (OutboxBatch.Counted c : r.counted()) {
              count(c);
            }
            if (r.deliveriesCreated() > 0 && joined == null) {
              onDeliveriesCreated.run();
            }
            full = r.read() >= batchSize;
            held = r.held();
            found = r.read() > 0;
            onIteration.run();
          } else {
            LOG.log(Level.WARNING, "outbox poll failed; retrying after the poll interval",
                ar.cause());
          }
          if (stopped) {
            return;
          }
          if (full || again || held && roomWhileRunning) {
            vertx.runOnContext(v -> poll());
          } else {
            // Held events go out when the engine reports room (roomFreed); the interval is
            // only a fallback.
            timer = vertx.setTimer(found && !held ? Math.min(FLOWING_POLL_MS, pollIntervalMs)
                : pollIntervalMs, id -> {
              timer = -1;
              poll();
            });
          }
        });
  }

  private void count(OutboxBatch.Counted c) {
    counter(c.eventType(), c.source(), c.accepted()).increment();
  }

  private Counter counter(String eventType, String source, boolean accepted) {
    String key = eventType + '|' + source + '|' + accepted;
    return counters.computeIfAbsent(key, k -> Counter.builder("navidocs.webhook.events")
        .description("Outbox events read, by type, source and whether they were accepted")
        .tag("event_type", eventType)
        .tag("source", source)
        .tag("outcome", accepted ? "accepted" : "rejected")
        .register(registry));
  }

  /**
   * Creates every {@code outcome="rejected"} series at 0 (15 types × 4 sources, bounded), so that
   * Prometheus' {@code increase()} sees the first rejection of a series instead of a series that
   * appears already at 1 (the events-rejected alert depends on it).
   */
  private void registerRejectedSeries() {
    for (String source : new String[] {"outbox", "api", "scanner", "worker"}) {
      counter("unknown", source, false);
      for (EventType type : EventType.values()) {
        counter(type.name(), source, false);
      }
    }
  }
}
