package io.navidocs.webhooks.api;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what Vert.x's OpenAPI validator reports onto SPEC §6's error body, naming the field or
 * parameter: the validator's exceptions carry the parameter only in their message and the body
 * field in the JSON Schema output unit's instance location.
 */
final class ContractErrors {
  private static final Pattern PARAMETER =
      Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)[:\\s.]");
  private static final Pattern PROPERTY = Pattern.compile("[Pp]roperty \"?([^\"\\s]+)\"?");

  private ContractErrors() {}

  static ApiError map(ValidatorException e) {
    String message = e.getMessage() == null ? "invalid request" : e.getMessage();
    Matcher p = PARAMETER.matcher(message + " ");
    if (p.find()) {
      String name = p.group(1);
      return ApiError.validation(name, parameterMessage(name, e));
    }
    if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      List<ApiError.Detail> details = bodyDetails(sve.getOutputUnit());
      if (!details.isEmpty()) {
        return ApiError.validation(details);
      }
    }
    if (message.toLowerCase().contains("content-type") || message.contains("content type")) {
      return ApiError.validation("Content-Type", "the body must be application/json");
    }
    return ApiError.validation("body", "the request body is missing or not valid: "
        + firstSentence(message));
  }

  private static String parameterMessage(String name, ValidatorException e) {
    if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      List<OutputUnit> leaves = leaves(sve.getOutputUnit());
      if (!leaves.isEmpty()) {
        return name + ": " + leaves.get(0).getError();
      }
    }
    return name + ": " + firstSentence(e.getMessage());
  }

  /** One detail per field, from the innermost errors of the schema output. */
  static List<ApiError.Detail> bodyDetails(OutputUnit unit) {
    Map<String, String> byField = new LinkedHashMap<>();
    for (OutputUnit leaf : leaves(unit)) {
      String error = leaf.getError() == null ? "invalid" : leaf.getError();
      String field = field(leaf.getInstanceLocation());
      // additionalProperties names the unknown property in the message, at the parent's location.
      String keyword = leaf.getKeywordLocation() == null ? "" : leaf.getKeywordLocation();
      if (keyword.contains("additionalProperties") || error.contains("additional prop")) {
        Matcher m = PROPERTY.matcher(error);
        String unknown = m.find() ? m.group(1) : "?";
        // Vert.x reports the unknown property's own location; other validators its parent's.
        if (field.equals("body")) {
          field = unknown;
        }
        error = "unknown field";
      }
      byField.putIfAbsent(field, error);
    }
    List<ApiError.Detail> out = new ArrayList<>();
    byField.forEach((f, m) -> out.add(new ApiError.Detail(f, f + ": " + m)));
    return out;
  }

  private static List<OutputUnit> leaves(OutputUnit unit) {
    List<OutputUnit> out = new ArrayList<>();
    collect(unit, out);
    return out;
  }

  private static void collect(OutputUnit unit, List<OutputUnit> out) {
    if (unit.getErrors() == null || unit.getErrors().isEmpty()) {
      if (unit.getError() != null) {
        out.add(unit);
      }
      return;
    }
    unit.getErrors().forEach(u -> collect(u, out));
  }

  /** {@code #/topics/0} or {@code /topics/0} → {@code topics[0]}; the root → {@code body}. */
  static String field(String instanceLocation) {
    if (instanceLocation == null) {
      return "body";
    }
    String loc = instanceLocation.startsWith("#") ? instanceLocation.substring(1)
        : instanceLocation;
    StringBuilder out = new StringBuilder();
    for (String part : loc.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit) && out.length() > 0) {
        out.append('[').append(name).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(name);
      }
    }
    return out.length() == 0 ? "body" : out.toString();
  }

  private static String firstSentence(String message) {
    if (message == null) {
      return "invalid";
    }
    String m = message.length() > 200 ? message.substring(0, 200) : message;
    return m.replaceAll("\\p{Cntrl}", "?");
  }
}
