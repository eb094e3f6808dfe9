package io.navidocs.webhooks.metrics;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log lines operators act on: one line per state change that matters, in one place so their
 * wording stays stable for log searches and alerts on logs. Every line names the thing by id,
 * never by URL (a Home Assistant URL carries its webhook id, which is a credential) and never with
 * a secret.
 *
 * <p>Logger {@value #LOGGER}; the migration and backup lines come from the storage package
 * ({@code migration applied: …}, {@code backup taken before migrating: …}).
 */
public final class StateChanges {
  /** Name of the logger these lines go to. */
  public static final String LOGGER = "io.navidocs.webhooks.state";
  private static final Logger LOG = Logger.getLogger(LOGGER);

  private StateChanges() {}

  /** A webhook became {@code failed} (disabled by the worker). */
  public static void webhookDisabled(String webhookId, String organizationId,
      int consecutiveFailures, String reason) {
    LOG.warning("webhook disabled: " + webhookId + " (organization " + organizationId + ") after "
        + consecutiveFailures + " consecutive failures: " + reason);
  }

  /** A webhook became {@code active} again (enabled by an admin). */
  public static void webhookEnabled(String webhookId, String organizationId, int heldDeliveries) {
    LOG.info("webhook re-enabled: " + webhookId + " (organization " + organizationId + "), "
        + heldDeliveries + " held deliveries resume");
  }

  /** A delivery ran out of attempts or hit a non-retryable answer: it is {@code failed}. */
  public static void deliveryFailed(String deliveryId, String webhookId, String eventType,
      int attempts, String lastError) {
    LOG.warning("delivery failed for good: " + deliveryId + " (webhook " + webhookId + ", "
        + eventType + ") after " + attempts + " attempt(s): " + lastError);
  }

  /** The worker paused or resumed delivery ({@code ENABLE_WEBHOOKS}). */
  public static void workerPaused(boolean paused) {
    LOG.log(paused ? Level.WARNING : Level.INFO, paused
        ? "delivery paused: ENABLE_WEBHOOKS=false, events keep accumulating"
        : "delivery running");
  }

  /** The worker loop missed its heartbeat (reported once per stall, by the health check). */
  public static void workerStalled(double secondsSinceBeat) {
    LOG.severe("worker loop stalled: no heartbeat for " + Math.round(secondsSinceBeat) + " s");
  }

  /** The worker loop beats again after a stall. */
  public static void workerRecovered() {
    LOG.info("worker loop running again");
  }
}
