package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NetworkPolicy#urlProblem}, literal hosts in odd forms, and literalHostProblem. */
class UrlRulesTest {

  private final NetworkPolicy strict = NetworkPolicy.strict();

  @ParameterizedTest
  @ValueSource(strings = {
      "https://ha.example.com/api/webhook/navidocs",
      "https://mls.example.com:8443/hooks?token=abc&x=1",
      "HTTPS://Example.COM/",
      "https://example.com",
      "https://example.com./trailing-dot",
      "https://xn--bcher-kva.de/hook",
      "https://93.184.215.14/hook",
      "https://[2606:4700:4700::1111]/hook",
      "https://[2606:4700:4700::1111]:443/hook",
      "https://example.com:/empty-port",
      "https://sub-domain.example.co.uk/a%20b",
  })
  void acceptsAbsoluteHttpsUrls(String url) {
    assertEquals(Optional.empty(), NetworkPolicy.urlProblem(url, false));
  }

  @Test
  void acceptsHttpOnlyWhenAllowed() {
    assertEquals(Optional.empty(),
        NetworkPolicy.urlProblem("http://homeassistant.local:8123/api/webhook/x", true));
    assertEquals(Optional.of("url must be an absolute https:// URL (http:// is allowed only with"
        + " NAVIDOCS_DELIVERY_ALLOW_HTTP=true)"),
        NetworkPolicy.urlProblem("http://homeassistant.local:8123/api/webhook/x", false));
  }

