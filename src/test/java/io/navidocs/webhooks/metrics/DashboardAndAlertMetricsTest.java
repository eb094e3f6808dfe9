package io.navidocs.webhooks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric a dashboard panel or an alert queries exists in a real scrape of the service, so
 * no panel stays empty and no alert silently never fires because of a misspelt name.
 */
class DashboardAndAlertMetricsTest {
  @TempDir Path dir;

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsInARealScrape() throws Exception {
    Map<String, Set<String>> queried = QueriedMetrics.all();
    assertTrue(queried.size() > 15, queried.keySet().toString());
    String scrape;
    try (RunningService s = new RunningService(dir, Map.of())) {
      // One request through the service's own Vert.x HTTP client, so client metrics exist as
      // they do once the worker has delivered anything.
      s.service.vertx().createHttpClient()
          .request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
              .setPort(s.service.port()).setURI("/api/health"))
          .compose(req -> req.send().compose(resp -> resp.body()))
          .await(10, TimeUnit.SECONDS);
      scrape = s.scrape();
    }
    Set<String> scraped = PrometheusText.names(scrape);
    Map<String, Set<String>> missing = new TreeMap<>();
    queried.forEach((name, where) -> {
      if (!scraped.contains(name)) {
        missing.put(name, where);
      }
    });
    assertEquals(Map.of(), missing, "queried but not exported (name → where)");
  }
}
