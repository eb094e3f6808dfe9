package io.navidocs.webhooks.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link Settings} from a YAML file and the environment, in that order of precedence:
 * an environment variable overrides its single key, the file overrides the built-in default.
 *
 * <p>Unknown keys in the file, values of the wrong type and values out of range are refused with
 * a {@link ConfigException} naming the key and where the value came from. Nothing is clamped.
 */
public final class SettingsLoader {
  /** The file read when no {@code --config} is given, relative to the working directory. */
  public static final Path DEFAULT_FILE = Path.of("config", "application.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode root;
  private final String fileName;
  private final Map<String, String> env;
  private final Set<String> known = new LinkedHashSet<>();

  private SettingsLoader(JsonNode root, String fileName, Map<String, String> env) {
    this.root = root;
    this.fileName = fileName;
    this.env = env;
  }

  /**
   * Loads the settings.
   *
   * @param file the file named by {@code --config}, or null for {@link #DEFAULT_FILE} when it
   *     exists (and the built-in defaults when it does not)
   * @param env the environment, usually {@code System.getenv()}
   */
  public static Settings load(Path file, Map<String, String> env) throws ConfigException {
    Path source = file;
    if (source == null && Files.isRegularFile(DEFAULT_FILE)) {
      source = DEFAULT_FILE;
    }
    JsonNode root = YAML.createObjectNode();
    String name = "defaults";
    if (source != null) {
      name = source.toString();
      try {
        JsonNode parsed = YAML.readTree(Files.readString(source));
        if (parsed != null && !parsed.isMissingNode() && !parsed.isNull()) {
          if (!parsed.isObject()) {
            throw new ConfigException("configuration file " + name + " must hold a YAML mapping");
          }
          root = parsed;
        }
      } catch (NoSuchFileException e) {
        throw new ConfigException("configuration file " + name + " does not exist");
      } catch (IOException e) {
        throw new ConfigException(
            "configuration file " + name + " cannot be read: " + firstLine(e.getMessage()));
      }
    }
    return new SettingsLoader(root, name, env).read();
  }

  private Settings read() throws ConfigException {
    var database =
        new Settings.Database(
            string("database.url", "NAVIDOCS_DB_URL", Settings.Database.DEFAULT_URL),
            bool("database.migrateOnStart", "NAVIDOCS_DB_MIGRATE_ON_START",
                Settings.Database.DEFAULT_MIGRATE_ON_START),
            integer("database.busyTimeoutMs", "NAVIDOCS_DB_BUSY_TIMEOUT_MS",
                Settings.Database.DEFAULT_BUSY_TIMEOUT_MS, 0, 600_000),
            integer("database.poolSize", "NAVIDOCS_DB_POOL_SIZE",
                Settings.Database.DEFAULT_POOL_SIZE, 1, 64));
    if (!database.url().startsWith("jdbc:sqlite:")
        && !database.url().startsWith("jdbc:postgresql:")) {
      throw invalid("database.url", "NAVIDOCS_DB_URL",
          "must be a jdbc:sqlite: or jdbc:postgresql: URL");
    }
    var http =
        new Settings.Http(
            string("http.host", "NAVIDOCS_HTTP_HOST", Settings.Http.DEFAULT_HOST),
            integer("http.port", "NAVIDOCS_HTTP_PORT", Settings.Http.DEFAULT_PORT, 0, 65_535),
            integer("http.maxBodyBytes", "NAVIDOCS_HTTP_MAX_BODY_BYTES",
                Settings.Http.DEFAULT_MAX_BODY_BYTES, 1_024, 16 * 1024 * 1024));
    var auth =
        new Settings.Auth(
            secret("auth.adminToken", "NAVIDOCS_ADMIN_TOKEN"),
            secret("auth.jwtSecret", "NAVIDOCS_JWT_SECRET"),
            integer("auth.rateLimitPerMinute", "NAVIDOCS_API_RATE_LIMIT_PER_MINUTE",
                Settings.Auth.DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000));
    var worker =
        new Settings.Worker(
            bool("worker.enabled", "ENABLE_WEBHOOKS", Settings.Worker.DEFAULT_ENABLED),
            integer("worker.pollIntervalMs", "NAVIDOCS_POLL_INTERVAL_MS",
                Settings.Worker.DEFAULT_POLL_INTERVAL_MS, 1, 60_000),
            integer("worker.batchSize", "NAVIDOCS_WORKER_BATCH_SIZE",
                Settings.Worker.DEFAULT_BATCH_SIZE, 1, 10_000));
    var delivery =
        new Settings.Delivery(
            bool("delivery.allowHttp", "NAVIDOCS_DELIVERY_ALLOW_HTTP",
                Settings.Delivery.DEFAULT_ALLOW_HTTP),
            list("delivery.allowedNetworks", "NAVIDOCS_DELIVERY_ALLOWED_NETWORKS"),
            integer("delivery.connectTimeoutMs", "NAVIDOCS_DELIVERY_CONNECT_TIMEOUT_MS",
                Settings.Delivery.DEFAULT_CONNECT_TIMEOUT_MS, 1, 600_000),
            integer("delivery.requestTimeoutMs", "NAVIDOCS_DELIVERY_REQUEST_TIMEOUT_MS",
                Settings.Delivery.DEFAULT_REQUEST_TIMEOUT_MS, 1, 600_000),
            integer("delivery.leaseSeconds", "NAVIDOCS_DELIVERY_LEASE_SECONDS",
                Settings.Delivery.DEFAULT_LEASE_SECONDS, 1, 86_400),
            integer("delivery.maxInFlightPerEndpoint",
                "NAVIDOCS_DELIVERY_MAX_IN_FLIGHT_PER_ENDPOINT",
                Settings.Delivery.DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT, 1, 10_000),
            integer("delivery.maxInFlight", "NAVIDOCS_DELIVERY_MAX_IN_FLIGHT",
                Settings.Delivery.DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
            integer("delivery.endpointDisableAfter", "NAVIDOCS_ENDPOINT_DISABLE_AFTER",
                Settings.Delivery.DEFAULT_ENDPOINT_DISABLE_AFTER, 1, 10_000));
    if (delivery.leaseSeconds() * 1_000L <= delivery.requestTimeoutMs()) {
      throw invalid("delivery.leaseSeconds", "NAVIDOCS_DELIVERY_LEASE_SECONDS",
          "must be longer than delivery.requestTimeoutMs (" + delivery.requestTimeoutMs()
              + " ms), or a slow attempt would be claimed twice");
    }
    if (delivery.maxInFlightPerEndpoint() > delivery.maxInFlight()) {
      throw invalid("delivery.maxInFlightPerEndpoint",
          "NAVIDOCS_DELIVERY_MAX_IN_FLIGHT_PER_ENDPOINT",
          "must not exceed delivery.maxInFlight (" + delivery.maxInFlight() + ")");
    }
    var retry =
        new Settings.Retry(
            longValue("retry.initialDelayMs", "NAVIDOCS_RETRY_INITIAL_DELAY_MS",
                Settings.Retry.DEFAULT_INITIAL_DELAY_MS, 1, 86_400_000L * 7),
            longValue("retry.linearIntervalMs", "NAVIDOCS_RETRY_LINEAR_INTERVAL_MS",
                Settings.Retry.DEFAULT_LINEAR_INTERVAL_MS, 1, 86_400_000L * 7),
            longValue("retry.maxDelayMs", "NAVIDOCS_RETRY_MAX_DELAY_MS",
                Settings.Retry.DEFAULT_MAX_DELAY_MS, 1, 86_400_000L * 7),
            integer("retry.maxAttempts", "NAVIDOCS_RETRY_MAX_ATTEMPTS",
                Settings.Retry.DEFAULT_MAX_ATTEMPTS, 1, 100));
    if (retry.initialDelayMs() > retry.maxDelayMs()) {
      throw invalid("retry.initialDelayMs", "NAVIDOCS_RETRY_INITIAL_DELAY_MS",
          "must not exceed retry.maxDelayMs (" + retry.maxDelayMs() + ")");
    }
    var retention =
        new Settings.Retention(
            integer("retention.days", "NAVIDOCS_RETENTION_DAYS",
                Settings.Retention.DEFAULT_DAYS, 1, 36_500));
    var backup =
        new Settings.Backup(
            Path.of(string("backup.dir", "NAVIDOCS_BACKUP_DIR", Settings.Backup.DEFAULT_DIR)),
            integer("backup.compressAfterDays", "NAVIDOCS_BACKUP_COMPRESS_AFTER_DAYS",
                Settings.Backup.DEFAULT_COMPRESS_AFTER_DAYS, 0, 36_500),
            integer("backup.deleteAfterDays", "NAVIDOCS_BACKUP_DELETE_AFTER_DAYS",
                Settings.Backup.DEFAULT_DELETE_AFTER_DAYS, 1, 36_500));
    if (backup.compressAfterDays() >= backup.deleteAfterDays()) {
      throw invalid("backup.compressAfterDays", "NAVIDOCS_BACKUP_COMPRESS_AFTER_DAYS",
          "must be less than backup.deleteAfterDays (" + backup.deleteAfterDays() + ")");
    }
    var logging =
        new Settings.Logging(
            oneOf("logging.format", "NAVIDOCS_LOG_FORMAT", Settings.Logging.DEFAULT_FORMAT,
                List.of("text", "json")),
            oneOf("logging.level", "NAVIDOCS_LOG_LEVEL", Settings.Logging.DEFAULT_LEVEL,
                List.of("SEVERE", "WARNING", "INFO", "FINE")));
    var scanner = new Settings.Scanner(timeOfDay("scanner.dailyAt", "NAVIDOCS_SCANNER_DAILY_AT",
        Settings.Scanner.DEFAULT_DAILY_AT));
    var process = new Settings.Process(Settings.Process.Role.of(oneOf("process.role",
        "NAVIDOCS_PROCESS_ROLE", Settings.Process.DEFAULT_ROLE.label(),
        List.of("all", "api", "worker"))));
    rejectUnknownKeys();
    return new Settings(database, http, auth, worker, delivery, retry, retention, backup, logging,
        scanner, process);
  }

  // --- typed readers --------------------------------------------------------------------------

  private String string(String key, String var, String dflt) throws ConfigException {
    String raw = raw(key, var);
    if (raw == null) {
      return dflt;
    }
    if (raw.isBlank()) {
      throw invalid(key, var, "must not be empty");
    }
    return raw.trim();
  }

  private String secret(String key, String var) throws ConfigException {
    String raw = raw(key, var);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() < Settings.Auth.MIN_SECRET_LENGTH) {
      // The value itself is never echoed: it is a credential.
      throw invalid(key, var,
          "must be at least " + Settings.Auth.MIN_SECRET_LENGTH + " characters long");
    }
    return raw;
  }

  private boolean bool(String key, String var, boolean dflt) throws ConfigException {
    String raw = raw(key, var);
    if (raw == null) {
      return dflt;
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw invalid(key, var, "must be true or false, not '" + shorten(raw) + "'");
    }
  }

  private int integer(String key, String var, int dflt, int min, int max)
      throws ConfigException {
    return (int) longValue(key, var, dflt, min, max);
  }

  private long longValue(String key, String var, long dflt, long min, long max)
      throws ConfigException {
    String raw = raw(key, var);
    if (raw == null) {
      return dflt;
    }
    long value;
    try {
      value = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, var, "must be a whole number, not '" + shorten(raw) + "'");
    }
    if (value < min || value > max) {
      throw invalid(key, var, "must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  private String oneOf(String key, String var, String dflt, List<String> allowed)
      throws ConfigException {
    String value = string(key, var, dflt);
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw invalid(key, var, "must be one of " + allowed + ", not '" + shorten(value) + "'");
  }

  private LocalTime timeOfDay(String key, String var, LocalTime dflt) throws ConfigException {
    String raw = raw(key, var);
    if (raw == null) {
      return dflt;
    }
    if (!raw.trim().matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      throw invalid(key, var, "must be a UTC time of day \"HH:MM\" (00:00-23:59, quoted in YAML), not '"
          + shorten(raw) + "'");
    }
    return LocalTime.parse(raw.trim());
  }

  private List<String> list(String key, String var) throws ConfigException {
    known.add(key);
    String fromEnv = env.get(var);
    if (fromEnv != null) {
      List<String> out = new ArrayList<>();
      for (String part : fromEnv.split(",")) {
        if (!part.isBlank()) {
          out.add(cidr(key, var, part.trim()));
        }
      }
      return out;
    }
    JsonNode node = node(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(key, null, "must be a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw invalid(key, null, "must hold non-empty strings");
      }
      out.add(cidr(key, null, item.asText().trim()));
    }
    return out;
  }

  /**
   * Checks one allowed network: an IPv4 or IPv6 address literal with an optional prefix length.
   * Only literals are accepted (a host name would need DNS at start and could change later).
   */
  private String cidr(String key, String var, String value) throws ConfigException {
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
    boolean ok = v4 || v6;
    if (v4) {
      for (String octet : address.split("\\.")) {
        ok &= Integer.parseInt(octet) <= 255;
      }
    }
    if (ok && v6) {
      try {
        // A literal: parsed, never resolved.
        InetAddress.getByName(address);
      } catch (UnknownHostException e) {
        ok = false;
      }
    }
    if (ok && slash >= 0) {
      String prefix = value.substring(slash + 1);
      ok = prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= (v4 ? 32 : 128);
    }
    if (!ok) {
      throw invalid(key, var, "must hold CIDRs such as 192.168.1.0/24 or fd00::/8, not '"
          + shorten(value) + "'");
    }
    return value;
  }

  /** The value of a key as text: the environment first, then the file; null when absent. */
  private String raw(String key, String var) throws ConfigException {
    known.add(key);
    if (var != null && env.containsKey(var)) {
      return env.get(var);
    }
    JsonNode node = node(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isContainerNode()) {
      throw invalid(key, null, "must be a single value, not a " + (node.isArray() ? "list" : "map"));
    }
    return node.asText();
  }

  private JsonNode node(String key) {
    String[] parts = key.split("\\.");
    JsonNode section = root.get(parts[0]);
    if (section == null || !section.isObject()) {
      return null;
    }
    return section.get(parts[1]);
  }

  private void rejectUnknownKeys() throws ConfigException {
    Set<String> sections = new LinkedHashSet<>();
    for (String key : known) {
      sections.add(key.substring(0, key.indexOf('.')));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      var section = it.next();
      if (!sections.contains(section.getKey())) {
        throw new ConfigException("unknown configuration section '" + shorten(section.getKey())
            + "' in " + fileName + " (known: " + sections + ")");
      }
      if (!section.getValue().isObject()) {
        if (section.getValue().isNull()) {
          continue;
        }
        throw new ConfigException("configuration section '" + section.getKey() + "' in "
            + fileName + " must be a mapping");
      }
      for (Iterator<String> names = section.getValue().fieldNames(); names.hasNext(); ) {
        String key = section.getKey() + "." + names.next();
        if (!known.contains(key)) {
          throw new ConfigException("unknown configuration key '" + shorten(key) + "' in "
              + fileName + " (known in this section: " + keysOf(section.getKey()) + ")");
        }
      }
    }
  }

  private List<String> keysOf(String section) {
    return known.stream().filter(k -> k.startsWith(section + ".")).toList();
  }

  private ConfigException invalid(String key, String var, String problem) {
    String where = var != null && env.containsKey(var) ? "environment variable " + var
        : fileName.equals("defaults") ? "defaults" : fileName;
    return new ConfigException("invalid configuration: " + key + " (" + where + ") " + problem);
  }

  private static String shorten(String s) {
    String one = s.replaceAll("[\\r\\n\\t]", " ");
    return one.length() > 60 ? one.substring(0, 57) + "..." : one;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    return Arrays.stream(message.split("\n")).findFirst().orElse(message);
  }
}
