package io.navidocs.webhooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsScrapeTest {
  @TempDir Path dir;

  @Test
  void metricsExposeJvmProcessHttpServerAndWorkerGaugesInPrometheusText() throws Exception {
    try (RunningService s = new RunningService(dir, Map.of())) {
      assertEquals(200, s.get("/api/health").statusCode());
      HttpResponse<String> r = s.get("/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      Set<String> names = PrometheusText.names(r.body());
      for (String expected : new String[] {
          "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
          "process_cpu_usage", "process_uptime_seconds", "system_cpu_count",
          "vertx_http_server_requests_total", "vertx_http_server_response_time_seconds_count",
          "navidocs_webhook_worker_stalled", "navidocs_webhook_worker_paused",
          "navidocs_webhook_worker_heartbeat_age_seconds"}) {
        assertTrue(names.contains(expected), expected + " missing from " + names);
      }
      assertEquals(0.0, PrometheusText.value(r.body(), "navidocs_webhook_worker_stalled",
          Map.of()).orElseThrow());
    }
  }

  @Test
  void metricLabelsNeverCarryAWebhookUrlOrOrganization() throws Exception {
    try (RunningService s = new RunningService(dir, Map.of())) {
      s.get("/api/health");
      String scrape = s.scrape();
      for (String forbidden : new String[] {"organization", "url=", "webhook_id", "secret"}) {
        assertTrue(scrape.lines().filter(l -> !l.startsWith("#"))
            .noneMatch(l -> l.contains(forbidden)), forbidden);
      }
    }
  }
}
