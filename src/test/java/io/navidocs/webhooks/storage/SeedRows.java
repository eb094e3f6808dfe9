package io.navidocs.webhooks.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Realistic rows for the seed's tables, for query plans and the benchmark: many organizations,
 * users and boats; statuses in plausible proportions; dates spread around today. Deterministic
 * for a given seed. Each method inserts in one transaction.
 */
public final class SeedRows {
  private static final String[] WARRANTY_ITEMS = {"Engine", "Generator", "Propeller",
      "Watermaker", "Autopilot", "Radar", "Windlass", "Chartplotter"};
  private static final String[] PROVIDERS = {"Caterpillar", "Volvo Penta", "Yanmar",
      "Raymarine", "Garmin", "Lewmar"};

  private final Connection c;
  private final Random random;
  private final int organizations;
  private final int users;
  private final int boats;
  private final long now;

  public SeedRows(Connection c, long seed, int organizations, int users, int boats) {
    this.c = c;
    this.random = new Random(seed);
    this.organizations = organizations;
    this.users = users;
    this.boats = boats;
    this.now = System.currentTimeMillis() / 1000;
  }

  /** The NaviDocs parents: org-0…, user-0…, boat-0… (each boat in one organization). */
  public SeedRows parents() throws SQLException {
    batch("INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
        organizations, (q, i) -> {
          q.setString(1, "org-" + i);
          q.setString(2, "Organization " + i);
          q.setLong(3, now);
          q.setLong(4, now);
        });
    batch("INSERT INTO users (id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        users, (q, i) -> {
          q.setString(1, "user-" + i);
          q.setString(2, "user" + i + "@example.com");
          q.setString(3, "User " + i);
          q.setLong(4, now);
          q.setLong(5, now);
        });
    batch("INSERT INTO entities (id, organization_id, name, created_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?)", boats, (q, i) -> {
          q.setString(1, "boat-" + i);
          q.setString(2, "org-" + (i % organizations));
          q.setString(3, "Boat " + i);
          q.setLong(4, now);
          q.setLong(5, now);
        });
    return this;
  }

  /**
   * Warranties: 70 % active, 20 % expired, 7 % claimed, 3 % voided; expiration dates spread
   * evenly over two years back and two years ahead.
   */
  public SeedRows warranties(int count) throws SQLException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    batch("INSERT INTO warranty_tracking (id, boat_id, item_name, provider, purchase_date,"
        + " warranty_period_months, expiration_date, coverage_amount, status, created_at,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count, (q, i) -> {
          LocalDate expires = today.plusDays(random.nextInt(1461) - 730);
          int months = 12 * (1 + random.nextInt(5));
          int p = random.nextInt(100);
          q.setString(1, "wt-" + i);
          q.setString(2, "boat-" + random.nextInt(boats));
          q.setString(3, WARRANTY_ITEMS[random.nextInt(WARRANTY_ITEMS.length)]);
          q.setString(4, PROVIDERS[random.nextInt(PROVIDERS.length)]);
          q.setString(5, expires.minusMonths(months).toString());
          q.setInt(6, months);
          q.setString(7, expires.toString());
          q.setDouble(8, 1_000 + random.nextInt(99_000));
          q.setString(9, p < 70 ? "active" : p < 90 ? "expired" : p < 97 ? "claimed" : "voided");
          q.setLong(10, now - random.nextInt(730 * 86_400));
          q.setLong(11, now);
        });
    return this;
  }

  /** Sales: 10 % initiated, 10 % package_generated, 20 % transferred, 60 % completed. */
  public SeedRows sales(int count) throws SQLException {
    batch("INSERT INTO sale_workflows (id, boat_id, initiated_by, buyer_email, status,"
        + " documents_generated, download_token, created_at, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", count, (q, i) -> {
          int p = random.nextInt(100);
          String status = p < 10 ? "initiated" : p < 20 ? "package_generated"
              : p < 40 ? "transferred" : "completed";
          long created = now - random.nextInt(730 * 86_400);
          q.setString(1, "sw-" + i);
          q.setString(2, "boat-" + random.nextInt(boats));
          q.setString(3, "user-" + random.nextInt(users));
          q.setString(4, "buyer" + i + "@example.com");
          q.setString(5, status);
          q.setInt(6, status.equals("initiated") ? 0 : 1);
          q.setString(7, "token-" + Long.toHexString(random.nextLong()));
          q.setLong(8, created);
          q.setLong(9, created);
        });
    return this;
  }

  /** Webhooks spread over every organization: 80 % active, 10 % inactive, 10 % failed. */
  public SeedRows webhooks(int count) throws SQLException {
    batch("INSERT INTO webhooks (id, organization_id, url, secret, topics, status,"
        + " consecutive_failures, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        count, (q, i) -> {
          int p = random.nextInt(100);
          String status = p < 80 ? "active" : p < 90 ? "inactive" : "failed";
          q.setString(1, "wh-" + i);
          q.setString(2, "org-" + random.nextInt(organizations));
          q.setString(3, "https://hooks.example.com/navidocs/" + i);
          q.setString(4, "whsec-benchmark-secret-0123456789abcdef-" + i);
          q.setString(5, "[\"WARRANTY_EXPIRING\", \"DOCUMENT_UPLOADED\"]");
          q.setString(6, status);
          q.setInt(7, status.equals("failed") ? 8 : 0);
          q.setLong(8, now - random.nextInt(365 * 86_400));
          q.setLong(9, now);
        });
    return this;
  }

  /** Notifications over every user: 30 % unread, created over the last 30 days. */
  public SeedRows notifications(int count) throws SQLException {
    batch("INSERT INTO notifications (id, user_id, type, title, message, boat_id, is_read,"
        + " read_at, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        count, (q, i) -> {
          boolean read = random.nextInt(100) >= 30;
          long created = now - random.nextInt(30 * 86_400);
          q.setString(1, "notif-" + i);
          q.setString(2, "user-" + random.nextInt(users));
          q.setString(3, "warranty_expiring");
          q.setString(4, "Warranty expiring soon");
          q.setString(5, "Your warranty expires in 30 days");
          q.setString(6, "boat-" + random.nextInt(boats));
          q.setInt(7, read ? 1 : 0);
          if (read) {
            q.setLong(8, created + 3_600);
          } else {
            q.setNull(8, Types.INTEGER);
          }
          q.setLong(9, created);
          q.setLong(10, created);
          q.setLong(11, created + 30L * 86_400);
        });
    return this;
  }

  private interface Row {
    void bind(PreparedStatement q, int i) throws SQLException;
  }

  private void batch(String sql, int count, Row row) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < count; i++) {
        row.bind(q, i);
        q.addBatch();
        if (i % 5_000 == 4_999) {
          q.executeBatch();
        }
      }
      q.executeBatch();
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
