package io.navidocs.webhooks.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.ToLongFunction;

/**
 * A blocking job run again and again on a Vert.x worker thread, never two runs at once: each run
 * says how long to wait before the next one, and a failed run asks its failure handler instead.
 * {@link #stop()} cancels the next run and completes when the current one has finished, so a
 * component can close its database after it.
 */
public final class RepeatingJob {
  /** One run; answers the delay in milliseconds until the next one. */
  @FunctionalInterface
  public interface Run {
    long run() throws Exception;
  }

  private final Vertx vertx;
  private final Run body;
  private final ToLongFunction<Throwable> onFailure;
  private volatile boolean stopped;
  private long timerId = -1;
  private Future<Void> running = Future.succeededFuture();

  /**
   * @param onFailure handles a failed run (log it, count it) and answers the delay until the next
   */
  public RepeatingJob(Vertx vertx, Run body, ToLongFunction<Throwable> onFailure) {
    this.vertx = vertx;
    this.body = body;
    this.onFailure = onFailure;
  }

  /** Runs the job at once (without delaying the caller), then as each run says. */
  public void start() {
    vertx.runOnContext(v -> tick());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    Promise<Void> done = Promise.promise();
    running = done.future();
    vertx.executeBlocking(body::run, false).onComplete(ar -> {
      long delay = ar.succeeded() ? ar.result() : onFailure.applyAsLong(ar.cause());
      done.complete();
      if (!stopped) {
        timerId = vertx.setTimer(Math.max(1, delay), id -> tick());
      }
    });
  }

  /** No further runs; completes when the current run (if any) has finished. */
  public Future<Void> stop() {
    stopped = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return running;
  }
}
