package io.navidocs.webhooks.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeTest {

  @Test
  void theCatalogueHoldsExactlyTheFourteenTypesOfTheSpec() {
    List<String> spec = List.of("WARRANTY_EXPIRING", "WARRANTY_EXPIRED", "WARRANTY_CLAIMED",
        "WARRANTY_STATUS_CHANGED", "DOCUMENT_UPLOADED", "DOCUMENT_DELETED", "SALE_INITIATED",
        "SALE_PACKAGE_GENERATED", "SALE_TRANSFERRED", "SALE_COMPLETED", "NOTIFICATION_SENT",
        "WEBHOOK_DELIVERY_FAILED", "INTEGRATION_STATUS_CHANGED", "WEBHOOK_TEST");

    assertEquals(spec, Arrays.stream(EventType.values()).map(Enum::name).toList());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyTypeHasAOneLineDescription(EventType type) {
    String description = type.description();

    assertFalse(description.isBlank());
    assertFalse(description.contains("\n"), description);
    assertTrue(description.length() <= 100, description);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyTypeHasANonEmptyExampleWithSnakeCaseFields(EventType type) {
    JsonObject data = type.exampleData();

    assertFalse(data.isEmpty());
    for (String field : data.fieldNames()) {
      assertTrue(field.matches("[a-z][a-z0-9_]*"), type + " field " + field);
    }
  }

  @Test
  void warrantyExpiringExampleHasExactlyTheFieldsTheSpecLists() {
    JsonObject data = EventType.WARRANTY_EXPIRING.exampleData();

    assertEquals(List.of("warranty_id", "boat_id", "boat_name", "item_name", "provider",
        "expiration_date", "days_until_expiration", "coverage_amount"),
        List.copyOf(data.fieldNames()));
  }

  @Test
  void warrantyExpiringExampleUsesTheSeedsValueTypes() {
    JsonObject data = EventType.WARRANTY_EXPIRING.exampleData();

    // warranty_tracking.expiration_date is TEXT YYYY-MM-DD; coverage_amount is REAL.
    LocalDate.parse(data.getString("expiration_date"));
    assertInstanceOf(Integer.class, data.getValue("days_until_expiration"));
    assertInstanceOf(Double.class, data.getValue("coverage_amount"));
    int days = data.getInteger("days_until_expiration");
    assertTrue(days > 0 && days <= 90, "within the largest threshold: " + days);
  }

  @Test
  void exampleDataIsAFreshObjectOnEveryCall() {
    JsonObject first = EventType.DOCUMENT_UPLOADED.exampleData();
    first.put("document_id", "changed").remove("boat_id");

    JsonObject second = EventType.DOCUMENT_UPLOADED.exampleData();

    assertEquals("doc-81f0", second.getString("document_id"));
    assertTrue(second.containsKey("boat_id"));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void parseFindsEveryTypeByItsWireName(EventType type) {
    assertEquals(Optional.of(type), EventType.parse(type.name()));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"warranty_expiring", "Warranty_Expiring", " WARRANTY_EXPIRING",
      "WARRANTY_EXPIRING ", "WARRANTY_*", "*", "UNKNOWN_EVENT"})
  void parseRefusesAnythingButAnExactUpperCaseName(String name) {
    assertEquals(Optional.empty(), EventType.parse(name));
  }
}
