package io.navidocs.webhooks.app;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that its own shutdown hook does not close the handlers: that
 * hook runs concurrently with the service's stop hook and would swallow the last lines of a
 * graceful stop ("… stopped"). Installed by {@link Main} through the
 * {@code java.util.logging.manager} system property; the handlers flush every record anyway.
 */
public final class ShutdownLogManager extends LogManager {
  public ShutdownLogManager() {
    super();
  }

  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName())) {
      return; // LogManager$Cleaner, the JVM shutdown hook
    }
    super.reset();
  }
}
