package io.navidocs.webhooks.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Prometheus text exposition: the series names and single sample values. */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");

  private PrometheusText() {}

  /** Every series name with at least one sample ({@code _bucket}, {@code _count} included). */
  public static Set<String> names(String scrape) {
    Set<String> out = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The value of the sample with this name whose labels include all of {@code labels}. */
  public static Optional<Double> value(String scrape, String name, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find() || !m.group(1).equals(name)) {
        continue;
      }
      String l = m.group(3) == null ? "" : m.group(3);
      boolean all = labels.entrySet().stream()
          .allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        return Optional.of(Double.parseDouble(m.group(4)));
      }
    }
    return Optional.empty();
  }
}
