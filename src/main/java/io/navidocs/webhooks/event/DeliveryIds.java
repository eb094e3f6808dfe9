package io.navidocs.webhooks.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  /** Random bytes drawn 64 ids at a time: one SecureRandom call (a lock, a read) per 64 ids. */
  private static final int POOL = 8 * 64;
  private static final ThreadLocal<ByteBuffer> RANDOM_POOL =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(POOL).position(POOL));

  private DeliveryIds() {}

  /** A new id for a delivery created at {@code nowMs} (Unix ms). */
  public static String next(long nowMs) {
    ByteBuffer pool = RANDOM_POOL.get();
    if (!pool.hasRemaining()) {
      RANDOM.nextBytes(pool.array());
      pool.clear();
    }
    long random = pool.getLong();
    int n = COUNTER.getAndIncrement();
    byte[] id = new byte[36];
    id[0] = 'd';
    id[1] = 'l';
    id[2] = 'v';
    id[3] = '_';
    hex(id, 4, nowMs, 12); // 48 bits of milliseconds
    hex(id, 16, n, 4); // 16 bits of counter
    hex(id, 20, random, 16); // 64 random bits
    return new String(id, StandardCharsets.US_ASCII);
  }

  /** Writes the low {@code digits} hex digits of {@code value} at {@code at}, highest first. */
  private static void hex(byte[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