  @Test
  void acceptsAUrlOfExactly2048CharactersAndRefusesOneLonger() {
    String base = "https://example.com/";
    String exact = base + "a".repeat(2048 - base.length());

    assertEquals(Optional.empty(), NetworkPolicy.urlProblem(exact, false));
    assertEquals(Optional.of("url must be at most 2048 characters long (got 2049)"),
        NetworkPolicy.urlProblem(exact + "a", false));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void aMissingUrlIsRefused(String url) {
    assertEquals(Optional.of("url is required"), NetworkPolicy.urlProblem(url, true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "ftp://example.com/x                | url must be an absolute https:// or http:// URL",
      "file:///etc/passwd                 | url must be an absolute https:// or http:// URL",
      "javascript:alert(1)                | url must be an absolute https:// or http:// URL",
      "//example.com/x                    | url must be an absolute https:// or http:// URL",
      "/relative/path                     | url must be an absolute https:// or http:// URL",
      "example.com/x                      | url must be an absolute https:// or http:// URL",
      "https:example.com                  | url must include a host (https:// or http://host/path)",
      "https:///path-only                 | url must include a host (https:// or http://host/path)",
      "https://user:pass@example.com/     | url must not contain credentials (user:password@); authenticate the receiver with the webhook's signing secret instead",
      "https://token@example.com/         | url must not contain credentials (user:password@); authenticate the receiver with the webhook's signing secret instead",
      "https://example.com@127.0.0.1/     | url must not contain credentials (user:password@); authenticate the receiver with the webhook's signing secret instead",
      "https://example.com/x#frag         | url must not contain a fragment (#…): fragments are never sent to the receiver",
      "https://example.com/#              | url must not contain a fragment (#…): fragments are never sent to the receiver",
      "https://example.com:0/             | url port must be from 1 to 65535",
      "https://example.com:65536/         | url port must be from 1 to 65535",
      "https://exa_mple.com/              | url host 'exa_mple.com' is not a valid host name",
      "https://-example.com/              | url host '-example.com' is not a valid host name",
      "https://example.com:abc/           | url host 'example.com' is not a valid host name",
      "https://bücher.de/                 | url host 'bücher.de' is not a valid host name (write international domain names in their punycode xn-- form)",
      "https://exa mple.com/              | url is not a valid URL: Illegal character in authority at index 8",
      "https://example.com/a b            | url is not a valid URL: Illegal character in path at index 21",
      "https://[::1/                      | url is not a valid URL: Expected closing bracket for IPv6 address at index 12",
      "https://[1::2::3]/                 | url is not a valid URL: Expected hex digits or IPv4 address at index 14",
      "https://256.1.1.1/                 | url host '256.1.1.1' looks like an IPv4 address but is not a valid one",
      "https://1.2.3.4.5/                 | url host '1.2.3.4.5' looks like an IPv4 address but is not a valid one",
      "https://4294967296/                | url host '4294967296' looks like an IPv4 address but is not a valid one",
      "https://08.0.0.1/                  | url host '08.0.0.1' looks like an IPv4 address but is not a valid one",
      "https://example.123/               | url host 'example.123' looks like an IPv4 address but is not a valid one",
  })
  void refusesUrlsBreakingTheRulesWithAClearMessage(String url, String message) {
    assertEquals(Optional.of(message), NetworkPolicy.urlProblem(url, true));
  }

  @Test
  void messagesNeverRepeatThePathOrQueryOfTheUrl() {
    String url = "https://example.com/hook?token=SUPERSECRET#frag";

    String message = NetworkPolicy.urlProblem(url, false).orElseThrow();

    assertFalse(message.contains("SUPERSECRET"), message);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "127.0.0.1,          127.0.0.1",
      "2130706433,         127.0.0.1",
      "0x7f000001,         127.0.0.1",
      "0X7F000001,         127.0.0.1",
      "017700000001,       127.0.0.1",
      "0177.0.0.1,         127.0.0.1",
      "0177.0000.0.01,     127.0.0.1",
      "0x7f.1,             127.0.0.1",
      "0x7f.0.0.0x1,       127.0.0.1",
      "127.1,              127.0.0.1",
      "127.0.1,            127.0.0.1",
      "127.0.0.1.,         127.0.0.1",
      "0,                  0.0.0.0",
      "0x,                 0.0.0.0",
      "10.0x10203,         10.1.2.3",
      "192.168.257,        192.168.1.1",
      "169.254.43518,      169.254.169.254",
      "2852039166,         169.254.169.254",
      "4294967295,         255.255.255.255",
      "8.8.8.8,            8.8.8.8",
      "134744072,          8.8.8.8",
  })
  void readsNumericHostsTheWayCurlAndBrowsersDo(String host, String address) throws Exception {
    assertEquals(Optional.of(InetAddress.getByName(address)), NetworkPolicy.literalAddress(host));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "[::1]                  | 0:0:0:0:0:0:0:1",
      "[::ffff:127.0.0.1]     | 0:0:0:0:0:ffff:7f00:1",
      "[fe80::1%25eth0]       | fe80:0:0:0:0:0:0:1",
      "[64:ff9b::a9fe:a9fe]   | 64:ff9b:0:0:0:0:a9fe:a9fe",
  })
  void readsBracketedIpv6Hosts(String host, String address) {
    assertEquals(address, NetworkPolicy.literalAddress(host).orElseThrow().getHostAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "1.2.3.com", "0x7f.example", "localhost",
      "256.0.0.1", "1.2.3.4.5", "09", "0x1g", "[::1", "[1::2::3]", "١٢٧.0.0.1", ""})
  void namesAndMalformedNumbersAreNotLiteralAddresses(String host) {
    assertEquals(Optional.empty(), NetworkPolicy.literalAddress(host));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "http://2130706433/           | '2130706433' is the IPv4 address 127.0.0.1",
      "http://0177.0.0.1/           | '0177.0.0.1' is the IPv4 address 127.0.0.1",
      "http://0x7f.1/               | '0x7f.1' is the IPv4 address 127.0.0.1",
      "http://127.1:8080/           | '127.1' is the IPv4 address 127.0.0.1",
      "http://127.0.0.1./           | '127.0.0.1.' is the IPv4 address 127.0.0.1",
      "https://134744072/           | '134744072' is the IPv4 address 8.8.8.8",
  })
  void numericHostsInNonStandardFormsAreRefusedEvenWhenPublic(String url, String part) {
    // The HTTP client's resolver reads only dotted quads: such a host would go to DNS.
    String message = NetworkPolicy.urlProblem(url, true).orElseThrow();

    assertTrue(message.startsWith("url host " + part + " in a non-standard form; write it as "),
        message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http://127.0.0.1:8123/api/webhook/x",
      "http://2130706433/",
      "http://0177.0.0.1/",
      "http://0x7f.1/",
      "http://127.1/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://[64:ff9b::127.0.0.1]/",
      "https://[2002:7f00:1::]/",
      "https://169.254.169.254/latest/meta-data/",
      "https://2852039166/latest/meta-data/",
      "https://[fe80::1%25eth0]/",
      "https://10.0.0.1:8443/",
      "https://0/",
      "https://255.255.255.255/",
  })
  void literalHostsInRefusedNetworksAreRefusedInEveryForm(String url) {
    String problem = strict.literalHostProblem(url).orElseThrow(() -> new AssertionError(url));

    assertTrue(problem.startsWith("url points at a refused network: "), problem);
    assertTrue(problem.endsWith(
        "; list its network in NAVIDOCS_DELIVERY_ALLOWED_NETWORKS to allow it"), problem);
  }

  @Test
  void theRefusalSaysWhichRangeTheHostIsIn() {
    assertEquals(Optional.of("url points at a refused network: 169.254.169.254 is a link-local"
        + " address (169.254.0.0/16); list its network in NAVIDOCS_DELIVERY_ALLOWED_NETWORKS to"
        + " allow it"), strict.literalHostProblem("http://0xa9fea9fe/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.com/", "https://8.8.8.8/", "https://[2606:4700:4700::1111]/",
      "https://[::ffff:8.8.8.8]/", "not a url", "https:///x", "mailto:a@b",
  })
  void publicLiteralsNamesAndUnparseableUrlsAreNotRefusedHere(String url) {
    // Names are judged when resolved, at connect time; bad URLs are urlProblem's to report.
    assertEquals(Optional.empty(), strict.literalHostProblem(url));
  }

  @Test
  void nullIsNotALiteralHostProblem() {
    assertEquals(Optional.empty(), strict.literalHostProblem(null));
  }

  @Test
  void anAllowedNetworkAcceptsItsLiteralHosts() {
    NetworkPolicy homeAssistantLan = new NetworkPolicy(List.of("192.168.1.0/24"));

    assertEquals(Optional.empty(),
        homeAssistantLan.literalHostProblem("http://192.168.1.20:8123/api/webhook/abc"));
    assertTrue(homeAssistantLan.literalHostProblem("http://192.168.2.20:8123/").isPresent());
  }
}
