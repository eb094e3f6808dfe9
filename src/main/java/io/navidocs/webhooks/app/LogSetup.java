package io.navidocs.webhooks.app;

import io.navidocs.webhooks.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes java.util.logging (which Vert.x and our code use) to standard error, as one line per
 * record: plain text, or one JSON object per line for log shippers.
 */
public final class LogSetup {
  private LogSetup() {}

  /** Replaces the root logger's handlers with one writing the configured format. */
  public static void apply(Settings.Logging logging) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    Handler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(logging.format().equals("json") ? new JsonLines() : new TextLines());
    root.addHandler(handler);
    Level level = Level.parse(logging.level());
    root.setLevel(level);
    // Netty's and Vert.x's own chatter at INFO is noise for operators.
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
  }

  private static String throwable(LogRecord r) {
    if (r.getThrown() == null) {
      return "";
    }
    StringWriter out = new StringWriter();
    r.getThrown().printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** {@code 2026-11-24T10:00:00.123Z INFO  logger: message}. */
  static final class TextLines extends Formatter {
    @Override
    public String format(LogRecord r) {
      String name = r.getLoggerName() == null ? "" : r.getLoggerName();
      name = name.substring(name.lastIndexOf('.') + 1);
      String t = throwable(r);
      return Instant.ofEpochMilli(r.getMillis()) + " " + String.format("%-7s", r.getLevel())
          + name + ": " + formatMessage(r) + System.lineSeparator()
          + (t.isEmpty() ? "" : t);
    }
  }

  /** One JSON object per line: time, level, logger, message, and error when there is one. */
  static final class JsonLines extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder out = new StringBuilder(160).append('{');
      field(out, "time", Instant.ofEpochMilli(r.getMillis()).toString()).append(',');
      field(out, "level", r.getLevel().getName()).append(',');
      field(out, "logger", r.getLoggerName() == null ? "" : r.getLoggerName()).append(',');
      field(out, "message", formatMessage(r));
      String t = throwable(r);
      if (!t.isEmpty()) {
        field(out.append(','), "error", t);
      }
      return out.append('}').append(System.lineSeparator()).toString();
    }

    private static StringBuilder field(StringBuilder out, String key, String value) {
      out.append('"').append(key).append("\":\"");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"');
    }
  }
}
