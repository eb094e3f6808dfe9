package io.navidocs.webhooks.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and scrape config under deploy/prometheus pass Prometheus's own checks. Needs
 * {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs it): a missing
 * promtool FAILS this test rather than skipping it, so CI cannot pass without the check.
 */
class PromtoolTest {
  static final Path DIR = Scripts.ROOT.resolve("deploy/prometheus");
  static final Path RULES = DIR.resolve("navidocs-webhooks.rules.yml");
  static final Path RULE_TESTS = DIR.resolve("navidocs-webhooks.rules.test.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return fail("promtool not found on PATH: install Debian's `prometheus` package"
        + " (apt-get install --no-install-recommends prometheus); .ci/run does this");
  }

  private static void promtool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = promtool();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Scripts.Result r = Scripts.run(DIR, Map.of(), 120, cmd);
    assertEquals(0, r.exit(), String.join(" ", cmd) + "\n" + r.output());
    assertTrue(r.output().contains("SUCCESS"), r.output());
  }

  /** The names of the alerts the rules file defines. */
  static Set<String> alerts() throws Exception {
    Set<String> out = new TreeSet<>();
    for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        out.add(rule.get("alert").asText());
      }
    }
    return out;
  }

  @Test
  void alertRulesPassPromtoolCheckRules() throws Exception {
    promtool("check", "rules", RULES.toString());
  }

  @Test
  void alertRulesPassTheirPromtoolUnitTests() throws Exception {
    promtool("test", "rules", RULE_TESTS.toString());
  }

  @Test
  void theScrapeConfigWithItsRulesPassesPromtoolCheckConfig() throws Exception {
    promtool("check", "config", DIR.resolve("prometheus.yml").toString());
  }

  @Test
  void everyAlertHasAFiringAndAQuietCaseInTheRuleTests() throws Exception {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).get("tests")) {
      for (JsonNode c : test.path("alert_rule_test")) {
        String name = c.get("alertname").asText();
        (c.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
      }
    }
    Set<String> alerts = alerts();
    assertEquals(6, alerts.size(), alerts.toString());
    for (String alert : alerts) {
      assertTrue(firing.contains(alert), alert + " has no firing case");
      assertTrue(quiet.contains(alert), alert + " has no quiet case");
    }
  }
}
