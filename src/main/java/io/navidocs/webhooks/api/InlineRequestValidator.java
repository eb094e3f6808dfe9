package io.navidocs.webhooks.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Vert.x's own OpenAPI request validator (the same parameter and body checks, the same
 * exceptions), run where it is cheap:
 *
 * <ul>
 *   <li>on the calling event loop when the request has no body or a small one, instead of a
 *       hop to the shared worker pool and back for every request (vertx-openapi 5.0 wraps every
 *       validation in {@code executeBlocking}); larger bodies still go to the worker pool;</li>
 *   <li>with each schema's validator compiled once ({@link CompiledSchemas}) instead of per
 *       parameter per request (the library's repository copies its whole schema table into every
 *       new validator).</li>
 * </ul>
 *
 * <p>Why: a CPU profile of {@code GET /api/webhooks} at 1,000 requests/s spent more samples in the
 * validator's table copies on worker threads than the event loop spent on the whole request, and
 * each worker hop is one more wait for a CPU when the delivery engine keeps both cores busy.
 */
final class InlineRequestValidator extends RequestValidatorImpl {
  /** Bodies up to this size are validated on the event loop (the API's own limit is larger). */
  static final int INLINE_BODY_BYTES = 8 * 1024;

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, CompiledSchemas.over(contract));
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    RequestParameter body = request.getBody();
    if (body != null && body.get() instanceof Buffer raw && raw.length() > INLINE_BODY_BYTES) {
      return super.validate(request, operationId);
    }
    return getOperation(operationId).compose(operation -> {
      try {
        return Future.succeededFuture(validateNow(request, operation));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** The checks of the library's {@code validate}, in the same order, on this thread. */
  private ValidatedRequest validateNow(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>(request.getCookies().size());
    Map<String, RequestParameter> headers = new HashMap<>(request.getHeaders().size());
    Map<String, RequestParameter> path = new HashMap<>(request.getPathParameters().size());
    Map<String, RequestParameter> query = new HashMap<>(request.getQuery().size());
    for (Parameter param : operation.getParameters()) {
      String name = param.getName();
      switch (param.getIn()) {
        case COOKIE -> cookies.put(name, validateParameter(param, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validateParameter(param, request.getHeaders().get(name)));
        case PATH -> path.put(name, validateParameter(param, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(param, request.getQuery().get(name)));
        default -> throw new IllegalStateException("unknown parameter location " + param.getIn());
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }
}
