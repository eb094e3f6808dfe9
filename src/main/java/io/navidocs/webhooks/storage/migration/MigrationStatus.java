package io.navidocs.webhooks.storage.migration;

/**
 * One line of {@code migrate status}: a migration this build knows or the database records.
 *
 * @param appliedAt Unix seconds, or null when pending
 * @param state {@code applied}, {@code pending}, {@code changed} (applied, but its text differs
 *     from this build's) or {@code unknown} (applied by a newer build)
 */
public record MigrationStatus(String version, String name, Long appliedAt, String state) {}
