package io.navidocs.webhooks.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The messages one logger publishes while a test runs. Holds the logger itself: a logger nobody
 * references may be collected before the code under test first asks for it, and the handler
 * added to it would then never see a record.
 */
public final class LogMessages extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private LogMessages(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what the logger named {@code name} publishes. */
  public static LogMessages of(String name) {
    LogMessages capture = new LogMessages(Logger.getLogger(name));
    capture.logger.addHandler(capture);
    return capture;
  }

  /** The messages so far, oldest first (a live view). */
  public List<String> messages() {
    return messages;
  }

  @Override
  public void publish(LogRecord r) {
    messages.add(r.getMessage());
  }

  @Override
  public void flush() {}

  /** Stops capturing. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
