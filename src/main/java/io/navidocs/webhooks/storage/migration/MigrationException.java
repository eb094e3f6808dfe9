package io.navidocs.webhooks.storage.migration;

import io.navidocs.webhooks.storage.StorageException;

/** A migration that cannot be applied, rolled back or trusted; the message says which and why. */
public final class MigrationException extends StorageException {
  private static final long serialVersionUID = 1L;

  public MigrationException(String message) {
    super(message);
  }

  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
