package io.navidocs.webhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §2: the shipped file, environment overrides, and refusals that name the key. */
class SettingsLoaderTest {
  private static final String SECRET = "s3cr3t-value-that-is-long-enough-0123456789";

  @TempDir Path dir;
  Path empty;

  @BeforeEach
  void emptyFile() throws Exception {
    empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing set\n");
  }

  private Settings withEnv(Map<String, String> env) throws ConfigException {
    return SettingsLoader.load(empty, env);
  }

  private String refusal(Path file, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> SettingsLoader.load(file, env))
        .getMessage();
  }

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("application.yaml"), text);
  }

  @Test
  void theShippedApplicationYamlStatesExactlyTheBuiltInDefaults() throws Exception {
    Settings shipped = SettingsLoader.load(Path.of("config/application.yaml"), Map.of());
    assertEquals(withEnv(Map.of()), shipped);
    assertEquals("jdbc:sqlite:data/navidocs.db", shipped.database().url());
    assertEquals("127.0.0.1", shipped.http().host());
    assertEquals(8080, shipped.http().port());
  }

  @Test
  void withoutConfigTheDefaultFileIsReadFromTheWorkingDirectory() throws Exception {
    assertEquals(withEnv(Map.of()), SettingsLoader.load(null, Map.of()));
  }

  static Stream<Arguments> overrides() {
    return Stream.of(
        override("NAVIDOCS_DB_URL", "jdbc:sqlite:/var/lib/navidocs/navidocs.db",
            s -> s.database().url(), "jdbc:sqlite:/var/lib/navidocs/navidocs.db"),
        override("NAVIDOCS_HTTP_HOST", "0.0.0.0", s -> s.http().host(), "0.0.0.0"),
        override("NAVIDOCS_HTTP_PORT", "0", s -> s.http().port(), 0),
        override("NAVIDOCS_ADMIN_TOKEN", SECRET, s -> s.auth().adminToken(), SECRET),
        override("NAVIDOCS_JWT_SECRET", SECRET, s -> s.auth().jwtSecret(), SECRET),
        override("NAVIDOCS_POLL_INTERVAL_MS", "1000", s -> s.worker().pollIntervalMs(), 1000),
        override("NAVIDOCS_DELIVERY_ALLOW_HTTP", "true", s -> s.delivery().allowHttp(), true),
        override("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "192.168.1.0/24, fd00::/8",
            s -> s.delivery().allowedNetworks(), List.of("192.168.1.0/24", "fd00::/8")),
        override("NAVIDOCS_RETRY_INITIAL_DELAY_MS", "1000", s -> s.retry().initialDelayMs(),
            1000L),
        override("NAVIDOCS_RETRY_LINEAR_INTERVAL_MS", "60000",
            s -> s.retry().linearIntervalMs(), 60000L),
        override("NAVIDOCS_RETRY_MAX_DELAY_MS", "600000", s -> s.retry().maxDelayMs(), 600000L),
        override("NAVIDOCS_RETRY_MAX_ATTEMPTS", "3", s -> s.retry().maxAttempts(), 3),
        override("NAVIDOCS_DELIVERY_MAX_IN_FLIGHT_PER_ENDPOINT", "4",
            s -> s.delivery().maxInFlightPerEndpoint(), 4),
        override("NAVIDOCS_DELIVERY_MAX_IN_FLIGHT", "64", s -> s.delivery().maxInFlight(), 64),
        override("NAVIDOCS_ENDPOINT_DISABLE_AFTER", "3",
            s -> s.delivery().endpointDisableAfter(), 3),
        override("ENABLE_WEBHOOKS", "false", s -> s.worker().enabled(), false),
        override("NAVIDOCS_DELIVERY_LEASE_SECONDS", "120", s -> s.delivery().leaseSeconds(),
            120),
        override("NAVIDOCS_DELIVERY_CONNECT_TIMEOUT_MS", "2000",
            s -> s.delivery().connectTimeoutMs(), 2000),
        override("NAVIDOCS_DELIVERY_REQUEST_TIMEOUT_MS", "30000",
            s -> s.delivery().requestTimeoutMs(), 30000),
        override("NAVIDOCS_RETENTION_DAYS", "7", s -> s.retention().days(), 7));
  }

  private static Arguments override(String var, String value, Function<Settings, Object> get,
      Object expected) {
    return Arguments.of(var, value, get, expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("overrides")
  void anEnvironmentVariableOverridesItsKeyOverTheFile(String var, String value,
      Function<Settings, Object> get, Object expected) throws Exception {
    Settings defaults = withEnv(Map.of());
    assertFalse(expected.equals(get.apply(defaults)), "the test changes something");
    Settings shipped = SettingsLoader.load(Path.of("config/application.yaml"), Map.of(var, value));
    assertEquals(expected, get.apply(shipped));
  }

  @Test
  void theFileOverridesTheDefaults() throws Exception {
    Settings s = SettingsLoader.load(yaml("""
        http:
          port: 9090
        delivery:
          allowedNetworks: ["10.0.0.0/8"]
        """), Map.of());
    assertEquals(9090, s.http().port());
    assertEquals(List.of("10.0.0.0/8"), s.delivery().allowedNetworks());
    assertEquals(Settings.Http.DEFAULT_HOST, s.http().host());
  }

  @Test
  void aPortThatIsNotANumberIsRefusedNamingTheKeyAndTheVariable() {
    assertEquals("invalid configuration: http.port (environment variable NAVIDOCS_HTTP_PORT)"
        + " must be a whole number, not 'abc'", refusal(empty, Map.of("NAVIDOCS_HTTP_PORT", "abc")));
  }

  @Test
  void aValueOutOfRangeIsRefusedNotClamped() {
    assertEquals("invalid configuration: http.port (environment variable NAVIDOCS_HTTP_PORT)"
        + " must be between 0 and 65535, not 70000",
        refusal(empty, Map.of("NAVIDOCS_HTTP_PORT", "70000")));
    assertTrue(refusal(empty, Map.of("NAVIDOCS_RETRY_MAX_ATTEMPTS", "0"))
        .startsWith("invalid configuration: retry.maxAttempts"));
  }

  @Test
  void aBadValueInTheFileNamesTheKeyAndTheFile() throws Exception {
    Path file = yaml("worker:\n  pollIntervalMs: fast\n");
    assertEquals("invalid configuration: worker.pollIntervalMs (" + file + ") must be a whole"
        + " number, not 'fast'", refusal(file, Map.of()));
  }

  @Test
  void aFlagThatIsNotTrueOrFalseIsRefused() {
    assertEquals("invalid configuration: worker.enabled (environment variable ENABLE_WEBHOOKS)"
        + " must be true or false, not 'yes'", refusal(empty, Map.of("ENABLE_WEBHOOKS", "yes")));
  }

  @Test
  void anAllowedNetworkThatIsNotACidrIsRefused() {
    String message = refusal(empty,
        Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "192.168.1.0/24,boat-lan"));
    assertEquals("invalid configuration: delivery.allowedNetworks (environment variable"
        + " NAVIDOCS_DELIVERY_ALLOWED_NETWORKS) must hold CIDRs such as 192.168.1.0/24 or"
        + " fd00::/8, not 'boat-lan'", message);
    assertTrue(refusal(empty, Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "10.0.0.0/33"))
        .endsWith("not '10.0.0.0/33'"));
    assertTrue(refusal(empty, Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "300.1.1.1/32"))
        .endsWith("not '300.1.1.1/32'"));
  }

  @Test
  void anUnknownKeyInTheFileIsRefusedNamingIt() throws Exception {
    Path file = yaml("http:\n  prot: 9090\n");
    String message = refusal(file, Map.of());
    assertTrue(message.startsWith("unknown configuration key 'http.prot' in " + file),
        message);
    assertTrue(message.contains("http.port"), "lists the known keys: " + message);
  }

  @Test
  void anUnknownSectionInTheFileIsRefusedNamingIt() throws Exception {
    assertTrue(refusal(yaml("htpp:\n  port: 9090\n"), Map.of())
        .startsWith("unknown configuration section 'htpp'"));
  }

  @Test
  void aFileThatIsNotYamlOrMissingIsRefusedInOneLine() throws Exception {
    String broken = refusal(yaml("http: [unclosed\n"), Map.of());
    assertTrue(broken.startsWith("configuration file "), broken);
    assertFalse(broken.contains("\n"), broken);
    assertEquals("configuration file " + dir.resolve("nope.yaml") + " does not exist",
        refusal(dir.resolve("nope.yaml"), Map.of()));
  }

  @Test
  void aSecretShorterThan32CharactersIsRefusedWithoutEchoingIt() {
    String shortToken = "tooshort-token-31-characters-xx";
    assertEquals(31, shortToken.length());
    for (String var : List.of("NAVIDOCS_ADMIN_TOKEN", "NAVIDOCS_JWT_SECRET")) {
      String message = refusal(empty, Map.of(var, shortToken));
      assertTrue(message.contains(var) && message.contains("at least 32 characters"), message);
      assertFalse(message.contains(shortToken), message);
      assertFalse(message.contains("tooshort"), message);
    }
  }

  @Test
  void aSecretOfExactly32CharactersIsAccepted() throws Exception {
    String token = "x".repeat(32);
    assertEquals(token, withEnv(Map.of("NAVIDOCS_ADMIN_TOKEN", token)).auth().adminToken());
  }

  @Test
  void unsetSecretsMeanGeneratedTokenAndNoJwt() throws Exception {
    Settings s = withEnv(Map.of());
    assertNull(s.auth().adminToken());
    assertNull(s.auth().jwtSecret());
  }

  @Test
  void authToStringNeverShowsTheSecrets() throws Exception {
    Settings s = withEnv(Map.of("NAVIDOCS_ADMIN_TOKEN", SECRET,
        "NAVIDOCS_JWT_SECRET", SECRET.toUpperCase()));
    for (String text : List.of(s.auth().toString(), s.toString())) {
      assertFalse(text.contains(SECRET), text);
      assertFalse(text.contains(SECRET.toUpperCase()), text);
      assertTrue(text.contains("adminToken=***"), text);
    }
  }

  @Test
  void aLeaseNotLongerThanTheRequestTimeoutIsRefused() {
    assertTrue(refusal(empty, Map.of("NAVIDOCS_DELIVERY_LEASE_SECONDS", "15"))
        .startsWith("invalid configuration: delivery.leaseSeconds (environment variable"
            + " NAVIDOCS_DELIVERY_LEASE_SECONDS) must be longer than delivery.requestTimeoutMs"));
  }

  @Test
  void aDatabaseUrlOfAnotherKindIsRefused() {
    assertEquals("invalid configuration: database.url (environment variable NAVIDOCS_DB_URL)"
        + " must be a jdbc:sqlite: or jdbc:postgresql: URL",
        refusal(empty, Map.of("NAVIDOCS_DB_URL", "jdbc:mysql://localhost/navidocs")));
  }
}
