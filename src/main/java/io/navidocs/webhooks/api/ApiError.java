package io.navidocs.webhooks.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An error answer of SPEC §6: {@code {"success":false,"error","message","details":[{field,
 * message}]}}. Messages and details never carry a secret, a token or a submitted URL.
 */
public final class ApiError extends RuntimeException {
  /** One problem with one field or parameter. */
  public record Detail(String field, String message) {}

  private final int status;
  private final String code;
  private final List<Detail> details;
  private final Long retryAfterSeconds;

  ApiError(int status, String code, String message, List<Detail> details,
      Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiError validation(String field, String message) {
    return validation(List.of(new Detail(field, message)));
  }

  static ApiError validation(List<Detail> details) {
    String first = details.isEmpty() ? "invalid request" : details.get(0).message();
    return new ApiError(400, "validation_error",
        details.size() == 1 ? first : details.size() + " problems; first: " + first, details,
        null);
  }

  static ApiError invalidJson(String field, String message) {
    return new ApiError(400, "invalid_json", message, List.of(new Detail(field, message)), null);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, List.of(), null);
  }

  static ApiError forbidden(String field, String message) {
    return new ApiError(403, "forbidden", message, List.of(new Detail(field, message)), null);
  }

  static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " not found", List.of(), null);
  }

  static ApiError conflict(String code, String field, String message) {
    return new ApiError(409, code, message, List.of(new Detail(field, message)), null);
  }

  static ApiError tooLarge(long limit) {
    return new ApiError(413, "payload_too_large",
        "request body larger than " + limit + " bytes", List.of(new Detail("body",
            "at most " + limit + " bytes")), null);
  }

  static ApiError rateLimited(long retryAfterSeconds, int perMinute) {
    return new ApiError(429, "rate_limited", "more than " + perMinute
        + " requests a minute with this token; retry after " + retryAfterSeconds + " s",
        List.of(), retryAfterSeconds);
  }

  static ApiError featureDisabled() {
    return new ApiError(503, "feature_disabled", "Feature temporarily disabled", List.of(), null);
  }

  static ApiError methodNotAllowed() {
    return new ApiError(405, "method_not_allowed", "method not allowed on this path", List.of(),
        null);
  }

  static ApiError internal() {
    return new ApiError(500, "internal_error", "internal error", List.of(), null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Detail> details() {
    return details;
  }

  /** Seconds for the {@code Retry-After} header, or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body. */
  public JsonObject toJson() {
    JsonArray d = new JsonArray();
    details.forEach(x -> d.add(new JsonObject().put("field", x.field())
        .put("message", x.message())));
    return new JsonObject().put("success", false).put("error", code)
        .put("message", getMessage()).put("details", d);
  }
}
