package io.navidocs.webhooks.delivery;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The two pieces of JSON text the delivered body needs, written straight into a builder: a
 * string literal and the ISO 8601 timestamp. The general-purpose encoders (Jackson,
 * {@link java.time.format.DateTimeFormatter}) showed up in the engine's profile at one body per
 * attempt; these produce the same characters (see JsonTextTest).
 */
final class JsonText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonText() {}

  /** {@code value} as a JSON string literal, escaped as Jackson escapes it. */
  static void appendString(StringBuilder out, String value) {
    out.append('"');
    int n = value.length();
    int from = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, from, i);
      from = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(value, from, n).append('"');
  }

  /**
   * Unix milliseconds as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} (UTC), the same text as
   * {@link WebhookRequest#TIMESTAMP}; years outside 0000–9999 go through that formatter.
   */
  static void appendTimestamp(StringBuilder out, long epochMs) {
    long seconds = Math.floorDiv(epochMs, 1000L);
    int millis = (int) Math.floorMod(epochMs, 1000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      out.append(WebhookRequest.TIMESTAMP.format(Instant.ofEpochMilli(epochMs)));
      return;
    }
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append('T');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    pad(out, millis, 3).append('Z');
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
      if (value < limit) {
        out.append('0');
      }
    }
    return out.append(value);
  }
}
