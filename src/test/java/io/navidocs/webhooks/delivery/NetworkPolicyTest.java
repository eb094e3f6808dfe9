package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NetworkPolicy#isRefused}: which resolved addresses a delivery may connect to. */
class NetworkPolicyTest {

  private final NetworkPolicy strict = NetworkPolicy.strict();

  /**
   * An address from its text without DNS; IPv6 stays an {@link Inet6Address} even when it is
   * IPv4-mapped (InetAddress.getByName would turn {@code ::ffff:a.b.c.d} into IPv4).
   */
  static InetAddress address(String text) throws Exception {
    if (text.contains(":")) {
      byte[] bytes = IpLiteral.parseV6(text).orElseThrow(() -> new AssertionError(text));
      return Inet6Address.getByAddress(null, bytes, -1);
    }
    byte[] bytes = IpLiteral.parseDottedQuad(text).orElseThrow(() -> new AssertionError(text));
    return InetAddress.getByAddress(bytes);
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "0.0.0.0           | an unspecified (\"this network\") address (0.0.0.0/8)",
      "0.1.2.3           | an unspecified (\"this network\") address (0.0.0.0/8)",
      "10.0.0.1          | a private address (10.0.0.0/8)",
      "10.255.255.255    | a private address (10.0.0.0/8)",
      "100.64.0.1        | a carrier-grade NAT address (100.64.0.0/10)",
      "100.127.255.254   | a carrier-grade NAT address (100.64.0.0/10)",
      "127.0.0.1         | a loopback address (127.0.0.0/8)",
      "127.255.255.254   | a loopback address (127.0.0.0/8)",
      "169.254.169.254   | a link-local address (169.254.0.0/16)",
      "172.16.0.1        | a private address (172.16.0.0/12)",
      "172.31.255.255    | a private address (172.16.0.0/12)",
      "192.0.0.8         | an IETF protocol assignment address (192.0.0.0/24)",
      "192.168.1.10      | a private address (192.168.0.0/16)",
      "198.18.0.1        | a benchmarking address (198.18.0.0/15)",
      "224.0.0.1         | a multicast address (224.0.0.0/4)",
      "239.255.255.250   | a multicast address (224.0.0.0/4)",
      "240.0.0.1         | a reserved address (240.0.0.0/4)",
      "255.255.255.255   | the broadcast address (255.255.255.255/32)",
  })
  void refusesSpecialPurposeIpv4Ranges(String text, String why) throws Exception {
    InetAddress address = address(text);

    assertTrue(strict.isRefused(address));
    assertEquals(Optional.of(text + " is " + why), strict.refusalReason(address));
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {
      "::", "::1", "fc00::1", "fd12:3456:789a::1", "fe80::1", "febf:ffff::1", "fec0::1",
      "ff02::1", "ff05::1:3",
      // IPv4-mapped, -compatible and -translated forms of refused IPv4 addresses
      "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.1.2.3", "::ffff:169.254.169.254",
      "::ffff:0.0.0.0", "::ffff:255.255.255.255", "::127.0.0.1", "::10.0.0.1",
      "::ffff:0:127.0.0.1", "::ffff:0:192.168.0.1",
      // NAT64 (RFC 6052 well-known prefix) embedding refused IPv4
      "64:ff9b::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::169.254.169.254",
      // 6to4 (RFC 3056) embedding refused IPv4
      "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:101:1::1", "2002:a9fe:a9fe::",
  })
  void refusesSpecialPurposeIpv6RangesAndIpv6FormsOfRefusedIpv4(String text) throws Exception {
    assertTrue(strict.isRefused(address(text)), text);
  }

  @Test
  void aMappedAddressIsRefusedWhetherJavaHandsItOverAsIpv4OrIpv6() throws Exception {
    InetAddress asJavaResolvesIt = InetAddress.getByName("::ffff:127.0.0.1");
    InetAddress asIpv6 = address("::ffff:127.0.0.1");

    assertTrue(asJavaResolvesIt instanceof Inet4Address);
    assertTrue(strict.isRefused(asJavaResolvesIt));
    assertTrue(asIpv6 instanceof Inet6Address);
    assertTrue(strict.refusalReason(asIpv6).orElseThrow()
        .endsWith("embeds 127.0.0.1 is a loopback address (127.0.0.0/8)"));
  }

  @ParameterizedTest(name = "{0} is allowed")
  @ValueSource(strings = {
      "1.1.1.1", "8.8.8.8", "93.184.215.14", "9.255.255.255", "11.0.0.0", "100.63.255.255",
      "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0",
      "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.167.255.255", "192.169.0.0",
      "198.17.255.255", "198.20.0.0", "223.255.255.255",
      "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:82a::200e",
      "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1", "::8.8.8.8", "fbff::1",
      "fe7f::1", "ff::1",
  })
  void allowsPublicAddressesAndIpv6FormsOfPublicIpv4(String text) throws Exception {
    InetAddress address = address(text);

    assertFalse(strict.isRefused(address), text);
    assertEquals(Optional.empty(), strict.refusalReason(address));
  }

  @Test
  void anAllowedNetworkLetsItsAddressesThroughAndNoOthers() throws Exception {
    NetworkPolicy boatLan = new NetworkPolicy(List.of("192.168.1.0/24", "fd00:b0a7::/32"));

    assertFalse(boatLan.isRefused(address("192.168.1.50")));
    assertFalse(boatLan.isRefused(address("fd00:b0a7::8123")));
    assertTrue(boatLan.isRefused(address("192.168.2.50")));
    assertTrue(boatLan.isRefused(address("127.0.0.1")));
    assertTrue(boatLan.isRefused(address("fd00:b0a8::1")));
  }

  @Test
  void anAllowedIpv4NetworkAlsoAllowsIpv6FormsThatEmbedIt() throws Exception {
    NetworkPolicy boatLan = new NetworkPolicy(List.of("192.168.1.0/24"));

    assertFalse(boatLan.isRefused(address("::ffff:192.168.1.50")));
    assertFalse(boatLan.isRefused(address("64:ff9b::192.168.1.50")));
    assertFalse(boatLan.isRefused(address("2002:c0a8:132::1")));
    assertTrue(boatLan.isRefused(address("::ffff:192.168.2.50")));
  }

  @Test
  void aBareAddressAllowsThatOneHost() throws Exception {
    NetworkPolicy oneHost = new NetworkPolicy(List.of("10.0.0.7", "::1"));

    assertFalse(oneHost.isRefused(address("10.0.0.7")));
    assertTrue(oneHost.isRefused(address("10.0.0.8")));
    assertFalse(oneHost.isRefused(address("::1")));
    assertEquals(List.of("10.0.0.7/32", "0:0:0:0:0:0:0:1/128"), oneHost.allowedNetworks());
  }

  @Test
  void allowingEverythingAllowsEverything() throws Exception {
    NetworkPolicy open = new NetworkPolicy(List.of("0.0.0.0/0", "::/0"));

    assertFalse(open.isRefused(address("127.0.0.1")));
    assertFalse(open.isRefused(address("::1")));
    assertFalse(open.isRefused(address("::ffff:10.0.0.1")));
  }

  @Test
  void allowedNetworksAreNormalisedForTheStartupLog() {
    NetworkPolicy policy = new NetworkPolicy(List.of(" 10.0.0.0/8 ", "FD00::/8"));

    assertEquals(List.of("10.0.0.0/8", "fd00:0:0:0:0:0:0:0/8"), policy.allowedNetworks());
    assertEquals("NetworkPolicy[allowed=[10.0.0.0/8, fd00:0:0:0:0:0:0:0/8]]", policy.toString());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33       | invalid network '10.0.0.0/33': the prefix length must be a number from 0 to 32",
      "fd00::/129        | invalid network 'fd00::/129': the prefix length must be a number from 0 to 128",
      "10.0.0.0/         | invalid network '10.0.0.0/': the prefix length must be a number from 0 to 32",
      "10.0.0.0/-1       | invalid network '10.0.0.0/-1': the prefix length must be a number from 0 to 32",
      "10.0.0.0/8/8      | invalid network '10.0.0.0/8/8': the prefix length must be a number from 0 to 32",
      "10.0.0.0/x        | invalid network '10.0.0.0/x': the prefix length must be a number from 0 to 32",
      "10.1.2.3/8        | invalid network '10.1.2.3/8': it has address bits set beyond its /8 prefix; the network is 10.0.0.0/8",
      "fd00::1/8         | invalid network 'fd00::1/8': it has address bits set beyond its /8 prefix; the network is fd00:0:0:0:0:0:0:0/8",
      "256.0.0.0/8       | invalid network '256.0.0.0/8': '256.0.0.0' is not an IPv4 address in dotted-quad form",
      "10.0.0/24         | invalid network '10.0.0/24': '10.0.0' is not an IPv4 address in dotted-quad form",
      "010.0.0.0/8       | invalid network '010.0.0.0/8': '010.0.0.0' is not an IPv4 address in dotted-quad form",
      "0x0a.0.0.0/8      | invalid network '0x0a.0.0.0/8': '0x0a.0.0.0' is not an IPv4 address in dotted-quad form",
      "boat.local/24     | invalid network 'boat.local/24': 'boat.local' is not an IPv4 address in dotted-quad form",
      "fd00:::/8         | invalid network 'fd00:::/8': 'fd00:::' is not an IPv6 address",
      "fe80::1%eth0/64   | invalid network 'fe80::1%eth0/64': 'fe80::1%eth0' is not an IPv6 address",
      "[fd00::]/8        | invalid network '[fd00::]/8': '[fd00::]' is not an IPv6 address",
  })
  void anInvalidAllowedNetworkIsRefusedNamingIt(String cidr, String message) {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> new NetworkPolicy(List.of("192.168.1.0/24", cidr)));

    assertEquals(message, thrown.getMessage());
  }

  @Test
  void anEmptyAllowedNetworkEntryIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NetworkPolicy(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> new NetworkPolicy(List.of(" ")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "::                          | 0:0:0:0:0:0:0:0",
      "::1                         | 0:0:0:0:0:0:0:1",
      "1::                         | 1:0:0:0:0:0:0:0",
      "1:2:3:4:5:6:7::             | 1:2:3:4:5:6:7:0",
      "::2:3:4:5:6:7:8             | 0:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7:8             | 1:2:3:4:5:6:7:8",
      "2001:DB8::A:b               | 2001:db8:0:0:0:0:a:b",
      "::ffff:1.2.3.4              | 0:0:0:0:0:ffff:102:304",
      "1:2:3:4:5:6:1.2.3.4         | 1:2:3:4:5:6:102:304",
      "0000:0000::0001             | 0:0:0:0:0:0:0:1",
  })
  void parsesEveryRfc4291TextForm(String text, String canonical) throws Exception {
    assertEquals(canonical, address(text).getHostAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1::2:",
      "12345::", "g::", "1.2.3.4::", "::1.2.3", "::1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4",
      "::01.2.3.4", "1:2:3:4:5:6:7:8::",
  })
  void refusesMalformedIpv6Text(String text) {
    assertEquals(Optional.empty(), IpLiteral.parseV6(text));
  }
}
