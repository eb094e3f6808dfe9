package io.navidocs.webhooks.notification;

import io.micrometer.core.instrument.Counter;
import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.RepeatingJob;
import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.storage.Database;
import io.vertx.core.Future;
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

  private Database database;
  private Clock clock;
  private Notifier notifier;
  private long pollMs;
  private RepeatingJob job;
  private LocalDate lastPurge;
  private Counter created;
  private Counter renderErrors;

  @Override
  public Future<Void> start(ServiceContext ctx) {
    database = ctx.database();
    clock = ctx.clock();
    pollMs = ctx.settings().worker().pollIntervalMs();
    notifier = new Notifier(clock, ctx.database().dialect(), Notifier.DEFAULT_BATCH_SIZE);
    created = Counter.builder("navidocs_notifications_created_total")
        .description("In-app notifications written").register(ctx.registry());
    renderErrors = Counter.builder("navidocs_notification_render_errors_total")
        .description("Events whose template could not be rendered (a variable missing from the"
            + " event's data); see notification_events").register(ctx.registry());
    job = new RepeatingJob(ctx.vertx(), this::work, e -> {
      LOG.log(Level.WARNING, "notifier failed: " + e.getMessage(), e);
      return pollMs;
    });
    job.start();
    return Future.succeededFuture();
  }

  /** One batch (and the daily purge when due); at once again when the batch was full. */
  private long work() throws Exception {
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
      return r.events() >= Notifier.DEFAULT_BATCH_SIZE ? 1 : pollMs;
    }
  }

  @Override
  public Future<Void> stop() {
    return job == null ? Future.succeededFuture() : job.stop();
  }
}
