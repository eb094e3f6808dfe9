package io.navidocs.webhooks.storage;

import static io.navidocs.webhooks.storage.SeedDatabase.columns;
import static io.navidocs.webhooks.storage.SeedDatabase.namedIndexes;
import static io.navidocs.webhooks.storage.SeedDatabase.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step of the seed's "Testing Checklist" for its five tables, on a database migrated by the
 * service's runner (step "Test rollback" is {@code DownMigrationTest}). The seed's SQL is used
 * word for word; the parent rows it takes for granted (boat-123, user-456, org-123…) are inserted
 * first.
 */
class SeedChecklistTest {
  @TempDir Path dir;
  Connection c;
  Statement s;

  @BeforeEach
  void migrateAndInsertParents() throws Exception {
    c = SeedDatabase.migrated(dir).open();
    SeedDatabase.insertParents(c);
    s = c.createStatement();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private String failure(String sql) {
    return assertThrows(SQLException.class, () -> s.executeUpdate(sql)).getMessage();
  }

  @Test
  void theMigrationsCreateAll27NamedIndexesOfTheSeedsSqlNotThe21OfItsSummary() throws Exception {
    int total = 0;
    for (String table : List.of("warranty_tracking", "sale_workflows", "webhooks",
        "notification_templates", "notifications")) {
      total += namedIndexes(c, table).size();
    }
    assertEquals(27, total);
  }

  @Nested
  class WarrantyTracking {
    @Test
    void step1TheTableHasExactlyTheSeedsColumns() throws Exception {
      assertEquals(List.of("id", "boat_id", "item_name", "provider", "purchase_date",
          "warranty_period_months", "expiration_date", "coverage_amount", "claim_instructions",
          "status", "created_at", "updated_at"), columns(c, "warranty_tracking"));
    }

    @Test
    void step2ItsFourIndexesExist() throws Exception {
      assertEquals(Set.of("idx_warranty_boat_id", "idx_warranty_expiration",
          "idx_warranty_status", "idx_warranty_expiring_soon"),
          namedIndexes(c, "warranty_tracking"));
    }

    @Test
    void step3AValidWarrantyIsStored() throws Exception {
      s.executeUpdate("""
          INSERT INTO warranty_tracking (
          id, boat_id, item_name, provider, purchase_date,
          warranty_period_months, expiration_date, coverage_amount, status,
          created_at, updated_at
          ) VALUES (
          'wt-001', 'boat-123', 'Engine', 'Caterpillar',
          '2023-01-15', 24, '2025-01-15', 50000, 'active',
          1699888800, 1699888800
          )""");
      assertEquals("1", single(c, "SELECT COUNT(*) FROM warranty_tracking"));
    }

    @Test
    void step4AWarrantyForAnUnknownBoatIsRefusedByTheForeignKey() {
      String error = failure("""
          INSERT INTO warranty_tracking (
          id, boat_id, item_name, purchase_date,
          warranty_period_months, expiration_date, status,
          created_at, updated_at
          ) VALUES (
          'wt-002', 'invalid-boat', 'Generator',
          '2023-01-15', 24, '2025-01-15', 'active',
          1699888800, 1699888800
          )""");
      assertTrue(error.contains("FOREIGN KEY constraint failed"), error);
    }

    @Test
    void anUnknownWarrantyStatusIsRefusedByTheCheck() {
      String error = failure("INSERT INTO warranty_tracking (id, boat_id, item_name,"
          + " purchase_date, warranty_period_months, expiration_date, status, created_at,"
          + " updated_at) VALUES ('wt-003', 'boat-123', 'Engine', '2023-01-15', 24,"
          + " '2025-01-15', 'lapsed', 1699888800, 1699888800)");
      assertTrue(error.contains("CHECK constraint failed"), error);
    }
  }

  @Nested
  class SaleWorkflows {
    private static final String VALID = """
        INSERT INTO sale_workflows (
        id, boat_id, initiated_by, buyer_email, status,
        documents_generated, download_token, created_at, updated_at
        ) VALUES (
        'sw-001', 'boat-123', 'user-456', 'buyer@example.com', 'initiated',
        0, 'token-abc123', 1699888800, 1699888800
        )""";

    @Test
    void step1TheTableHasExactlyTheSeedsColumnsAndSixIndexes() throws Exception {
      assertEquals(List.of("id", "boat_id", "initiated_by", "buyer_email", "status",
          "transfer_date", "expiration_date", "documents_generated", "package_file_path",
          "package_file_size", "download_token", "download_token_expires_at", "downloads_count",
          "created_at", "updated_at"), columns(c, "sale_workflows"));
      assertEquals(Set.of("idx_sale_boat_id", "idx_sale_status", "idx_sale_buyer_email",
          "idx_sale_initiated_by", "idx_sale_download_token", "idx_sale_created_at"),
          namedIndexes(c, "sale_workflows"));
    }

    @Test
    void step2AValidSaleIsStored() throws Exception {
      s.executeUpdate(VALID);
      assertEquals("1", single(c, "SELECT COUNT(*) FROM sale_workflows"));
    }

    @Test
    void step3AnInvalidStatusIsRefusedByTheCheck() {
      // boat-456 and user-789 exist, so only the CHECK can refuse this row.
      String error = failure("""
          INSERT INTO sale_workflows (
          id, boat_id, initiated_by, buyer_email, status, created_at, updated_at
          ) VALUES (
          'sw-002', 'boat-456', 'user-789', 'buyer2@example.com', 'invalid_status',
          1699888800, 1699888800
          )""");
      assertTrue(error.contains("CHECK constraint failed"), error);
    }

    @Test
    void step4TheWorkflowProgressesToPackageGenerated() throws Exception {
      s.executeUpdate(VALID);
      s.executeUpdate("""
          UPDATE sale_workflows
          SET status = 'package_generated', documents_generated = 1, updated_at = 1699888900
          WHERE id = 'sw-001'""");
      assertEquals("package_generated|1", single(c,
          "SELECT status || '|' || documents_generated FROM sale_workflows WHERE id = 'sw-001'"));
    }

    @Test
    void aSaleForAnUnknownBoatIsRefusedByTheForeignKey() {
      String error = failure(VALID.replace("'boat-123'", "'invalid-boat'"));
      assertTrue(error.contains("FOREIGN KEY constraint failed"), error);
    }

    @Test
    void deletingAUserWhoInitiatedASaleIsRefusedBecauseSetNullMeetsNotNull() throws Exception {
      // SPEC §8: initiated_by is NOT NULL with ON DELETE SET NULL, as the seed says; SQLite
      // applies the SET NULL action and the NOT NULL constraint then refuses the whole delete.
      s.executeUpdate(VALID);
      String error = failure("DELETE FROM users WHERE id = 'user-456'");
      assertTrue(error.contains("NOT NULL constraint failed: sale_workflows.initiated_by"),
          error);
      assertEquals("1", single(c, "SELECT COUNT(*) FROM users WHERE id = 'user-456'"));
      assertEquals("user-456",
          single(c, "SELECT initiated_by FROM sale_workflows WHERE id = 'sw-001'"));
      // A user who initiated nothing can be deleted.
      assertEquals(1, s.executeUpdate("DELETE FROM users WHERE id = 'user-789'"));
    }
  }

  @Nested
  class Webhooks {
    private static final String VALID = """
        INSERT INTO webhooks (
        id, organization_id, url, secret, topics, status,
        created_at, updated_at
        ) VALUES (
        'wh-001', 'org-123', 'https://ha.example.com/api/webhook/navidocs',
        'super-secret-key-32-chars-minimum1234567890',
        '["WARRANTY_EXPIRING", "DOCUMENT_UPLOADED"]',
        'active', 1699888800, 1699888800
        )""";

    @Test
    void step1TheTableHasExactlyTheSeedsColumnsAndFiveIndexes() throws Exception {
      assertEquals(List.of("id", "organization_id", "url", "secret", "topics", "status",
          "last_delivery_at", "last_delivery_status", "consecutive_failures", "description",
          "retry_policy", "created_at", "updated_at"), columns(c, "webhooks"));
      assertEquals(Set.of("idx_webhook_org_id", "idx_webhook_status", "idx_webhook_url",
          "idx_webhook_created_at", "idx_webhook_active"), namedIndexes(c, "webhooks"));
    }

    @Test
    void step2And3AWebhookIsStoredAndItsJsonTopicsComeBackAsWritten() throws Exception {
      s.executeUpdate(VALID);
      assertEquals("1", single(c, "SELECT COUNT(*) FROM webhooks"));
      assertEquals("[\"WARRANTY_EXPIRING\", \"DOCUMENT_UPLOADED\"]",
          single(c, "SELECT topics FROM webhooks WHERE id = 'wh-001'"));
      assertEquals("WARRANTY_EXPIRING,DOCUMENT_UPLOADED", single(c,
          "SELECT group_concat(value) FROM webhooks, json_each(webhooks.topics)"
              + " WHERE webhooks.id = 'wh-001'"));
      assertEquals("exponential|0", single(c, "SELECT retry_policy || '|' ||"
          + " consecutive_failures FROM webhooks WHERE id = 'wh-001'"));
    }

    @Test
    void step4AFailingWebhookRecordsItsFailures() throws Exception {
      s.executeUpdate(VALID);
      s.executeUpdate("""
          UPDATE webhooks
          SET status = 'failed', consecutive_failures = 3, last_delivery_status = 500
          WHERE id = 'wh-001'""");
      assertEquals("failed|3|500", single(c, "SELECT status || '|' || consecutive_failures"
          + " || '|' || last_delivery_status FROM webhooks WHERE id = 'wh-001'"));
    }

    @Test
    void anInvalidStatusIsRefusedByTheCheck() {
      String error = failure("INSERT INTO webhooks (id, organization_id, url, secret, topics,"
          + " status, created_at, updated_at) VALUES ('wh-002', 'org-123',"
          + " 'https://example.com', 'secret123', '[]', 'invalid', 1699888800, 1699888800)");
      assertTrue(error.contains("CHECK constraint failed"), error);
    }

    @Test
    void aWebhookOfAnUnknownOrganizationIsRefusedByTheForeignKey() {
      String error = failure(VALID.replace("'org-123'", "'org-unknown'"));
      assertTrue(error.contains("FOREIGN KEY constraint failed"), error);
    }
  }

  @Nested
  class NotificationTemplates {
    private static final String SEED_TEMPLATES = """
        INSERT INTO notification_templates (
        id, event_type, type, subject, body, variables, is_active, context_key,
        created_at, updated_at
        ) VALUES
        ('nt-001', 'WARRANTY_EXPIRING', 'email',
        'Warranty expiring in 90 days: {{item_name}}',
        'Your {{item_name}} warranty expires on {{expiration_date}} (90 days from now). Plan ahead for renewal or coverage gap.',
        '["item_name", "expiration_date", "boat_name"]', 1, '90_days',
        1699888800, 1699888800),
        ('nt-002', 'WARRANTY_EXPIRING', 'email',
        'Warranty expiring in 30 days: {{item_name}}',
        'URGENT: Your {{item_name}} warranty expires on {{expiration_date}} (30 days). Take action now.',
        '["item_name", "expiration_date", "boat_name", "claim_deadline"]', 1, '30_days',
        1699888800, 1699888800)""";

    @Test
    void step1TheTableHasExactlyTheSeedsColumnsAndFiveIndexes() throws Exception {
      assertEquals(List.of("id", "event_type", "type", "subject", "body", "variables",
          "description", "version", "is_active", "context_key", "created_at", "updated_at"),
          columns(c, "notification_templates"));
      assertEquals(Set.of("idx_template_event_type", "idx_template_type", "idx_template_active",
          "idx_template_lookup", "idx_template_context"),
          namedIndexes(c, "notification_templates"));
    }

    @Test
    void step2And3TheSeedsTwoTemplatesAreStoredWithTheirJsonVariables() throws Exception {
      s.executeUpdate(SEED_TEMPLATES);
      assertEquals("2", single(c, "SELECT COUNT(*) FROM notification_templates"));
      assertEquals("1", single(c, "SELECT COUNT(*) FROM notification_templates"
          + " WHERE event_type = 'WARRANTY_EXPIRING' AND json_valid(variables)"
          + " AND json_array_length(variables) = 4"));
    }

    @Test
    void step4ASecondActiveTemplateForTheSameContextIsRefusedByTheUniqueConstraint()
        throws Exception {
      s.executeUpdate(SEED_TEMPLATES);
      String error = failure("""
          INSERT INTO notification_templates (
          id, event_type, type, subject, body, variables, is_active, context_key,
          created_at, updated_at
          ) VALUES
          ('nt-dup', 'WARRANTY_EXPIRING', 'email', 'Duplicate', 'Duplicate template',
          '["item_name"]', 1, '90_days', 1699888800, 1699888800)""");
      assertTrue(error.contains("UNIQUE constraint failed"), error);
    }

    @Test
    void step5TheThirtyDayTemplateIsFoundByItsLookupKeys() throws Exception {
      s.executeUpdate(SEED_TEMPLATES);
      assertEquals("URGENT: Your {{item_name}} warranty expires on {{expiration_date}} (30 days)."
          + " Take action now.", single(c, """
          SELECT body FROM notification_templates
          WHERE event_type = 'WARRANTY_EXPIRING' AND type = 'email' AND is_active = 1
          AND context_key = '30_days'"""));
    }

    @Test
    void anUnknownTemplateTypeIsRefusedByTheRepairedColumnCheck() {
      // SPEC §8: the seed's CHECK on `type` is a column constraint here.
      String error = failure("INSERT INTO notification_templates (id, event_type, type, body,"
          + " variables, created_at, updated_at) VALUES ('nt-fax', 'WARRANTY_EXPIRING', 'fax',"
          + " 'Body', '[]', 1699888800, 1699888800)");
      assertTrue(error.contains("CHECK constraint failed"), error);
    }

    @Test
    void theCheckOnTypeIsDeclaredOnTheTypeColumn() throws Exception {
      String sql = single(c,
          "SELECT sql FROM sqlite_master WHERE name = 'notification_templates'");
      assertTrue(sql.matches("(?s).*type TEXT NOT NULL\\s*(--[^\\n]*)?\\s*"
          + "CHECK\\(type IN \\('email', 'sms', 'push', 'in_app'\\)\\),.*"), sql);
    }
  }

  @Nested
  class Notifications {
    private static final String BASIC = """
        INSERT INTO notifications (
        id, user_id, type, title, message, is_read,
        created_at, updated_at, expires_at
        ) VALUES (
        'notif-001', 'user-123', 'warranty_expiring',
        'Engine warranty expiring soon',
        'Your engine warranty expires on 2025-12-13 (30 days away)',
        0, 1699888800, 1699888800, 1702480800
        )""";

    @Test
    void step1TheTableHasExactlyTheSeedsColumnsAndSevenIndexes() throws Exception {
      assertEquals(List.of("id", "user_id", "type", "title", "message", "boat_id",
          "document_id", "warranty_id", "sale_id", "icon_emoji", "action_url", "action_label",
          "is_read", "read_at", "expires_at", "created_at", "updated_at"),
          columns(c, "notifications"));
      assertEquals(Set.of("idx_notification_user_id", "idx_notification_is_read",
          "idx_notification_created_at", "idx_notification_user_unread",
          "idx_notification_user_recent", "idx_notification_expires_at",
          "idx_notification_type"), namedIndexes(c, "notifications"));
    }

    @Test
    void step2ABasicNotificationIsStored() throws Exception {
      s.executeUpdate(BASIC);
      assertEquals("1", single(c, "SELECT COUNT(*) FROM notifications"));
    }

    @Test
    void step3ANotificationKeepsItsRelatedBoatAndWarranty() throws Exception {
      s.executeUpdate("""
          INSERT INTO notifications (
          id, user_id, type, title, message, boat_id, warranty_id, is_read,
          created_at, updated_at, expires_at
          ) VALUES (
          'notif-002', 'user-123', 'warranty_expiring',
          'Generator warranty status',
          'Your generator warranty has expired',
          'boat-123', 'wt-002', 0, 1699888800, 1699888800, 1702480800
          )""");
      assertEquals("boat-123|wt-002", single(c,
          "SELECT boat_id || '|' || warranty_id FROM notifications WHERE id = 'notif-002'"));
    }

    @Test
    void step4ANotificationIsMarkedRead() throws Exception {
      s.executeUpdate(BASIC);
      s.executeUpdate("""
          UPDATE notifications
          SET is_read = 1, read_at = 1699975200
          WHERE id = 'notif-001'""");
      assertEquals("1|1699975200",
          single(c, "SELECT is_read || '|' || read_at FROM notifications WHERE id = 'notif-001'"));
    }

    @Test
    void step6TheCleanupQueryCountsOnlyExpiredNotifications() throws Exception {
      s.executeUpdate(BASIC); // expired in 2023
      s.executeUpdate(BASIC.replace("notif-001", "notif-003").replace("1702480800",
          "4102444800")); // expires in 2100
      assertEquals("1", single(c,
          "SELECT COUNT(*) FROM notifications WHERE expires_at < strftime('%s', 'now')"));
    }

    @Test
    void aNotificationForAnUnknownUserIsRefusedByTheForeignKey() {
      String error = failure(BASIC.replace("'user-123'", "'user-unknown'"));
      assertTrue(error.contains("FOREIGN KEY constraint failed"), error);
    }
  }
}
