package io.navidocs.webhooks.storage;

/**
 * A database problem explained in one line for an operator: which file or URL, what went wrong,
 * and, where there is one, what to do about it.
 */
public class StorageException extends Exception {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
