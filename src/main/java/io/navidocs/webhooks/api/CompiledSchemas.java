package io.navidocs.webhooks.api;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's schema repository with one validator per request schema, built at start.
 *
 * <p>The library's {@code SchemaRepository.validator(schema)} builds a new validator on every
 * call, copying the repository's whole table of schemas into it; the request validator calls it
 * once per parameter per request. A validator keeps no state between validations, and the
 * contract does not change after it is loaded, so one per schema serves every request. Every
 * other call goes to the contract's own repository.
 */
final class CompiledSchemas implements SchemaRepository {
  private final SchemaRepository repository;
  // Filled once in the constructor and only read afterwards (also from worker threads).
  private final Map<JsonSchema, Validator> validators = new IdentityHashMap<>();

  private CompiledSchemas(OpenAPIContract contract) {
    this.repository = contract.getSchemaRepository();
    for (Operation operation : contract.operations()) {
      for (Parameter p : operation.getParameters()) {
        compile(p.getSchema());
      }
      if (operation.getRequestBody() != null) {
        for (MediaType m : operation.getRequestBody().getContent().values()) {
          compile(m.getSchema());
        }
      }
    }
  }

  private void compile(JsonSchema schema) {
    if (schema != null && !validators.containsKey(schema)) {
      validators.put(schema, repository.validator(schema));
    }
  }

  /** {@code contract} with its schema repository replaced by a compiled one. */
  static OpenAPIContract over(OpenAPIContract contract) {
    return new Contract(contract, new CompiledSchemas(contract));
  }

  /** How many schemas have a validator built once (for tests). */
  int compiled() {
    return validators.size();
  }

  @Override
  public Validator validator(JsonSchema schema) {
    Validator v = validators.get(schema);
    return v != null ? v : repository.validator(schema);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) {
    return repository.dereference(schema);
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) {
    return repository.dereference(uri, schema);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    return repository.preloadMetaSchema(fs);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    return repository.preloadMetaSchema(fs, draft);
  }

  @Override
  public Validator validator(String ref) {
    return repository.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return repository.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return repository.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return repository.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return repository.find(pointer);
  }

  /** The loaded contract, answering {@link #getSchemaRepository} with the compiled schemas. */
  private record Contract(OpenAPIContract contract, CompiledSchemas schemas)
      implements OpenAPIContract {
    @Override
    public Operation operation(String operationId) {
      return contract.operation(operationId);
    }

    @Override
    public List<Operation> operations() {
      return contract.operations();
    }

    @Override
    public List<Path> getPaths() {
      return contract.getPaths();
    }

    @Override
    public JsonObject getRawContract() {
      return contract.getRawContract();
    }

    @Override
    public OpenAPIVersion getVersion() {
      return contract.getVersion();
    }

    @Override
    public SchemaRepository getSchemaRepository() {
      return schemas;
    }

    @Override
    public List<Server> getServers() {
      return contract.getServers();
    }

    @Override
    public Path findPath(String urlPath) {
      return contract.findPath(urlPath);
    }

    @Override
    public Operation findOperation(String urlPath, HttpMethod method) {
      return contract.findOperation(urlPath, method);
    }

    @Override
    public List<SecurityRequirement> getSecurityRequirements() {
      return contract.getSecurityRequirements();
    }

    @Override
    public SecurityScheme securityScheme(String name) {
      return contract.securityScheme(name);
    }
  }
}
