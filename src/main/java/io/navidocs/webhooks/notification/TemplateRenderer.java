package io.navidocs.webhooks.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a notification template's {@code {{variable}}} placeholders from an event's {@code data}.
 * Pure. A placeholder whose variable is absent or null in the data is an error (the whole
 * rendering fails, naming every missing variable); variables the template does not use are fine.
 * Numbers print without a needless fraction (50000.0 as 50000), strings as they are.
 */
public final class TemplateRenderer {
  /** {@code {{name}}}, spaces inside the braces allowed. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private TemplateRenderer() {}

  /** A template variable the event's data does not provide. */
  public static final class MissingVariablesException extends Exception {
    private final Set<String> missing;

    public MissingVariablesException(Set<String> missing) {
      super("missing template variable(s): " + String.join(", ", missing));
      this.missing = Set.copyOf(missing);
    }

    public Set<String> missing() {
      return missing;
    }
  }

  /** Renders one text; null stays null. */
  public static String render(String template, JsonObject data) throws MissingVariablesException {
    if (template == null) {
      return null;
    }
    Set<String> missing = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object value = data.getValue(name);
      if (value == null) {
        missing.add(name);
        m.appendReplacement(out, "");
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(text(value)));
      }
    }
    m.appendTail(out);
    if (!missing.isEmpty()) {
      throw new MissingVariablesException(missing);
    }
    return out.toString();
  }

  /** A title and message rendered together, so that one error names every missing variable. */
  public record Rendered(String title, String message) {}

  public static Rendered render(String subject, String body, JsonObject data)
      throws MissingVariablesException {
    Set<String> missing = new LinkedHashSet<>();
    String title = null;
    String message = null;
    try {
      title = render(subject, data);
    } catch (MissingVariablesException e) {
      missing.addAll(e.missing());
    }
    try {
      message = render(body, data);
    } catch (MissingVariablesException e) {
      missing.addAll(e.missing());
    }
    if (!missing.isEmpty()) {
      throw new MissingVariablesException(missing);
    }
    return new Rendered(title, message);
  }

  private static String text(Object value) {
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      BigDecimal d = new BigDecimal(value.toString()).stripTrailingZeros();
      return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
    }
    if (value instanceof JsonObject o) {
      return o.encode();
    }
    if (value instanceof JsonArray a) {
      return a.encode();
    }
    return value.toString();
  }
}
