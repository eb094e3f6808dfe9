package io.navidocs.webhooks.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare
 * address is a single host ({@code /32}, {@code /128}).
 *
 * @param network the network address bytes (4 or 16), host bits all zero
 * @param prefixLength the number of leading bits that must match
 */
record Cidr(byte[] network, int prefixLength) {

  /**
   * Parses a CIDR strictly: a dotted-quad IPv4 address without leading zeros or an RFC 4291
   * IPv6 address, then an optional {@code /N}. Host bits set beyond the prefix
   * ({@code 10.1.2.3/8}) are refused rather than masked away, since such an entry is usually a
   * typo whose intended network cannot be guessed.
   *
   * @throws IllegalArgumentException naming the entry and the reason
   */
  static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("invalid network '': it is empty");
    }
    String entry = text.strip();
    int slash = entry.indexOf('/');
    String address = slash >= 0 ? entry.substring(0, slash) : entry;
    boolean v6 = address.indexOf(':') >= 0;
    Optional<byte[]> bytes = v6 ? IpLiteral.parseV6(address) : IpLiteral.parseDottedQuad(address);
    if (bytes.isEmpty()) {
      throw invalid(entry, "'" + address + "' is not an IPv" + (v6 ? "6" : "4")
          + " address" + (v6 ? "" : " in dotted-quad form"));
    }
    int maxBits = bytes.get().length * 8;
    int prefix = maxBits;
    if (slash >= 0) {
      String digits = entry.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3
          || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(digits) > maxBits) {
        throw invalid(entry, "the prefix length must be a number from 0 to " + maxBits);
      }
      prefix = Integer.parseInt(digits);
    }
    byte[] masked = mask(bytes.get(), prefix);
    if (!Arrays.equals(masked, bytes.get())) {
      throw invalid(entry, "it has address bits set beyond its /" + prefix + " prefix; the "
          + "network is " + format(masked) + "/" + prefix);
    }
    return new Cidr(masked, prefix);
  }

  /** Whether {@code address} (of the same family) lies inside this network. */
  boolean contains(byte[] address) {
    return address.length == network.length
        && Arrays.equals(mask(address, prefixLength), network);
  }

  /** The canonical text, for example {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr && ((Cidr) other).prefixLength == prefixLength
        && Arrays.equals(((Cidr) other).network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  static String format(byte[] address) {
    try {
      // getByAddress never resolves; it would turn a mapped ::ffff:a.b.c.d into IPv4, so IPv6
      // is built through Inet6Address to keep the family the user wrote.
      InetAddress inet = address.length == 16
          ? Inet6Address.getByAddress(null, address, -1)
          : InetAddress.getByAddress(address);
      return inet.getHostAddress();
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("address of length " + address.length, impossible);
    }
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  private static IllegalArgumentException invalid(String entry, String reason) {
    return new IllegalArgumentException("invalid network '" + entry + "': " + reason);
  }
}
