package io.navidocs.webhooks.config;

/**
 * A configuration value that cannot be used. The message names the key (and the environment
 * variable or file it came from) and says what was expected; it never contains a secret value.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
