package io.navidocs.webhooks.storage.migration;

import io.navidocs.webhooks.storage.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The migrations this build knows, in order: the Java baseline, then the SQL pairs listed in
 * {@code db/<dialect>/migrations.txt} (one {@code <version>_<name>} a line; {@code #} comments).
 * Listing them explicitly keeps the order obvious and works the same from a jar and a folder.
 */
public final class MigrationCatalog {
  private MigrationCatalog() {}

  /** Every migration for the dialect, oldest first. */
  public static List<Migration> forDialect(Dialect dialect) {
    String folder = "db/" + dialect.folder() + "/";
    List<Migration> out = new ArrayList<>();
    out.add(new BaselineMigration(dialect));
    for (String line : read(folder + "migrations.txt").split("\n")) {
      String id = line.strip();
      if (id.isEmpty() || id.startsWith("#")) {
        continue;
      }
      int split = id.indexOf('_', id.indexOf('_') + 1);
      if (split < 0) {
        throw new IllegalStateException("migration id '" + id + "' is not <date>_<seq>_<name>");
      }
      out.add(new SqlMigration(id.substring(0, split), id.substring(split + 1),
          read(folder + id + ".up.sql"), read(folder + id + ".down.sql")));
    }
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i - 1).version().compareTo(out.get(i).version()) >= 0) {
        throw new IllegalStateException("migrations out of order: " + out.get(i - 1).id()
            + " before " + out.get(i).id());
      }
    }
    return List.copyOf(out);
  }

  private static String read(String resource) {
    try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration resource missing from the build: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
