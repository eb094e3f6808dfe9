package io.navidocs.webhooks.subscription;

import io.navidocs.webhooks.event.EventType;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a webhook's {@code topics} (SPEC §4): an exact event type name such as
 * {@code WARRANTY_EXPIRING}, a prefix pattern such as {@code WARRANTY_*}, or {@code *}.
 *
 * <p>Rules, checked by {@link #problem(String)}:
 *
 * <ul>
 *   <li>An exact name must be a known {@link EventType}, spelt in upper case as on the wire.
 *   <li>A pattern is a non-empty prefix followed by one {@code *} at the very end, or {@code *}
 *       alone; a {@code *} anywhere else is refused rather than read as a literal, because no
 *       event type contains one. The prefix is a plain string prefix ({@code WARRANTY*} is
 *       the same set as {@code WARRANTY_*}).
 *   <li>A pattern must match at least one subscribable type, so a typo such as
 *       {@code WARANTY_*} is an error and not a subscription that silently never fires.
 *   <li>{@link EventType#WEBHOOK_TEST} is sent only by the test endpoint, never through topics:
 *       no pattern matches it and naming it exactly is refused (a subscription to it would
 *       never deliver anything).
 * </ul>
 *
 * <p>Instances are immutable and compare by their text.
 */
public final class TopicPattern {

  /** The pattern matching every subscribable event type. */
  public static final String WILDCARD = "*";

  /** Longest topic accepted; the longest event type name is 26 characters. */
  public static final int MAX_LENGTH = 100;

  private final String text;
  private final Set<EventType> matched;

  private TopicPattern(String text, Set<EventType> matched) {
    this.text = text;
    this.matched = matched;
  }

  /**
   * Parses one topic.
   *
   * @throws IllegalArgumentException when the topic breaks a rule; the message says which
   */
  public static TopicPattern parse(String topic) {
    Optional<String> problem = problem(topic);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return new TopicPattern(topic, expand(topic));
  }

  /**
   * Why {@code topic} is not a valid topic, or empty when it is. The message quotes the topic
   * (shortened when long) so an API client can see which entry is meant.
   */
  public static Optional<String> problem(String topic) {
    if (topic == null) {
      return Optional.of("a topic must be a string, not null");
    }
    if (topic.isBlank()) {
      return Optional.of("a topic must not be blank");
    }
    if (topic.length() > MAX_LENGTH) {
      return Optional.of(quote(topic) + " is longer than " + MAX_LENGTH + " characters");
    }
    if (!topic.strip().equals(topic)) {
      return Optional.of(quote(topic) + " has leading or trailing whitespace");
    }
    int star = topic.indexOf('*');
    if (star >= 0 && star != topic.length() - 1) {
      return Optional.of(quote(topic) + " may contain '*' only once, as its last character");
    }
    if (EventType.WEBHOOK_TEST.name().equals(topic)) {
      return Optional.of(
          quote(topic) + " is sent only by the test endpoint and cannot be subscribed to");
    }
    if (star < 0) {
      if (EventType.parse(topic).isPresent()) {
        return Optional.empty();
      }
      String hint = EventType.parse(topic.toUpperCase(Locale.ROOT))
          .map(t -> " (event types are upper case: " + t.name() + ")")
          .orElse("");
      return Optional.of(quote(topic) + " is not a known event type" + hint);
    }
    if (expand(topic).isEmpty()) {
      return Optional.of(quote(topic) + " matches no known event type");
    }
    return Optional.empty();
  }

  /** The topic as given, for example {@code WARRANTY_*}. */
  public String text() {
    return text;
  }

  /** Whether this is {@code *} or a prefix pattern rather than an exact name. */
  public boolean isPattern() {
    return text.endsWith(WILDCARD);
  }

  /** Whether an event of this type is delivered under this topic; never for WEBHOOK_TEST. */
  public boolean matches(EventType type) {
    return matched.contains(type);
  }

  /** The event types this topic selects (a copy). */
  public Set<EventType> matchedTypes() {
    return matched.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(matched);
  }

  // Only called on text that passed the syntactic rules above.
  private static Set<EventType> expand(String topic) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    boolean pattern = topic.endsWith(WILDCARD);
    String prefix = pattern ? topic.substring(0, topic.length() - 1) : null;
    for (EventType type : EventType.values()) {
      if (type == EventType.WEBHOOK_TEST) {
        continue;
      }
      if (pattern ? type.name().startsWith(prefix) : type.name().equals(topic)) {
        types.add(type);
      }
    }
    return types;
  }

  /**
   * Quotes user input for an error message: at most 40 characters, control characters shown as
   * {@code ?}, so a hostile value cannot flood or forge log lines.
   */
  static String quote(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
    shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.append('\'').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TopicPattern && ((TopicPattern) other).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
