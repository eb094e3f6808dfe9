package io.navidocs.webhooks.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker and deploy/grafana hang together: no Docker daemon is available to the build, so
 * these check what can be checked without one (every file a mount or COPY names exists, the
 * image runs as a non-root user with a health check, the dashboard's data source is provisioned).
 */
class DeployFilesTest {
  private static final Path DEPLOY = Scripts.ROOT.resolve("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theImageIsMultiStageRunsAsNonRootAndChecksHealth() throws Exception {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("docker/Dockerfile"));
    assertEquals(2, lines.stream().filter(l -> l.startsWith("FROM ")).count());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("USER navidocs")));
    assertTrue(lines.stream().anyMatch(l -> l.contains("curl -fsS http://127.0.0.1:8080/api/health")));
    for (String l : lines) {
      if (l.startsWith("COPY ") && !l.contains("--from=")) {
        String source = l.split("\\s+")[1];
        assertTrue(Files.exists(Scripts.ROOT.resolve(source)), "COPY source missing: " + source);
      }
    }
  }

  @Test
  void composeMountsFilesThatExistAndProvisionsPrometheusAndGrafana() throws Exception {
    Path compose = DEPLOY.resolve("docker/compose.yaml");
    JsonNode services = YAML.readTree(compose.toFile()).get("services");
    for (String s : new String[] {"navidocs-webhooks", "prometheus", "grafana"}) {
      assertTrue(services.has(s), s);
    }
    for (JsonNode service : services) {
      for (JsonNode volume : service.path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith(".")) {
          assertTrue(Files.exists(compose.getParent().resolve(source).normalize()),
              "mounted file missing: " + source);
        }
      }
    }
    JsonNode target = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile())
        .at("/scrape_configs/0/static_configs/0/targets/0");
    assertEquals("navidocs-webhooks:8080", target.asText());
  }

  @Test
  void everyDashboardPanelUsesTheProvisionedDataSource() throws Exception {
    String uid = YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yaml")
        .toFile()).at("/datasources/0/uid").asText();
    JsonNode dashboard = new ObjectMapper().readTree(
        DEPLOY.resolve("grafana/navidocs-webhooks.dashboard.json").toFile());
    assertTrue(dashboard.get("panels").size() >= 10);
    for (JsonNode panel : dashboard.get("panels")) {
      assertEquals(uid, panel.at("/datasource/uid").asText(), panel.get("title").asText());
      assertTrue(panel.get("targets").size() > 0, panel.get("title").asText());
    }
  }
}
