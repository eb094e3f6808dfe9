package io.navidocs.webhooks.app;

import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.logging.Logger;

/** What the commands share: settings, database, schema and where to print. */
final class Commands {
  private static final Logger LOG = Logger.getLogger("io.navidocs.webhooks.storage.Schema");

  private Commands() {}

  /** Everything a command needs, built from its {@code --config}. */
  record Context(Settings settings, Database database, Schema schema, Backups backups,
      PrintWriter out) {}

  static Context context(ConfigOption config, PrintWriter out) throws ConfigException {
    Settings settings = config.load();
    LogSetup.apply(settings.logging());
    Database database =
        new Database(settings.database().url(), settings.database().busyTimeoutMs());
    Clock clock = Clock.systemUTC();
    Backups backups = new Backups(database, clock, settings.backup().compressAfterDays(),
        settings.backup().deleteAfterDays());
    Schema schema = new Schema(database, backups, settings.backup().dir(), clock, LOG::info);
    return new Context(settings, database, schema, backups, out);
  }
}
