package io.navidocs.webhooks.delivery;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses IP address literals without ever touching DNS ({@code InetAddress.getByName} resolves
 * anything it does not recognise as a literal, which a validator must not do).
 *
 * <p>Host names in URLs are read the way curl (via {@code inet_aton}) and browsers (WHATWG URL
 * Standard, "IPv4 parser") read them: a host whose last label is numeric is an IPv4 address in
 * one to four parts, each decimal, octal (leading {@code 0}) or hexadecimal ({@code 0x}), the
 * last part filling the remaining bytes. So {@code 2130706433}, {@code 0177.0.0.1},
 * {@code 0x7f.1} and {@code 127.1} are all 127.0.0.1, and the SSRF guard must see them as such.
 * Java's own parsers accept fewer of these forms, so an attacker's URL would otherwise be
 * judged as a harmless "host name" by us and connected to as loopback by the HTTP client's
 * resolver.
 */
final class IpLiteral {

  /** How a URL host reads. */
  enum Kind { NAME, ADDRESS, INVALID }

  /**
   * A classified host.
   *
   * @param kind a DNS name, an address literal, or neither
   * @param address the 4 or 16 address bytes when {@code kind} is ADDRESS
   * @param problem why the host is invalid (a predicate: "is empty") when {@code kind} is INVALID
   */
  record Host(Kind kind, byte[] address, String problem) {}

  private IpLiteral() {}

  /**
   * Classifies a URL host as {@code java.net.URI#getHost()} returns it (IPv6 in brackets).
   * A trailing dot is ignored, as the WHATWG parser ignores it.
   */
  static Host classify(String host) {
    if (host == null || host.isEmpty()) {
      return new Host(Kind.INVALID, null, "is empty");
    }
    if (host.startsWith("[") || host.indexOf(':') >= 0) {
      String inner = host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1) : host;
      // A zone id ("fe80::1%eth0", "%25" in URLs) names an interface, not part of the address.
      int zone = inner.indexOf('%');
      String address = zone >= 0 ? inner.substring(0, zone) : inner;
      return parseV6(address)
          .map(bytes -> new Host(Kind.ADDRESS, bytes, null))
          .orElseGet(() -> new Host(Kind.INVALID, null, "is not a valid IPv6 address"));
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = name.split("\\.", -1);
    if (!isNumber(parts[parts.length - 1])) {
      return new Host(Kind.NAME, null, null);
    }
    return parseInetAton(parts)
        .map(bytes -> new Host(Kind.ADDRESS, bytes, null))
        .orElseGet(() -> new Host(Kind.INVALID, null,
            "looks like an IPv4 address but is not a valid one"));
  }

  /** Strict dotted-quad IPv4 (four decimal parts 0–255, no leading zeros), as in CIDRs. */
  static Optional<byte[]> parseDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(IpLiteral::isDigit)
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  /**
   * RFC 4291 §2.2 text form: eight groups of one to four hex digits, at most one {@code ::}
   * standing for one or more zero groups, optionally ending in a dotted-quad IPv4 address.
   */
  static Optional<byte[]> parseV6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    List<String> head = groups(gap >= 0 ? text.substring(0, gap) : text);
    List<String> tail = gap >= 0 ? groups(text.substring(gap + 2)) : List.of();
    if (head == null || tail == null) {
      return Optional.empty();
    }
    List<Integer> headValues = new ArrayList<>();
    List<Integer> tailValues = new ArrayList<>();
    // Only the address's final group may be a dotted quad: the head's when there is no "::".
    if (!toValues(head, headValues, gap < 0) || !toValues(tail, tailValues, gap >= 0)) {
      return Optional.empty();
    }
    int count = headValues.size() + tailValues.size();
    if (gap < 0 ? count != 8 : count > 7) {
      return Optional.empty();
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < headValues.size(); i++) {
      putGroup(bytes, i, headValues.get(i));
    }
    for (int i = 0; i < tailValues.size(); i++) {
      putGroup(bytes, 8 - tailValues.size() + i, tailValues.get(i));
    }
    return Optional.of(bytes);
  }

  private static List<String> groups(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> groups = List.of(text.split(":", -1));
    return groups.stream().anyMatch(String::isEmpty) ? null : groups;
  }

  // Converts hex groups to 16-bit values; a trailing dotted quad (only in the address's final
  // position) becomes two groups.
  private static boolean toValues(List<String> groups, List<Integer> values, boolean isLast) {
    for (int i = 0; i < groups.size(); i++) {
      String group = groups.get(i);
      if (group.indexOf('.') >= 0) {
        if (!isLast || i != groups.size() - 1) {
          return false;
        }
        Optional<byte[]> v4 = parseDottedQuad(group);
        if (v4.isEmpty()) {
          return false;
        }
        byte[] b = v4.get();
        values.add(((b[0] & 0xff) << 8) | (b[1] & 0xff));
        values.add(((b[2] & 0xff) << 8) | (b[3] & 0xff));
      } else {
        if (group.length() > 4 || !group.chars().allMatch(c -> asciiDigit(c, 16) >= 0)) {
          return false;
        }
        values.add(Integer.parseInt(group, 16));
      }
    }
    return true;
  }

  private static void putGroup(byte[] bytes, int index, int value) {
    bytes[2 * index] = (byte) (value >>> 8);
    bytes[2 * index + 1] = (byte) value;
  }

  // WHATWG "ends in a number": all decimal digits, or 0x followed by hex digits (maybe none).
  private static boolean isNumber(String label) {
    if (label.isEmpty()) {
      return false;
    }
    if (label.startsWith("0x") || label.startsWith("0X")) {
      return label.chars().skip(2).allMatch(c -> asciiDigit(c, 16) >= 0);
    }
    return label.chars().allMatch(IpLiteral::isDigit);
  }

  // inet_aton(3): a.b.c.d, a.b.c (c is 16 bits), a.b (b is 24 bits), a (32 bits).
  private static Optional<byte[]> parseInetAton(String[] parts) {
    if (parts.length > 4) {
      return Optional.empty();
    }
    long address = 0;
    for (int i = 0; i < parts.length; i++) {
      Optional<BigInteger> value = parseNumber(parts[i]);
      boolean lastPart = i == parts.length - 1;
      int bits = lastPart ? 8 * (5 - parts.length) : 8;
      if (value.isEmpty() || value.get().bitLength() > bits) {
        return Optional.empty();
      }
      address = lastPart ? (address << bits) | value.get().longValue()
          : (address << 8) | value.get().longValue();
    }
    return Optional.of(new byte[] {
        (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
  }

  private static Optional<BigInteger> parseNumber(String part) {
    if (part.isEmpty()) {
      return Optional.empty();
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return Optional.of(BigInteger.ZERO);
      }
    } else if (part.length() > 1 && part.charAt(0) == '0') {
      radix = 8;
      digits = part.substring(1);
    }
    final int r = radix;
    if (!digits.chars().allMatch(c -> asciiDigit(c, r) >= 0)) {
      return Optional.empty();
    }
    return Optional.of(new BigInteger(digits, radix));
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  // Character.digit also accepts non-ASCII digits (fullwidth, Arabic-Indic); hosts never do.
  private static int asciiDigit(int c, int radix) {
    int value;
    if (c >= '0' && c <= '9') {
      value = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      value = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      value = c - 'A' + 10;
    } else {
      return -1;
    }
    return value < radix ? value : -1;
  }
}
