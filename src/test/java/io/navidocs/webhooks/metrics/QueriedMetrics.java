package io.navidocs.webhooks.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the Grafana dashboard and the alert rules query, with where each is used. */
final class QueriedMetrics {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DASHBOARD = ROOT.resolve("deploy/grafana/navidocs-webhooks.dashboard.json");
  static final Path RULES = ROOT.resolve("deploy/prometheus/navidocs-webhooks.rules.yml");
  /** Series names of this service's exporters; {@code up} is made by Prometheus itself. */
  private static final Pattern NAME = Pattern.compile(
      "\\b((?:navidocs|vertx|jvm|process|system)_[a-zA-Z0-9_]+)\\b");

  private QueriedMetrics() {}

  /** name → the panels or alerts that query it. */
  static Map<String, Set<String>> all() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        add(out, target.get("expr").asText(), "panel '" + panel.get("title").asText() + "'");
      }
    }
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    for (JsonNode group : rules.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        String where = "alert " + rule.get("alert").asText();
        add(out, rule.get("expr").asText(), where);
        for (JsonNode annotation : rule.path("annotations")) {
          add(out, annotation.asText(), where);
        }
      }
    }
    return out;
  }

  private static void add(Map<String, Set<String>> out, String expr, String where) {
    Matcher m = NAME.matcher(expr);
    while (m.find()) {
      out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(where);
    }
  }
}
