package io.navidocs.webhooks.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery worker's liveness signal: the worker calls {@link #beat()} once per loop
 * iteration, and {@code /api/health} and the {@code navidocs_webhook_worker_*} gauges read it.
 *
 * <p>Contract for the worker (one line each):
 * <ul>
 *   <li>at start: {@code Heartbeat heartbeat = Heartbeat.register(ctx.vertx(), ctx.clock());}</li>
 *   <li>every iteration of the poll loop, also when there was nothing to do:
 *       {@code heartbeat.beat();}</li>
 * </ul>
 *
 * <p>Why a Vert.x local map and not a {@code ServiceContext} component: the context is a record
 * built by the foundation, and adding a component would change every place that builds one. The
 * heartbeat lives in this Vert.x instance's local shared data under {@link #MAP}/{@link #KEY}, so
 * it is scoped to one running service (tests that start several services do not share it) and
 * needs no static state. Registering counts as the first beat.
 */
public final class Heartbeat implements Shareable {
  /** Name of the Vert.x local map holding ops state. */
  public static final String MAP = "navidocs.ops";
  /** Key of the worker's heartbeat in {@link #MAP}. */
  public static final String KEY = "worker.heartbeat";

  private final Clock clock;
  private final AtomicLong lastBeatMillis;

  /** A heartbeat that has just beaten once; use {@link #register} in the running service. */
  public Heartbeat(Clock clock) {
    this.clock = clock;
    this.lastBeatMillis = new AtomicLong(clock.millis());
  }

  /** The heartbeat of this Vert.x instance, created (and beaten once) on the first call. */
  public static Heartbeat register(Vertx vertx, Clock clock) {
    return map(vertx).computeIfAbsent(KEY, k -> new Heartbeat(clock));
  }

  /** The heartbeat of this Vert.x instance, when a worker registered one. */
  public static Optional<Heartbeat> find(Vertx vertx) {
    return Optional.ofNullable(map(vertx).get(KEY));
  }

  private static LocalMap<String, Heartbeat> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  /** Records that the worker loop completed an iteration now. Cheap and thread-safe. */
  public void beat() {
    lastBeatMillis.set(clock.millis());
  }

  /** When the loop last beat. */
  public Instant lastBeat() {
    return Instant.ofEpochMilli(lastBeatMillis.get());
  }
}
