package io.navidocs.webhooks.storage;

import java.util.List;

/**
 * One page of a listing and the number of rows the whole listing has.
 *
 * @param total rows matching the filter, all pages together
 */
public record Page<T>(List<T> items, long total, int limit, long offset) {
  public Page {
    items = List.copyOf(items);
  }

  /** Whether rows follow this page. */
  public boolean hasMore() {
    return offset + items.size() < total;
  }
}
