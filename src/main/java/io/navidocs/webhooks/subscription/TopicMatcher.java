package io.navidocs.webhooks.subscription;

import io.navidocs.webhooks.event.EventType;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which webhooks an event goes to, from a webhook's {@code topics} list (the seed's
 * {@code webhooks.topics} JSON array), and validates such lists for the API.
 *
 * <p>A list matches an event type when any of its entries does (see {@link TopicPattern}).
 * {@link EventType#WEBHOOK_TEST} is never matched: the test endpoint sends it to one webhook
 * directly, whatever that webhook's topics.
 *
 * <p>Validation is strict (SPEC §6: "a non-empty array of known event types or patterns"), and
 * additionally refuses duplicate entries: a list that names a topic twice is almost always a
 * client bug, and refusing it keeps the stored list canonical. Overlapping entries such as
 * {@code WARRANTY_*} beside {@code WARRANTY_EXPIRING} are allowed; the event is still delivered
 * once. Matching, by contrast, is lenient: rows written by other writers may hold entries that
 * would not pass validation; those entries simply match nothing.
 */
public final class TopicMatcher {

  private TopicMatcher() {}

  /**
   * Checks a topics list as received from a client (elements may be of any JSON type).
   *
   * @return one message per problem, each starting with the offending entry's position as
   *     {@code topics[i]}; an empty list when the topics are valid
   */
  public static List<String> validate(List<?> topics) {
    List<String> problems = new ArrayList<>();
    if (topics == null || topics.isEmpty()) {
      problems.add("topics must be a non-empty array of event types or patterns");
      return problems;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < topics.size(); i++) {
      Object entry = topics.get(i);
      String where = "topics[" + i + "]: ";
      if (!(entry instanceof String)) {
        problems.add(where + "must be a string, not " + jsonKind(entry));
        continue;
      }
      String topic = (String) entry;
      Optional<String> problem = TopicPattern.problem(topic);
      if (problem.isPresent()) {
        problems.add(where + problem.get());
      } else if (!seen.add(topic)) {
        problems.add(where + TopicPattern.quote(topic) + " is listed more than once");
      }
    }
    return problems;
  }

  /**
   * Whether an event of type {@code eventType} (its wire name) goes to a webhook with these
   * topics. False for an unknown type, for {@code WEBHOOK_TEST}, and for null inputs.
   */
  public static boolean matches(List<String> topics, String eventType) {
    return EventType.parse(eventType).map(type -> matches(topics, type)).orElse(false);
  }

  /**
   * Whether an event of this type goes to a webhook with these topics: the same rule the outbox
   * fan-out applies through {@link #matchedTypes} (computed once per webhook and batch there).
   */
  public static boolean matches(List<String> topics, EventType eventType) {
    return eventType != null && matchedTypes(topics).contains(eventType);
  }

  /** Every event type a webhook with these topics receives; invalid entries add nothing. */
  public static Set<EventType> matchedTypes(List<String> topics) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    if (topics != null) {
      for (Object entry : topics) {
        if (entry instanceof String && TopicPattern.problem((String) entry).isEmpty()) {
          types.addAll(TopicPattern.parse((String) entry).matchedTypes());
        }
      }
    }
    return types;
  }

  private static String jsonKind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List || value instanceof JsonArray) {
      return "an array";
    }
    return "an object";
  }
}
