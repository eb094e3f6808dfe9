package io.navidocs.webhooks.notification;

import io.micrometer.core.instrument.Counter;
import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link Notifier} on a worker thread: a batch right away when the last one was full,
 * otherwise after {@code worker.pollIntervalMs}; and once a UTC day (and at start) purges expired
 * notifications.
 */
public final class NotificationComponent implements Component {
  private static final Logger LOG = Logger.getLogger(NotificationComponent.class.getName());
  static final int PURGE_BATCH = 1_000;

  private Vertx vertx;
  private Database database;
  private Clock clock;
  private Notifier notifier;
  private long pollMs;
  private volatile boolean stopped;
  private long timerId = -1;
  private LocalDate lastPurge;
  private Future<Void> running = Future.succeededFuture();
  private Counter created;
  private Counter renderErrors;

  @Override
  public Future<Void> start(ServiceContext ctx) {
    vertx = ctx.vertx();
    database = ctx.database();
    clock = ctx.clock();
    pollMs = ctx.settings().worker().pollIntervalMs();
    notifier = new Notifier(clock, ctx.database().dialect(), Notifier.DEFAULT_BATCH_SIZE);
    created = Counter.builder("navidocs_notifications_created_total")
        .description("In-app notifications written").register(ctx.registry());
    renderErrors = Counter.builder("navidocs_notification_render_errors_total")
        .description("Events whose template could not be rendered (a variable missing from the"
            + " event's data); see notification_events").register(ctx.registry());
    vertx.runOnContext(v -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (stopped) {
      return;
    }
    Promise<Void> done = Promise.promise();
    running = done.future();
    vertx.executeBlocking(this::work, false).onComplete(ar -> {
      done.complete();
      boolean more = false;
      if (ar.failed()) {
        LOG.log(Level.WARNING, "notifier failed: " + ar.cause().getMessage(), ar.cause());
      } else {
        more = ar.result();
      }
      if (!stopped) {
        timerId = vertx.setTimer(more ? 1 : pollMs, id -> tick());
      }
    });
  }

  /** One batch (and the daily purge when due); true when the batch was full. */
  private Boolean work() throws Exception {
    try (Connection c = database.open()) {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      if (!today.equals(lastPurge)) {
        int purged = notifier.purgeExpired(c, PURGE_BATCH);
        lastPurge = today;
        if (purged > 0) {
          LOG.info("purged " + purged + " expired notifications");
        }
      }
      Notifier.Result r = notifier.processBatch(c);
      created.increment(r.notifications());
      renderErrors.increment(r.errors());
      return r.events() >= Notifier.DEFAULT_BATCH_SIZE;
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (vertx != null && timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    return running;
  }
}
