package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's request validator: the contract's own checks, answered at once on the caller's
 * thread for ordinary requests (no hop to the worker pool), with schema validators built once.
 * The HTTP-level behaviour (every error code of every hostile request) is the hostile-request
 * suites'; this checks what makes it cheap.
 */
class InlineRequestValidatorTest {
  static Vertx vertx;
  static OpenAPIContract contract;

  @BeforeAll
  static void load() throws Exception {
    vertx = Vertx.vertx();
    contract = OpenAPIContract.from(vertx, ApiRoutes.contractJson()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static ValidatableRequestImpl listRequest(String limit) {
    return new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(),
        Map.of("limit", new RequestParameterImpl(limit)));
  }

  @Test
  void aListRequestIsValidatedOnTheCallingThreadWithTheContractsTypes() {
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
    Future<ValidatedRequest> result = validator.validate(listRequest("20"), "listWebhooks");
    assertTrue(result.isComplete(), "answered before validate returns: no worker-pool hop");
    assertTrue(result.succeeded(), String.valueOf(result.cause()));
    assertEquals(20, result.result().getQuery().get("limit").getInteger());
    assertTrue(result.result().getQuery().get("offset").isNull(), "absent optional parameter");
  }

  @Test
  void aValueOutsideTheContractFailsWithTheLibrarysOwnException() {
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
    Future<ValidatedRequest> result = validator.validate(listRequest("0"), "listWebhooks");
    assertTrue(result.isComplete());
    ValidatorException e = assertInstanceOf(ValidatorException.class, result.cause());
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void aSmallJsonBodyIsValidatedInlineAndALargeOneStillOnTheWorkerPool() throws Exception {
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
    JsonObject small = new JsonObject().put("organization_id", "org-1")
        .put("url", "https://example.com/hook").put("topics", new JsonArray().add("*"));
    Future<ValidatedRequest> inline = validator.validate(withBody(small), "createWebhook");
    assertTrue(inline.isComplete(), "a small body is validated on the calling thread");
    assertTrue(inline.succeeded(), String.valueOf(inline.cause()));

    JsonObject large = small.copy().put("description",
        "x".repeat(InlineRequestValidator.INLINE_BODY_BYTES));
    Future<ValidatedRequest> offloaded = validator.validate(withBody(large), "createWebhook");
    // The same checks either way: the contract limits a description to 500 characters.
    Throwable failure = offloaded.transform(ar -> Future.succeededFuture(ar.cause()))
        .await(10, TimeUnit.SECONDS);
    assertInstanceOf(ValidatorException.class, failure, "a too long description is refused");
  }

  private static ValidatableRequestImpl withBody(JsonObject body) {
    RequestParameter parameter = new RequestParameterImpl(Buffer.buffer(body.encode()));
    return new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), Map.of(), parameter,
        "application/json");
  }

  @Test
  void eachRequestSchemaGetsOneValidatorBuiltAtStartAndReusedForEveryRequest() {
    CompiledSchemas schemas = (CompiledSchemas) CompiledSchemas.over(contract)
        .getSchemaRepository();
    assertTrue(schemas.compiled() > 20, "parameters and bodies of every operation: "
        + schemas.compiled());
    Parameter limit = contract.operation("listWebhooks").getParameters().stream()
        .filter(p -> p.getName().equals("limit")).findFirst().orElseThrow();
    JsonSchema schema = limit.getSchema();
    assertSame(schemas.validator(schema), schemas.validator(schema));
  }
}
