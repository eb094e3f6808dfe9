package io.navidocs.webhooks.app;

import io.navidocs.webhooks.config.ConfigException;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.storage.Backups;
import io.navidocs.webhooks.storage.Database;
import io.navidocs.webhooks.storage.Schema;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands share: settings, database, schema and where to print. */
final class Commands {
  private static final Logger LOG = Logger.getLogger("io.navidocs.webhooks.storage.Schema");

  private Commands() {}

  /** Everything a command needs, built from its {@code --config}. */
  record Context(Settings settings, Database database, Schema schema, Backups backups,
      PrintWriter out) {}

  /**
   * The context of the command {@code spec} describes. Its {@code --config} may be given after
   * the command ({@code migrate up --config f}) or before it ({@code --config f migrate up}): the
   * nearest one given wins, so a file named anywhere on the command line is never ignored.
   */
  static Context context(ConfigOption config, CommandSpec spec) throws ConfigException {
    ConfigOption chosen = config;
    for (CommandLine cl = spec.commandLine(); chosen.file == null && cl != null;
        cl = cl.getParent()) {
      CommandSpec mixin = cl.getCommandSpec().mixins().get("config");
      if (mixin != null && mixin.userObject() instanceof ConfigOption outer
          && outer.file != null) {
        chosen = outer;
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = chosen.load();
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
