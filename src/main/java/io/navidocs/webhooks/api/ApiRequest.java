package io.navidocs.webhooks.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Reading a request that the OpenAPI validator already checked, and writing success answers.
 * Parameters and bodies come from the validated request, so their types are the contract's.
 */
final class ApiRequest {
  static final String CALLER = "navidocs.caller";

  private ApiRequest() {}

  static Caller caller(RoutingContext rc) {
    return rc.get(CALLER);
  }

  static ValidatedRequest validated(RoutingContext rc) {
    return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  static String pathId(RoutingContext rc) {
    return validated(rc).getPathParameters().get("id").getString();
  }

  /** The JSON body, or an empty object when the operation's body is optional and absent. */
  static JsonObject body(RoutingContext rc) {
    RequestParameter body = validated(rc).getBody();
    if (body == null || body.isNull() || body.isEmpty()) {
      return new JsonObject();
    }
    return body.getJsonObject();
  }

  static String query(RoutingContext rc, String name) {
    RequestParameter p = validated(rc).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  static int queryInt(RoutingContext rc, String name, int fallback) {
    RequestParameter p = validated(rc).getQuery().get(name);
    return p == null || p.isNull() ? fallback : p.getInteger();
  }

  /** A boolean query parameter, or null when absent. */
  static Boolean queryBoolean(RoutingContext rc, String name) {
    RequestParameter p = validated(rc).getQuery().get(name);
    return p == null || p.isNull() ? null : p.getBoolean();
  }

  static void answer(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.put("success", true).encode());
  }

  /** The organization a request acts within: the JWT's, else the admin's own choice. */
  static String organizationFor(Caller caller, String requested, String field) {
    if (caller.isAdmin()) {
      if (requested == null) {
        throw ApiError.validation(field, field + " is required with the admin token");
      }
      return requested;
    }
    if (requested != null && !requested.equals(caller.organizationId())) {
      throw ApiError.forbidden(field, field + " differs from the token's organization");
    }
    return caller.organizationId();
  }
}
