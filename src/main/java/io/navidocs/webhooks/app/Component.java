package io.navidocs.webhooks.app;

import io.vertx.core.Future;

/**
 * A part of the running service (the HTTP routes, the delivery worker, the scanner…). Started in
 * the order {@link Service} lists them, stopped in reverse.
 */
public interface Component {
  /** Starts the component: mounts routes, deploys verticles, starts timers. */
  Future<Void> start(ServiceContext context);

  /** Stops taking new work and finishes or releases in-flight work. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }
}
