package io.navidocs.webhooks.scanner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.navidocs.webhooks.app.Component;
import io.navidocs.webhooks.app.RepeatingJob;
import io.navidocs.webhooks.app.ServiceContext;
import io.navidocs.webhooks.storage.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link WarrantyScanner} once at start and then daily at {@code scanner.dailyAt} (UTC),
 * on a worker thread, under the {@code warranty_scanner} {@link JobLease}. A run that fails is
 * logged and counted; the next daily run retries (the marks make a repeated run harmless).
 */
public final class WarrantyScannerComponent implements Component {
  private static final Logger LOG = Logger.getLogger(WarrantyScannerComponent.class.getName());
  /** Longest a scan may hold the lease before another instance may take over. */
  static final Duration LEASE = Duration.ofMinutes(30);

  private Database database;
  private Clock clock;
  private LocalTime dailyAt;
  private WarrantyScanner scanner;
  private JobLease lease;
  private RepeatingJob job;
  private Counter ok;
  private Counter failed;
  private Counter skipped;
  private MeterRegistry registry;

  @Override
  public Future<Void> start(ServiceContext ctx) {
    database = ctx.database();
    clock = ctx.clock();
    dailyAt = ctx.settings().scanner().dailyAt();
    scanner = new WarrantyScanner(clock, ctx.database().dialect(),
        WarrantyScanner.DEFAULT_BATCH_SIZE);
    lease = new JobLease("warranty_scanner", ctx.instanceId(), LEASE);
    registry = ctx.registry();
    ok = runs("success");
    failed = runs("failure");
    skipped = runs("lease_held");
    // At start, without delaying the HTTP listener; then daily. A failed run is retried at the
    // next daily time (the marks make a repeated run harmless).
    job = new RepeatingJob(ctx.vertx(), () -> {
      runOnce();
      return untilNextRun();
    }, e -> {
      failed.increment();
      LOG.log(Level.WARNING, "warranty scan failed: " + e.getMessage(), e);
      return untilNextRun();
    });
    job.start();
    return Future.succeededFuture();
  }

  private long untilNextRun() {
    return ScanSchedule.delayUntilNext(clock.instant(), dailyAt).toMillis();
  }

  private Counter runs(String outcome) {
    return Counter.builder("navidocs_warranty_scanner_runs_total")
        .description("Warranty scanner runs by outcome").tag("outcome", outcome)
        .register(registry);
  }

  private void runOnce() throws Exception {
    try (Connection c = database.open()) {
      if (!lease.acquire(c, clock.instant())) {
        skipped.increment();
        LOG.info("warranty scan skipped: another instance holds the scanner lease");
        return;
      }
      try {
        WarrantyScanner.Result r = scanner.scan(c);
        ok.increment();
        Counter.builder("navidocs_warranty_scanner_events_total").tag("event_type", "WARRANTY_EXPIRING")
            .description("Events written by the warranty scanner").register(registry)
            .increment(r.expiring());
        Counter.builder("navidocs_warranty_scanner_events_total").tag("event_type", "WARRANTY_EXPIRED")
            .description("Events written by the warranty scanner").register(registry)
            .increment(r.expired());
        LOG.info("warranty scan: " + r.candidates() + " due within 90 days, " + r.expiring()
            + " WARRANTY_EXPIRING, " + r.expired() + " WARRANTY_EXPIRED in " + r.millis()
            + " ms; next at " + ScanSchedule.next(clock.instant(), dailyAt));
      } finally {
        lease.release(c);
      }
    }
  }

  @Override
  public Future<Void> stop() {
    return job == null ? Future.succeededFuture() : job.stop();
  }
}
