package io.navidocs.webhooks.app;

import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.config.SettingsLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command takes. */
public final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (replaces config/application.yaml).")
  Path file;

  /** Environment seen by the command; tests substitute their own. */
  static Map<String, String> environment = System.getenv();

  Settings load() throws ConfigException {
    return SettingsLoader.load(file, environment);
  }
}
