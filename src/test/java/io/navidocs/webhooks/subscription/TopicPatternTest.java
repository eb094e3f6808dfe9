package io.navidocs.webhooks.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.event.EventType;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TopicPatternTest {

  @ParameterizedTest
  @EnumSource(value = EventType.class, names = "WEBHOOK_TEST", mode = EnumSource.Mode.EXCLUDE)
  void anExactNameMatchesOnlyItsOwnType(EventType type) {
    TopicPattern topic = TopicPattern.parse(type.name());

    assertFalse(topic.isPattern());
    assertEquals(EnumSet.of(type), topic.matchedTypes());
  }

  @Test
  void theWildcardMatchesEverySubscribableTypeButNotTheTestEvent() {
    TopicPattern all = TopicPattern.parse("*");

    assertTrue(all.isPattern());
    assertEquals(EnumSet.complementOf(EnumSet.of(EventType.WEBHOOK_TEST)), all.matchedTypes());
    assertFalse(all.matches(EventType.WEBHOOK_TEST));
  }

  @ParameterizedTest(name = "{0} selects {1} types")
  @CsvSource({
      "WARRANTY_*, 4",
      "WARRANTY*, 4",
      "WARRANTY_STATUS_*, 1",
      "DOCUMENT_*, 2",
      "SALE_*, 4",
      "NOTIFICATION_*, 1",
      "INTEGRATION_*, 1",
      "WEBHOOK_*, 1",
      "W*, 5",
      "WARRANTY_EXPIRING*, 1",
  })
  void aPrefixPatternSelectsEveryTypeStartingWithThePrefix(String text, int count) {
    TopicPattern topic = TopicPattern.parse(text);

    assertEquals(count, topic.matchedTypes().size());
    String prefix = text.substring(0, text.length() - 1);
    topic.matchedTypes().forEach(t -> assertTrue(t.name().startsWith(prefix), t.name()));
  }

  @Test
  void theWebhookPrefixMatchesDeliveryFailuresButNeverTheTestEvent() {
    TopicPattern webhook = TopicPattern.parse("WEBHOOK_*");

    assertTrue(webhook.matches(EventType.WEBHOOK_DELIVERY_FAILED));
    assertFalse(webhook.matches(EventType.WEBHOOK_TEST));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "warranty_expiring       | 'warranty_expiring' is not a known event type (event types are upper case: WARRANTY_EXPIRING)",
      "WARRANTY_EXPIRES        | 'WARRANTY_EXPIRES' is not a known event type",
      "WARANTY_*               | 'WARANTY_*' matches no known event type",
      "WEBHOOK_TEST*           | 'WEBHOOK_TEST*' matches no known event type",
      "WARRANTY_*_CHANGED      | 'WARRANTY_*_CHANGED' may contain '*' only once, as its last character",
      "**                      | '**' may contain '*' only once, as its last character",
      "*WARRANTY               | '*WARRANTY' may contain '*' only once, as its last character",
      "WEBHOOK_TEST            | 'WEBHOOK_TEST' is sent only by the test endpoint and cannot be subscribed to",
      "\"  \"                  | a topic must not be blank",
      "\"\"                    | a topic must not be blank",
      "\" SALE_COMPLETED\"     | ' SALE_COMPLETED' has leading or trailing whitespace",
      "warranty_*              | 'warranty_*' matches no known event type",
  })
  void anInvalidTopicIsRefusedWithAMessageSayingWhy(String text, String message) {
    assertEquals(Optional.of(message), TopicPattern.problem(text));
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> TopicPattern.parse(text));
    assertEquals(message, thrown.getMessage());
  }

  @Test
  void nullIsNotATopic() {
    assertEquals(Optional.of("a topic must be a string, not null"), TopicPattern.problem(null));
  }

  @Test
  void aVeryLongTopicIsRefusedAndQuotedOnlyInPart() {
    String text = "A".repeat(5_000);

    String message = TopicPattern.problem(text).orElseThrow();

    assertTrue(message.endsWith("is longer than 100 characters"), message);
    assertTrue(message.length() < 100, message);
  }

  @Test
  void controlCharactersInATopicDoNotReachTheMessage() {
    String message = TopicPattern.problem("EVIL\nFORGED_LOG_LINE").orElseThrow();

    assertFalse(message.contains("\n"));
    assertTrue(message.startsWith("'EVIL?FORGED_LOG_LINE'"), message);
  }

  @Test
  void topicsCompareByTheirText() {
    assertEquals(TopicPattern.parse("SALE_*"), TopicPattern.parse("SALE_*"));
    assertEquals(TopicPattern.parse("SALE_*").hashCode(), TopicPattern.parse("SALE_*").hashCode());
    assertFalse(TopicPattern.parse("SALE_*").equals(TopicPattern.parse("SALE*")));
    assertEquals("SALE_*", TopicPattern.parse("SALE_*").toString());
  }
}
