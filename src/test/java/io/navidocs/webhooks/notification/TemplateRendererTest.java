package io.navidocs.webhooks.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  static final String SUBJECT = "Warranty expiring in 90 days: {{item_name}}";
  static final String BODY = "Your {{item_name}} warranty expires on {{ expiration_date }}"
      + " ({{days_until_expiration}} days, {{coverage_amount}} USD).";

  @Test
  void rendersEveryPlaceholderFromTheEventData() throws Exception {
    JsonObject data = new JsonObject().put("item_name", "Engine")
        .put("expiration_date", "2026-06-30").put("days_until_expiration", 29)
        .put("coverage_amount", 50000.0);
    TemplateRenderer.Rendered r = TemplateRenderer.render(SUBJECT, BODY, data);
    assertEquals("Warranty expiring in 90 days: Engine", r.title());
    assertEquals("Your Engine warranty expires on 2026-06-30 (29 days, 50000 USD).", r.message());
  }

  @Test
  void variablesTheTemplateDoesNotUseAreIgnored() throws Exception {
    JsonObject data = new JsonObject().put("item_name", "Engine").put("boat_name", "Sea Breeze")
        .put("warranty_id", "wt-1");
    assertEquals("Warranty expiring in 90 days: Engine", TemplateRenderer.render(SUBJECT, data));
  }

  @Test
  void aMissingOrNullVariableIsAnErrorNamingEveryMissingVariable() {
    JsonObject data = new JsonObject().put("item_name", "Engine").putNull("coverage_amount");
    TemplateRenderer.MissingVariablesException e = assertThrows(
        TemplateRenderer.MissingVariablesException.class,
        () -> TemplateRenderer.render(SUBJECT, BODY, data));
    assertEquals(Set.of("expiration_date", "days_until_expiration", "coverage_amount"),
        e.missing());
  }

  @Test
  void replacementTextIsTakenLiterally() throws Exception {
    JsonObject data = new JsonObject().put("item_name", "Engine $1 {{x}} \\");
    assertEquals("Warranty expiring in 90 days: Engine $1 {{x}} \\",
        TemplateRenderer.render(SUBJECT, data));
  }
}
