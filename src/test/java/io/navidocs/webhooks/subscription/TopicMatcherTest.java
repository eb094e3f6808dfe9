package io.navidocs.webhooks.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.event.EventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TopicMatcherTest {

  private static List<String> topics(String spaceSeparated) {
    return Arrays.asList(spaceSeparated.split(" "));
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
  @CsvSource({
      "WARRANTY_EXPIRING,                          WARRANTY_EXPIRING,          true",
      "WARRANTY_EXPIRING,                          WARRANTY_EXPIRED,           false",
      "WARRANTY_EXPIRING DOCUMENT_UPLOADED,        DOCUMENT_UPLOADED,          true",
      "WARRANTY_EXPIRING DOCUMENT_UPLOADED,        DOCUMENT_DELETED,           false",
      "WARRANTY_*,                                 WARRANTY_STATUS_CHANGED,    true",
      "WARRANTY_*,                                 SALE_INITIATED,             false",
      "SALE_* DOCUMENT_*,                          SALE_COMPLETED,             true",
      "SALE_* DOCUMENT_*,                          NOTIFICATION_SENT,          false",
      "*,                                          INTEGRATION_STATUS_CHANGED, true",
      "*,                                          WEBHOOK_DELIVERY_FAILED,    true",
      "*,                                          WEBHOOK_TEST,               false",
      "WEBHOOK_*,                                  WEBHOOK_TEST,               false",
      "WEBHOOK_TEST,                               WEBHOOK_TEST,               false",
      "*,                                          NO_SUCH_EVENT,              false",
      "*,                                          warranty_expiring,          false",
      "WARRANTY_* WARRANTY_EXPIRING,               WARRANTY_EXPIRING,          true",
  })
  void anEventMatchesWhenAnyTopicSelectsItsType(String topicList, String eventType,
      boolean expected) {
    assertEquals(expected, TopicMatcher.matches(topics(topicList), eventType));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theTestEventIsNeverMatchedWhateverTheTopics(EventType any) {
    List<String> everything = new ArrayList<>(List.of("*", "WEBHOOK_*", "WEBHOOK_TEST"));
    everything.add(any.name());

    assertFalse(TopicMatcher.matches(everything, EventType.WEBHOOK_TEST));
  }

  @Test
  void storedEntriesThatWouldFailValidationMatchNothingInsteadOfFailing() {
    // A row written by another writer: junk beside a good entry.
    List<String> stored = Arrays.asList("warranty_expiring", null, "", "SALE_*", "**");

    assertTrue(TopicMatcher.matches(stored, "SALE_TRANSFERRED"));
    assertFalse(TopicMatcher.matches(stored, "WARRANTY_EXPIRING"));
    assertEquals(EnumSet.of(EventType.SALE_INITIATED, EventType.SALE_PACKAGE_GENERATED,
        EventType.SALE_TRANSFERRED, EventType.SALE_COMPLETED), TopicMatcher.matchedTypes(stored));
  }

  @SuppressWarnings("unchecked")
  @Test
  void aListDecodedFromJsonWithNonStringsStillMatchesWithoutThrowing() {
    List<String> decoded = new JsonArray("[42, \"DOCUMENT_*\", {\"a\":1}, null]").getList();

    assertTrue(TopicMatcher.matches(decoded, "DOCUMENT_DELETED"));
    assertFalse(TopicMatcher.matches(decoded, "SALE_INITIATED"));
  }

  @Test
  void nullInputsMatchNothing() {
    assertFalse(TopicMatcher.matches(null, "SALE_INITIATED"));
    assertFalse(TopicMatcher.matches(List.of("*"), (String) null));
    assertFalse(TopicMatcher.matches(List.of("*"), (EventType) null));
    assertEquals(Set.of(), TopicMatcher.matchedTypes(null));
  }

  @Test
  void theSeedsExampleTopicsAreValid() {
    // webhooks.topics in the seed's testing checklist.
    List<?> seed = new JsonArray("[\"WARRANTY_EXPIRING\", \"DOCUMENT_UPLOADED\"]").getList();

    assertEquals(List.of(), TopicMatcher.validate(seed));
  }

  @Test
  void exactNamesPatternsAndTheWildcardTogetherAreValid() {
    assertEquals(List.of(), TopicMatcher.validate(
        List.of("WARRANTY_*", "DOCUMENT_UPLOADED", "*", "SALE_COMPLETED", "WEBHOOK_*")));
  }

  @Test
  void overlappingEntriesAreValidButAnExactDuplicateIsNot() {
    assertEquals(List.of(), TopicMatcher.validate(List.of("WARRANTY_*", "WARRANTY_EXPIRING")));
    assertEquals(List.of("topics[2]: 'WARRANTY_EXPIRING' is listed more than once"),
        TopicMatcher.validate(List.of("WARRANTY_EXPIRING", "SALE_*", "WARRANTY_EXPIRING")));
  }

  @Test
  void anEmptyOrMissingListIsRefused() {
    String message = "topics must be a non-empty array of event types or patterns";

    assertEquals(List.of(message), TopicMatcher.validate(List.of()));
    assertEquals(List.of(message), TopicMatcher.validate(null));
  }

  @Test
  void everyBadEntryIsReportedWithItsPosition() {
    List<?> input = new JsonArray("[\"SALE_*\", 7, null, true, [\"X\"], {\"a\":1}, \" \","
        + " \"BOGUS\", \"WEBHOOK_TEST\", \"WARRANTY_*_X\"]").getList();

    assertEquals(List.of(
        "topics[1]: must be a string, not a number",
        "topics[2]: must be a string, not null",
        "topics[3]: must be a string, not a boolean",
        "topics[4]: must be a string, not an array",
        "topics[5]: must be a string, not an object",
        "topics[6]: a topic must not be blank",
        "topics[7]: 'BOGUS' is not a known event type",
        "topics[8]: 'WEBHOOK_TEST' is sent only by the test endpoint and cannot be subscribed to",
        "topics[9]: 'WARRANTY_*_X' may contain '*' only once, as its last character"),
        TopicMatcher.validate(input));
  }

  @Test
  void validationAcceptsVertxJsonValuesAsTheApiReceivesThem() {
    JsonObject body = new JsonObject("{\"topics\":[\"DOCUMENT_*\",\"SALE_INITIATED\"]}");

    assertEquals(List.of(), TopicMatcher.validate(body.getJsonArray("topics").getList()));
  }

  @Test
  void matchedTypesIsTheUnionOfEveryEntry() {
    assertEquals(EnumSet.of(EventType.DOCUMENT_UPLOADED, EventType.DOCUMENT_DELETED,
        EventType.NOTIFICATION_SENT),
        TopicMatcher.matchedTypes(List.of("DOCUMENT_*", "NOTIFICATION_SENT", "DOCUMENT_DELETED")));
  }
}
