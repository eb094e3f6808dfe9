package io.navidocs.webhooks.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd/navidocs-webhooks.service: hardened, and valid for systemd. */
class SystemdUnitTest {
  private static final Path UNIT = Scripts.ROOT.resolve("deploy/systemd/navidocs-webhooks.service");

  /** key → values in the [Service] section (a key may repeat). */
  private static Map<String, List<String>> service() throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String section = "";
    for (String raw : Files.readAllLines(UNIT)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = line;
        continue;
      }
      int eq = line.indexOf('=');
      assertTrue(eq > 0, "not key=value: " + line);
      if (section.equals("[Service]")) {
        out.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>())
            .add(line.substring(eq + 1));
      }
    }
    return out;
  }

  @Test
  void theUnitIsHardenedButLetsTheJvmCompileCode() throws Exception {
    Map<String, List<String>> s = service();
    Map<String, String> required = Map.ofEntries(
        Map.entry("NoNewPrivileges", "yes"), Map.entry("ProtectSystem", "strict"),
        Map.entry("PrivateTmp", "yes"), Map.entry("ProtectHome", "yes"),
        Map.entry("PrivateDevices", "yes"), Map.entry("RestrictSUIDSGID", "yes"),
        Map.entry("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        Map.entry("CapabilityBoundingSet", ""), Map.entry("User", "navidocs-webhooks"),
        Map.entry("SystemCallFilter", "@system-service"));
    required.forEach((k, v) -> assertEquals(List.of(v), s.get(k), k));
    assertFalse(s.containsKey("MemoryDenyWriteExecute"),
        "the JIT needs writable and executable memory");
    assertTrue(s.get("ReadWritePaths").get(0).contains("/var/lib/navidocs-webhooks"));
    assertTrue(s.get("EnvironmentFile").get(0).endsWith("/etc/navidocs-webhooks/navidocs-webhooks.env"));
    assertTrue(s.get("ExecStart").get(0).contains("-jar /opt/navidocs-webhooks/navidocs-webhooks.jar run"));
    assertTrue(Files.readString(Scripts.ROOT.resolve("deploy/scripts/common.sh"))
        .contains("java -jar /opt/navidocs-webhooks/navidocs-webhooks.jar"),
        "the scripts run the jar the unit runs");
    Set<String> exits = Set.of(s.get("SuccessExitStatus").get(0).split(" "));
    assertTrue(exits.contains("143"), "SIGTERM exit is a clean stop");
  }

  @Test
  void systemdAnalyzeVerifiesTheUnitWithoutWarnings(@TempDir Path dir) throws Exception {
    boolean available = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
        || Files.isExecutable(Path.of("/bin/systemd-analyze"));
    assertTrue(available, "systemd-analyze is missing: install Debian's systemd package"
        + " (.ci/run does)");
    // verify checks that ExecStart's binary exists; the JDK running this test stands in for
    // /usr/bin/java when that is missing.
    String unit = Files.readString(UNIT);
    if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
      unit = unit.replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java")
          .toString());
    }
    Path copy = dir.resolve("navidocs-webhooks.service");
    Files.writeString(copy, unit);
    Scripts.Result r = Scripts.run(dir, Map.of(), 60, "systemd-analyze", "verify", copy.toString());
    assertEquals(0, r.exit(), r.output());
    assertEquals("", r.output().strip(), "systemd-analyze printed warnings");
  }
}
