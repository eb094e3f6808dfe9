package io.navidocs.webhooks.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * The service's validated, immutable configuration. Built once at start by {@link SettingsLoader};
 * every value here has passed its range check, so the rest of the code can trust it.
 */
public record Settings(
    Database database,
    Http http,
    Auth auth,
    Worker worker,
    Delivery delivery,
    Retry retry,
    Retention retention,
    Backup backup,
    Logging logging,
    Scanner scanner,
    Process process) {

  /** The settings without a process section: one process runs everything. */
  public Settings(Database database, Http http, Auth auth, Worker worker, Delivery delivery,
      Retry retry, Retention retention, Backup backup, Logging logging, Scanner scanner) {
    this(database, http, auth, worker, delivery, retry, retention, backup, logging, scanner,
        new Process(Process.Role.ALL));
  }

  /** These settings with another process role (what {@code run --only} gives). */
  public Settings withRole(Process.Role role) {
    return new Settings(database, http, auth, worker, delivery, retry, retention, backup, logging,
        scanner, new Process(role));
  }

  /** The settings without a scanner section: the scanner's defaults. */
  public Settings(Database database, Http http, Auth auth, Worker worker, Delivery delivery,
      Retry retry, Retention retention, Backup backup, Logging logging) {
    this(database, http, auth, worker, delivery, retry, retention, backup, logging,
        new Scanner(Scanner.DEFAULT_DAILY_AT), new Process(Process.Role.ALL));
  }

  /** Where the data lives. */
  public record Database(String url, boolean migrateOnStart, int busyTimeoutMs, int poolSize) {
    public static final String DEFAULT_URL = "jdbc:sqlite:data/navidocs.db";
    public static final boolean DEFAULT_MIGRATE_ON_START = true;
    public static final int DEFAULT_BUSY_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_POOL_SIZE = 4;

    /** True when the URL names a SQLite database. */
    public boolean isSqlite() {
      return url.startsWith("jdbc:sqlite:");
    }
  }

  /** The HTTP API's listener. */
  public record Http(String host, int port, int maxBodyBytes) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
  }

  /** API credentials. {@link #toString()} never shows them. */
  public record Auth(String adminToken, String jwtSecret, int rateLimitPerMinute) {
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 100;
    /** Shortest admin token and JWT secret accepted, in characters. */
    public static final int MIN_SECRET_LENGTH = 32;

    @Override
    public String toString() {
      return "Auth[adminToken=" + (adminToken == null ? "generated" : "***")
          + ", jwtSecret=" + (jwtSecret == null ? "unset" : "***")
          + ", rateLimitPerMinute=" + rateLimitPerMinute + "]";
    }
  }

  /** The outbox poller. {@code enabled} is the seed's ENABLE_WEBHOOKS flag. */
  public record Worker(boolean enabled, int pollIntervalMs, int batchSize) {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_POLL_INTERVAL_MS = 250;
    public static final int DEFAULT_BATCH_SIZE = 500;

    public Duration pollInterval() {
      return Duration.ofMillis(pollIntervalMs);
    }
  }

  /** Outgoing HTTP requests. */
  public record Delivery(
      boolean allowHttp,
      List<String> allowedNetworks,
      int connectTimeoutMs,
      int requestTimeoutMs,
      int leaseSeconds,
      int maxInFlightPerEndpoint,
      int maxInFlight,
      int endpointDisableAfter) {
    public static final boolean DEFAULT_ALLOW_HTTP = false;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
    public static final int DEFAULT_LEASE_SECONDS = 60;
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT = 32;
    public static final int DEFAULT_MAX_IN_FLIGHT = 512;
    public static final int DEFAULT_ENDPOINT_DISABLE_AFTER = 8;

    public Delivery {
      allowedNetworks = List.copyOf(allowedNetworks);
    }
  }

  /** The retry schedule of SPEC §5. */
  public record Retry(long initialDelayMs, long linearIntervalMs, long maxDelayMs, int maxAttempts) {
    public static final long DEFAULT_INITIAL_DELAY_MS = 5_000;
    public static final long DEFAULT_LINEAR_INTERVAL_MS = 300_000;
    public static final long DEFAULT_MAX_DELAY_MS = 36_000_000;
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
  }

  /** How long finished work is kept. */
  public record Retention(int days) {
    public static final int DEFAULT_DAYS = 30;
  }

  /** Backups taken by {@code backup} and before {@code migrate up}. */
  public record Backup(Path dir, int compressAfterDays, int deleteAfterDays) {
    public static final String DEFAULT_DIR = "data/backups";
    public static final int DEFAULT_COMPRESS_AFTER_DAYS = 7;
    public static final int DEFAULT_DELETE_AFTER_DAYS = 30;
  }

  /** Log output. */
  public record Logging(String format, String level) {
    public static final String DEFAULT_FORMAT = "text";
    public static final String DEFAULT_LEVEL = "INFO";
  }

  /** The warranty scanner (SPEC §4): runs at start and then daily at {@code dailyAt} UTC. */
  public record Scanner(LocalTime dailyAt) {
    public static final LocalTime DEFAULT_DAILY_AT = LocalTime.of(3, 0);
  }

  /**
   * Which parts {@code run} starts in this process. Several processes may share one database:
   * an API process and a worker process on the same SQLite file, so that an operator can give
   * the worker a smaller CPU share ({@code nice}, systemd {@code CPUWeight=}) than the API.
   */
  public record Process(Role role) {
    /** The parts of the service a process runs. */
    public enum Role {
      /** The HTTP API and the worker (delivery, scanner, notifications): the default. */
      ALL("all"),
      /** The HTTP API only (with /metrics and /api/health); never claims or delivers. */
      API("api"),
      /** The worker only, with /metrics and /api/health; no other /api routes. */
      WORKER("worker");

      private final String label;

      Role(String label) {
        this.label = label;
      }

      /** The name used in the configuration and on the command line. */
      public String label() {
        return label;
      }

      /** Whether this process serves the admin API's /api routes. */
      public boolean servesApi() {
        return this != WORKER;
      }

      /** Whether this process runs the worker (delivery, scanner, notifications). */
      public boolean runsWorker() {
        return this != API;
      }

      /** The role named {@code label} (case-insensitive). */
      public static Role of(String label) {
        for (Role r : values()) {
          if (r.label.equalsIgnoreCase(label)) {
            return r;
          }
        }
        throw new IllegalArgumentException("unknown role '" + label + "' (all, api, worker)");
      }
    }

    public static final Role DEFAULT_ROLE = Role.ALL;
  }
}
