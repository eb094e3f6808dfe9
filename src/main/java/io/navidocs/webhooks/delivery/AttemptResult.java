package io.navidocs.webhooks.delivery;

/**
 * What one HTTP attempt came to.
 *
 * @param classification outcome and what happens next (SPEC §5)
 * @param httpStatus the response status, 0 when no response came back
 * @param startedAt Unix ms when the attempt started
 * @param durationMs how long it took
 * @param error short error class and message when it did not succeed, else null
 * @param responseBody at most the first 4 KiB of the response body, null when none
 * @param retryAfter the response's {@code Retry-After} header, null when absent
 */
public record AttemptResult(
    AttemptOutcome.Classification classification,
    int httpStatus,
    long startedAt,
    long durationMs,
    String error,
    String responseBody,
    String retryAfter) {

  /** Whether the attempt delivered (a 2xx). */
  public boolean succeeded() {
    return classification.isSuccess();
  }

  /** The outcome label of SPEC §7 (success, http_error, timeout, network_error, blocked). */
  public String outcome() {
    return classification.outcome().label();
  }
}
