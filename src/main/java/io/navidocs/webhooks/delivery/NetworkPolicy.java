package io.navidocs.webhooks.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The pure part of the SSRF guard (SPEC §5 and §6): which addresses deliveries may not connect
 * to, and which webhook URLs are acceptable at all.
 *
 * <p>Refused unless inside one of the allowed networks ({@code NAVIDOCS_DELIVERY_ALLOWED_NETWORKS}):
 * the IPv4 and IPv6 ranges of {@link #REFUSED} (loopback, private, link-local, multicast,
 * unspecified, carrier-grade NAT, broadcast and other special-purpose ranges of the IANA
 * registries), and any IPv6 address that embeds a refused IPv4 address: IPv4-mapped
 * ({@code ::ffff:127.0.0.1}), IPv4-compatible ({@code ::127.0.0.1}), IPv4-translated
 * ({@code ::ffff:0:127.0.0.1}), NAT64 ({@code 64:ff9b::/96}, RFC 6052) and 6to4
 * ({@code 2002::/16}, RFC 3056), since a gateway turns each of those into a connection to the
 * embedded IPv4 address. An embedded address is judged, allow-list included, as that IPv4
 * address.
 *
 * <p>The caller resolves names and asks {@link #isRefused(InetAddress)} about the address it is
 * about to connect to (checking at connect time defeats DNS rebinding); this class never
 * resolves anything.
 */
public final class NetworkPolicy {

  /** Longest webhook URL accepted (SPEC §6). */
  public static final int MAX_URL_LENGTH = 2048;

  /** The refused ranges with why each is refused, checked in this order. */
  static final List<Range> REFUSED = List.of(
      range("0.0.0.0/8", "an unspecified (\"this network\") address"),
      range("10.0.0.0/8", "a private address"),
      range("100.64.0.0/10", "a carrier-grade NAT address"),
      range("127.0.0.0/8", "a loopback address"),
      range("169.254.0.0/16", "a link-local address"),
      range("172.16.0.0/12", "a private address"),
      range("192.0.0.0/24", "an IETF protocol assignment address"),
      range("192.168.0.0/16", "a private address"),
      range("198.18.0.0/15", "a benchmarking address"),
      range("224.0.0.0/4", "a multicast address"),
      range("255.255.255.255/32", "the broadcast address"),
      range("240.0.0.0/4", "a reserved address"),
      range("::/128", "the unspecified address"),
      range("::1/128", "the loopback address"),
      range("fc00::/7", "a unique local (private) address"),
      range("fe80::/10", "a link-local address"),
      range("fec0::/10", "a site-local (private) address"),
      range("ff00::/8", "a multicast address"));

  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
  private static final Cidr COMPATIBLE = Cidr.parse("::/96");

  private final List<Cidr> allowed;

  /**
   * A policy allowing the given networks despite the refused ranges.
   *
   * @param allowedCidrs CIDRs such as {@code 192.168.1.0/24} or {@code fd00::/8}; a bare address
   *     allows that one host; surrounding whitespace is ignored
   * @throws IllegalArgumentException naming the first entry that is not a valid CIDR
   */
  public NetworkPolicy(List<String> allowedCidrs) {
    List<Cidr> parsed = new ArrayList<>();
    for (String cidr : allowedCidrs) {
      parsed.add(Cidr.parse(cidr));
    }
    this.allowed = List.copyOf(parsed);
  }

  /** The policy with no allowed networks: every refused range is refused. */
  public static NetworkPolicy strict() {
    return new NetworkPolicy(List.of());
  }

  /** The allowed networks in canonical form, for the startup log. */
  public List<String> allowedNetworks() {
    return allowed.stream().map(Cidr::toString).toList();
  }

  /** Whether a delivery must not connect to {@code address}. */
  public boolean isRefused(InetAddress address) {
    return refusalReason(address).isPresent();
  }

  /**
   * Why a delivery must not connect to {@code address}, for example {@code "127.0.0.1 is a
   * loopback address (127.0.0.0/8)"}, or empty when it may.
   */
  public Optional<String> refusalReason(InetAddress address) {
    return refusalReason(address.getAddress());
  }

  private Optional<String> refusalReason(byte[] address) {
    if (isAllowed(address)) {
      return Optional.empty();
    }
    for (Range range : REFUSED) {
      if (range.cidr().contains(address)) {
        return Optional.of(Cidr.format(address) + " is " + range.why() + " (" + range.cidr()
            + ")");
      }
    }
    byte[] embedded = embeddedIpv4(address);
    if (embedded != null) {
      return refusalReason(embedded)
          .map(why -> Cidr.format(address) + " embeds " + why);
    }
    return Optional.empty();
  }

  private boolean isAllowed(byte[] address) {
    return allowed.stream().anyMatch(cidr -> cidr.contains(address));
  }

  // The IPv4 address an IPv6 address stands for, or null.
  private static byte[] embeddedIpv4(byte[] address) {
    if (address.length != 16) {
      return null;
    }
    if (MAPPED.contains(address) || TRANSLATED.contains(address) || NAT64.contains(address)
        || COMPATIBLE.contains(address)) {
      return Arrays.copyOfRange(address, 12, 16);
    }
    if (SIX_TO_FOUR.contains(address)) {
      return Arrays.copyOfRange(address, 2, 6);
    }
    return null;
  }

  /**
   * The address a URL host denotes literally, read as curl and browsers read it (decimal
   * {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short {@code 127.1},
   * bracketed IPv6 {@code [::1]}), or empty for a DNS name or a malformed numeric host.
   */
  public static Optional<InetAddress> literalAddress(String host) {
    IpLiteral.Host parsed = IpLiteral.classify(host);
    if (parsed.kind() != IpLiteral.Kind.ADDRESS) {
      return Optional.empty();
    }
    try {
      byte[] bytes = parsed.address();
      return Optional.of(bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(bytes));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("address of " + parsed.address().length + " bytes",
          impossible);
    }
  }

  /**
   * Why a webhook URL whose host is an address literal points at a refused network, or empty
   * (also for DNS names, which are checked when resolved, and for URLs with other problems,
   * which {@link #urlProblem} reports).
   */
  public Optional<String> literalHostProblem(String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      return uri.getRawAuthority() == null ? Optional.empty()
          : literalAddress(hostOf(uri)).flatMap(this::refusalReason)
          .map(why -> "url points at a refused network: " + why
              + "; list its network in NAVIDOCS_DELIVERY_ALLOWED_NETWORKS to allow it");
    } catch (URISyntaxException notAUri) {
      return Optional.empty();
    }
  }

  /**
   * The syntactic URL rules of SPEC §6, or empty when {@code url} satisfies them: an absolute
   * {@code https://} URL ({@code http://} too when {@code allowHttp}), with a host, without
   * credentials, at most {@value #MAX_URL_LENGTH} characters, with a port from 1 to 65535 when
   * one is given, and without a fragment: a fragment is never sent in a request, so a URL that
   * carries one (a token after {@code #}, say) would not deliver what its author expects. A host
   * that looks numeric must be an IPv4 address in dotted-quad form: other forms
   * ({@code 2130706433}, {@code 0x7f.1}, {@code 127.1}) are refused even for public addresses,
   * because we would judge one address while the HTTP client's resolver, which reads dotted
   * quads only, would look the text up in DNS. Messages quote at most the host, never the path
   * or query, which may carry tokens.
   */
  public static Optional<String> urlProblem(String url, boolean allowHttp) {
    if (url == null || url.isBlank()) {
      return Optional.of("url is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return Optional.of("url must be at most " + MAX_URL_LENGTH + " characters long (got "
          + url.length() + ")");
    }
    String schemes = allowHttp ? "https:// or http://" : "https://";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("url is not a valid URL: " + e.getReason() + " at index "
          + e.getIndex());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      return Optional.of("url must be an absolute " + schemes + " URL"
          + (scheme.equals("http") ? " (http:// is allowed only with "
              + "NAVIDOCS_DELIVERY_ALLOW_HTTP=true)" : ""));
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      return Optional.of("url must include a host (" + schemes + "host/path)");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      return Optional.of("url must not contain credentials (user:password@); authenticate "
          + "the receiver with the webhook's signing secret instead");
    }
    String hostText = hostOf(uri);
    IpLiteral.Host host = IpLiteral.classify(hostText);
    if (host.kind() == IpLiteral.Kind.INVALID) {
      return Optional.of("url host " + shown(hostText) + " " + host.problem());
    }
    if (host.kind() == IpLiteral.Kind.ADDRESS && host.address().length == 4
        && IpLiteral.parseDottedQuad(hostText).isEmpty()) {
      // Refused even when public: the HTTP client's resolver reads only the dotted-quad form,
      // so it would look such a host up in DNS instead of connecting to the address we judged.
      String canonical = Cidr.format(host.address());
      return Optional.of("url host " + shown(hostText) + " is the IPv4 address " + canonical
          + " in a non-standard form; write it as " + canonical);
    }
    if (uri.getHost() == null) {
      boolean ascii = uri.getRawAuthority().chars().allMatch(c -> c < 0x80);
      return Optional.of("url host " + shown(hostText) + " is not a valid host name" + (ascii
          ? "" : " (write international domain names in their punycode xn-- form)"));
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return Optional.of("url port must be from 1 to 65535");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("url must not contain a fragment (#…): fragments are never sent to "
          + "the receiver");
    }
    return Optional.empty();
  }

  /**
   * The host of a URL. {@code java.net.URI} leaves {@code getHost()} null for hosts it finds
   * unusual, among them numeric forms such as {@code 0x7f.1} and {@code 127.1} that curl reads
   * as addresses, so the host is cut from the raw authority then.
   */
  private static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String authority = uri.getRawAuthority();
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(0, end + 1);
    }
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  // The host in quotes, shortened and without control characters: it goes into API errors.
  private static String shown(String host) {
    String cut = host.length() > 60 ? host.substring(0, 60) + "…" : host;
    StringBuilder out = new StringBuilder("'");
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.append('\'').toString();
  }

  private static Range range(String cidr, String why) {
    return new Range(Cidr.parse(cidr), why);
  }

  /** A refused range and the phrase explaining it. */
  record Range(Cidr cidr, String why) {}

  @Override
  public String toString() {
    return "NetworkPolicy[allowed=" + allowedNetworks() + "]";
  }
}
