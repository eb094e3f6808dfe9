package io.navidocs.webhooks.app;

import io.navidocs.webhooks.storage.Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backup [--dir DIR]}: an online, verified backup with a manifest and retention. */
@Command(name = "backup", description = "Take an online backup of the SQLite database, check it"
    + " with PRAGMA integrity_check, write a manifest and apply the retention policy.",
    mixinStandardHelpOptions = true)
final class BackupCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "Backup directory (default:"
      + " backup.dir of the configuration).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    var ctx = Commands.context(config, spec);
    Backups.Result r = ctx.backups().take(dir != null ? dir : ctx.settings().backup().dir());
    ctx.out().println("backup taken: " + r.file() + " (" + r.bytes() + " bytes, " + r.tables()
        + " tables, integrity ok)");
    ctx.out().println("manifest: " + r.manifest());
    for (String action : r.retention()) {
      ctx.out().println("retention: " + action);
    }
    return 0;
  }
}
