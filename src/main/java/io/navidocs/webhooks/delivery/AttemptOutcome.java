package io.navidocs.webhooks.delivery;

import java.util.Locale;
import java.util.Optional;

/**
 * What became of one HTTP attempt. The {@link #label()}s are the {@code outcome} label values of
 * {@code navidocs_webhook_delivery_attempts_total} (SPEC §7) and the {@code outcome} of an
 * attempt in the API.
 *
 * <p>{@link #classify(int)} turns a response status into an outcome plus the retry decision of
 * SPEC §5 and §8:
 *
 * <table>
 *   <caption>Status classes</caption>
 *   <tr><th>status</th><th>outcome</th><th>retried</th><th>note</th></tr>
 *   <tr><td>2xx</td><td>success</td><td>-</td><td></td></tr>
 *   <tr><td>3xx</td><td>http_error</td><td>yes</td><td>redirects are never followed (§8)</td></tr>
 *   <tr><td>408, 425, 429</td><td>http_error</td><td>yes</td><td>429 honours Retry-After</td></tr>
 *   <tr><td>410</td><td>http_error</td><td>no</td><td>also sets the webhook failed</td></tr>
 *   <tr><td>other 4xx</td><td>http_error</td><td>no</td><td>the request itself is refused</td></tr>
 *   <tr><td>5xx</td><td>http_error</td><td>yes</td><td>503 honours Retry-After</td></tr>
 *   <tr><td>anything else</td><td>http_error</td><td>yes</td><td>see below</td></tr>
 * </table>
 *
 * <p>Statuses outside 2xx–5xx (a stray 1xx reaching the application, or a non-standard code
 * such as 600 or 999) are treated as a misbehaving receiver: a retryable {@code http_error},
 * like a 5xx. Giving up at once would lose events to a transient fault; retrying costs at most
 * the schedule's attempts.
 *
 * <p>Outcomes without a response: {@code timeout} and {@code network_error} are retried;
 * {@code blocked} (the SSRF guard refused the resolved address) is not, because a retry would
 * meet the same policy; the delivery fails at once and an admin can retry it after changing
 * {@code NAVIDOCS_DELIVERY_ALLOWED_NETWORKS} or the URL.
 */
public enum AttemptOutcome {
  /** A 2xx response. */
  SUCCESS,
  /** A response with any other status. */
  HTTP_ERROR,
  /** No complete response within the connect or request timeout. */
  TIMEOUT,
  /** DNS failure, refused connection, reset, TLS failure: no response at all. */
  NETWORK_ERROR,
  /** The SSRF guard refused to connect to the resolved address. */
  BLOCKED;

  /** The metric label and API value, for example {@code http_error}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome with this label, for reading stored attempts back. */
  public static Optional<AttemptOutcome> fromLabel(String label) {
    for (AttemptOutcome outcome : values()) {
      if (outcome.label().equals(label)) {
        return Optional.of(outcome);
      }
    }
    return Optional.empty();
  }

  /** The outcome and retry decision for a response with this status code. */
  public static Classification classify(int httpStatus) {
    if (httpStatus >= 200 && httpStatus <= 299) {
      return new Classification(SUCCESS, false, false, false);
    }
    if (httpStatus == 410) {
      // Gone: the receiver says the endpoint will not come back (SPEC §5).
      return new Classification(HTTP_ERROR, false, true, false);
    }
    if (httpStatus == 408 || httpStatus == 425 || httpStatus == 429) {
      return new Classification(HTTP_ERROR, true, false, httpStatus == 429);
    }
    if (httpStatus >= 400 && httpStatus <= 499) {
      return new Classification(HTTP_ERROR, false, false, false);
    }
    // 3xx, 5xx and anything non-standard: retried (see the class comment).
    return new Classification(HTTP_ERROR, true, false, httpStatus == 503);
  }

  /** The classification of an attempt that timed out. */
  public static Classification timedOut() {
    return new Classification(TIMEOUT, true, false, false);
  }

  /** The classification of an attempt that failed below HTTP (DNS, connect, TLS, reset). */
  public static Classification networkError() {
    return new Classification(NETWORK_ERROR, true, false, false);
  }

  /** The classification of an attempt the SSRF guard refused. */
  public static Classification blocked() {
    return new Classification(BLOCKED, false, false, false);
  }

  /**
   * An outcome together with what the delivery engine does next.
   *
   * @param outcome the attempt's outcome
   * @param retryable whether the delivery gets another attempt (schedule permitting); false for
   *     a success, since there is nothing left to do
   * @param disablesWebhook whether the webhook itself becomes {@code failed} (a 410)
   * @param honoursRetryAfter whether a {@code Retry-After} header on this response sets the
   *     next delay (SPEC §5: 429 and 503)
   */
  public record Classification(AttemptOutcome outcome, boolean retryable,
      boolean disablesWebhook, boolean honoursRetryAfter) {

    /** Whether the attempt delivered the event. */
    public boolean isSuccess() {
      return outcome == SUCCESS;
    }

    /** Whether the attempt counts as a failure for the endpoint's health. */
    public boolean isFailure() {
      return outcome != SUCCESS;
    }
  }
}
