package io.navidocs.webhooks.event;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * New delivery ids: {@code dlv_} and 32 hex digits, as before, but time-ordered: 48 bits of Unix
 * milliseconds, a 16-bit per-process counter, then 64 random bits.
 *
 * <p>Why: {@code webhook_deliveries.id} is the table's primary key and the leading column of
 * {@code webhook_delivery_attempts}' unique index. With fully random ids every insert lands on a
 * random page of both B-trees, so a batch of n rows dirties about n pages of each, all written to
 * the WAL at commit and read back when the cache misses: the engine's store thread spent most of
 * its time there. Ordered ids append at the right edge, a handful of pages per batch. The random
 * tail keeps ids unique across processes and not guessable from one another.
 */
public final class DeliveryIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private DeliveryIds() {}

  /** A new id for a delivery created at {@code nowMs} (Unix ms). */
  public static String next(long nowMs) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    StringBuilder id = new StringBuilder(36).append("dlv_");
    HEX.toHexDigits(id, (byte) (nowMs >>> 40));
    HEX.toHexDigits(id, (byte) (nowMs >>> 32));
    HEX.toHexDigits(id, (byte) (nowMs >>> 24));
    HEX.toHexDigits(id, (byte) (nowMs >>> 16));
    HEX.toHexDigits(id, (byte) (nowMs >>> 8));
    HEX.toHexDigits(id, (byte) nowMs);
    int n = COUNTER.getAndIncrement();
    HEX.toHexDigits(id, (byte) (n >>> 8));
    HEX.toHexDigits(id, (byte) n);
    return HEX.formatHex(id, random, 0, 8).toString();
  }
}
