package io.navidocs.webhooks.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.navidocs.webhooks.storage.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SPEC §7 metrics after real deliveries by the running service to a local WireMock receiver:
 * one success, one success after a retried 503, one non-retryable 400, one delivery held for a
 * failed webhook, and one rejected event. Also: every metric a dashboard panel or an alert
 * queries exists in that scrape, so no panel stays empty and no alert silently never fires because
 * of a misspelt name.
 */
class DeliveryMetricsScrapeTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  @TempDir Path dir;
  private final WireMockServer receiver =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private RunningService service;

  @BeforeEach
  void start() throws Exception {
    receiver.start();
    receiver.stubFor(post(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
    receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
        .willReturn(aResponse().withStatus(503)));
    receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky")
        .whenScenarioStateIs("recovered").willReturn(aResponse().withStatus(200)));
    receiver.stubFor(post(urlEqualTo("/bad")).willReturn(aResponse().withStatus(400)));
    service = new RunningService(dir, Map.of(
        "NAVIDOCS_DELIVERY_ALLOW_HTTP", "true",
        "NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.0/8",
        "NAVIDOCS_POLL_INTERVAL_MS", "50",
        "NAVIDOCS_RETRY_INITIAL_DELAY_MS", "200",
        "NAVIDOCS_RETRY_MAX_DELAY_MS", "1000",
        "NAVIDOCS_RETRY_LINEAR_INTERVAL_MS", "1000",
        "NAVIDOCS_RETRY_MAX_ATTEMPTS", "3"));
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    receiver.stop();
  }

  /** With the service's pragmas (busy timeout, WAL): the worker writes at the same time. */
  private String jdbcUrl() {
    return new Database("jdbc:sqlite:" + service.dbFile, 5000).jdbcUrl();
  }

  private void sql(String statement, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private long count(String query) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl());
        PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private void webhook(String id, String path, String status) throws Exception {
    sql("INSERT INTO webhooks (id, organization_id, url, secret, topics, status, retry_policy,"
        + " consecutive_failures, created_at, updated_at)"
        + " VALUES (?, 'org-1', ?, ?, '[\"SALE_COMPLETED\"]', ?, 'exponential', 0, 0, 0)",
        id, "http://127.0.0.1:" + receiver.port() + path, SECRET, status);
  }

  private static void await(String what, BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 30 s: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20); // the polling step of a bounded wait, not timing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private String scrape() {
    try {
      return service.scrape();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static double value(String scrape, String name, Map<String, String> labels) {
    Optional<Double> v = PrometheusText.value(scrape, name, labels);
    assertTrue(v.isPresent(), name + labels + " missing");
    return v.get();
  }

  /** Runs the deliveries described on the class and returns the scrape once all settled. */
  private String deliver() throws Exception {
    sql("INSERT INTO organizations (id, name, created_at, updated_at) VALUES ('org-1', 'One', 0, 0)");
    webhook("wh_ok", "/ok", "active");
    webhook("wh_flaky", "/flaky", "active");
    webhook("wh_bad", "/bad", "active");
    webhook("wh_down", "/ok", "failed");
    sql("INSERT INTO domain_events (organization_id, event_type, payload)"
        + " VALUES ('org-1', 'SALE_COMPLETED', '{\"sale_id\":\"s-1\"}')");
    sql("INSERT INTO domain_events (organization_id, event_type, payload)"
        + " VALUES ('org-1', 'NOT_AN_EVENT_TYPE', '{}')");

    await("two deliveries succeeded and one failed", () -> {
      try {
        return count("SELECT count(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 2
            && count("SELECT count(*) FROM webhook_deliveries WHERE status = 'failed'") == 1;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    // The delivery held for the failed webhook has waited two hours.
    sql("UPDATE webhook_deliveries SET created_at = created_at - 7200000"
        + " WHERE webhook_id = 'wh_down'");
    await("the backlog gauges were refreshed", () -> PrometheusText.value(scrape(),
        "navidocs_webhook_oldest_pending_seconds", Map.of()).orElse(0.0) >= 7200);
    await("the counters caught up", () -> PrometheusText.value(scrape(),
        "navidocs_webhook_deliveries_total", Map.of("outcome", "failed")).isPresent());

    return scrape();
  }

  @Test
  void realDeliveriesShowUpInEverySpecMetricWithTheRightValues() throws Exception {
    String m = deliver();
    String sale = "SALE_COMPLETED";
    assertEquals(2.0, value(m, "navidocs_webhook_delivery_attempts_total",
        Map.of("event_type", sale, "outcome", "success")));
    assertEquals(2.0, value(m, "navidocs_webhook_delivery_attempts_total",
        Map.of("event_type", sale, "outcome", "http_error")));
    assertEquals(2.0, value(m, "navidocs_webhook_deliveries_total", Map.of("outcome", "succeeded")));
    assertEquals(1.0, value(m, "navidocs_webhook_deliveries_total", Map.of("outcome", "failed")));
    assertEquals(4.0, value(m, "navidocs_webhook_delivery_duration_seconds_count", Map.of()));
    assertEquals(4.0, value(m, "navidocs_webhook_delivery_duration_seconds_bucket",
        Map.of("le", "30.0")));
    assertTrue(value(m, "navidocs_webhook_delivery_duration_seconds_bucket",
        Map.of("le", "0.01")) >= 0);
    assertEquals(2.0, value(m, "navidocs_webhook_event_to_delivery_seconds_count", Map.of()));
    assertEquals(2.0, value(m, "navidocs_webhook_event_to_delivery_seconds_bucket",
        Map.of("le", "3600.0")), "event-to-delivery buckets reach beyond 30 s for retries");
    assertEquals(1.0, value(m, "navidocs_webhook_deliveries_pending", Map.of()));
    assertTrue(value(m, "navidocs_webhook_oldest_pending_seconds", Map.of()) >= 7200);
    assertEquals(0.0, value(m, "navidocs_webhook_outbox_pending", Map.of()), "all fanned out");
    assertEquals(3.0, value(m, "navidocs_webhook_endpoints", Map.of("status", "active")));
    assertEquals(1.0, value(m, "navidocs_webhook_endpoints", Map.of("status", "failed")));
    assertEquals(0.0, value(m, "navidocs_webhook_endpoints", Map.of("status", "inactive")));
    assertEquals(1.0, value(m, "navidocs_webhook_events_total",
        Map.of("event_type", sale, "source", "outbox", "outcome", "accepted")));
    assertEquals(1.0, value(m, "navidocs_webhook_events_total",
        Map.of("event_type", "unknown", "source", "outbox", "outcome", "rejected")));
    assertEquals(0.0, value(m, "navidocs_webhook_events_total",
        Map.of("event_type", "WARRANTY_EXPIRING", "source", "scanner", "outcome", "rejected")),
        "rejected series exist at 0 before their first rejection, for the alert's increase()");
    assertFalse(m.contains("NOT_AN_EVENT_TYPE"), "an unknown event type is not a label value");
    String receiverAddress = "127.0.0.1:" + receiver.port();
    assertEquals(List.of(), m.lines().filter(l -> l.contains(receiverAddress)).toList(),
        "no receiver address or URL in metrics");
    assertFalse(m.contains("wh_ok") || m.contains("org-1"), "no webhook or organization label");
  }

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsInTheScrapeAfterRealDeliveries() throws Exception {
    Map<String, Set<String>> queried = QueriedMetrics.all();
    assertTrue(queried.size() > 15, queried.keySet().toString());
    Set<String> scraped = PrometheusText.names(deliver());
    Map<String, Set<String>> missing = new TreeMap<>();
    queried.forEach((name, where) -> {
      if (!scraped.contains(name)) {
        missing.put(name, where);
      }
    });
    assertEquals(Map.of(), missing, "queried but not exported (name → where)");
  }
}
