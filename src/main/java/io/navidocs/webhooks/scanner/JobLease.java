package io.navidocs.webhooks.scanner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * A named lease row in {@code job_leases} so that one instance at a time runs a periodic job.
 * Taking it is one guarded upsert that reports whether it won: free, expired, or already ours.
 * Correctness never depends on it (the scanner's marks are exactly-once on their own); it saves
 * several instances from scanning the same rows at the same time.
 */
public final class JobLease {
  static final String ACQUIRE_SQL = """
      INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < ?""";
  static final String RELEASE_SQL =
      "UPDATE job_leases SET expires_at = 0 WHERE name = ? AND holder = ?";

  private final String name;
  private final String holder;
  private final Duration length;

  public JobLease(String name, String holder, Duration length) {
    this.name = name;
    this.holder = holder;
    this.length = length;
  }

  /** Takes or renews the lease; false when another live holder has it. */
  public boolean acquire(Connection c, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ACQUIRE_SQL)) {
      s.setString(1, name);
      s.setString(2, holder);
      s.setLong(3, now.plus(length).toEpochMilli());
      s.setLong(4, now.toEpochMilli());
      return s.executeUpdate() == 1;
    }
  }

  /** Gives the lease up (only if still ours). */
  public void release(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(RELEASE_SQL)) {
      s.setString(1, name);
      s.setString(2, holder);
      s.executeUpdate();
    }
  }
}
