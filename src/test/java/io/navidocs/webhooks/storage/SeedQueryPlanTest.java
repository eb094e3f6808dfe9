package io.navidocs.webhooks.storage;

import static io.navidocs.webhooks.storage.SeedDatabase.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code EXPLAIN QUERY PLAN} of the seed's queries, word for word, on a freshly migrated database
 * (no {@code ANALYZE} statistics, as the service creates it). Each assertion names the exact
 * index SQLite picks; where that is not the index the seed's comment names, the test says why and
 * docs/architecture.md ("Which index the seed's queries use") records it.
 */
class SeedQueryPlanTest {
  @TempDir Path dir;
  Connection c;

  @BeforeEach
  void migrate() throws Exception {
    c = SeedDatabase.migrated(dir).open();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void theUnreadNotificationsQueryUsesThePartialIndexThatAlsoSortsByCreatedAt()
      throws Exception {
    // The seed's comment expects idx_notification_user_unread (user_id, is_read) WHERE
    // is_read = 0. SQLite prefers idx_notification_user_recent (user_id, created_at DESC)
    // WHERE is_read = 0: the same rows, already in ORDER BY order, so no sort step and the
    // LIMIT stops the scan early. Both partial indexes qualify; this one is strictly better.
    String seedStep5 = """
        SELECT id, title, message FROM notifications
        WHERE user_id = 'user-123' AND is_read = 0
        ORDER BY created_at DESC
        LIMIT 10""";
    assertEquals(List.of("SEARCH notifications USING INDEX idx_notification_user_recent"
        + " (user_id=?)"), plan(c, seedStep5));
  }

  @Test
  void thePerformanceBaselineNotificationQueryUsesTheSameIndexWithoutASort() throws Exception {
    assertEquals(List.of("SEARCH notifications USING INDEX idx_notification_user_recent"
        + " (user_id=?)"), plan(c, """
        SELECT * FROM notifications
        WHERE user_id = 'user-123' AND is_read = 0
        ORDER BY created_at DESC
        LIMIT 50"""));
  }

  @Test
  void theUnreadIndexTheSeedNamesServesTheUnreadCountWhenNoOrderIsAsked() throws Exception {
    assertEquals(List.of("SEARCH notifications USING COVERING INDEX"
        + " idx_notification_user_unread (user_id=? AND is_read=?)"), plan(c,
        "SELECT COUNT(*) FROM notifications WHERE user_id = 'user-123' AND is_read = 0"));
  }

  @Test
  void theWarrantyWindowQueryUsesAnIndexOnStatusWithoutStatistics() throws Exception {
    // Without ANALYZE statistics SQLite rates "status = ?" on idx_warranty_status above the
    // range on expiration_date; neither idx_warranty_expiring_soon nor idx_warranty_expiration
    // is chosen for the seed's text. With the statistics of a realistic table (ANALYZE, see
    // theWarrantyWindowQueryUsesTheExpiringSoonIndexOnceAnalyzed) the partial index wins.
    String seedBenchmark = """
        SELECT id FROM warranty_tracking
        WHERE expiration_date BETWEEN date('now') AND date('now', '+30 days')
        AND status = 'active'""";
    assertEquals(List.of("SEARCH warranty_tracking USING INDEX idx_warranty_status (status=?)"),
        plan(c, seedBenchmark));
  }

  @Test
  void theWarrantyWindowQueryUsesTheExpiringSoonIndexOnceAnalyzed() throws Exception {
    new SeedRows(c, 1, 5, 5, 50).parents().warranties(2_000);
    c.createStatement().execute("ANALYZE");
    assertEquals(List.of("SEARCH warranty_tracking USING INDEX"
        + " idx_warranty_expiring_soon (expiration_date>? AND expiration_date<?)"), plan(c, """
        SELECT id FROM warranty_tracking
        WHERE expiration_date BETWEEN date('now') AND date('now', '+30 days')
        AND status = 'active'"""));
  }

  @Test
  void theActiveWebhooksOfAnOrganizationAreCountedFromThePartialActiveIndexAlone()
      throws Exception {
    assertEquals(List.of("SEARCH webhooks USING COVERING INDEX idx_webhook_active"
        + " (status=? AND organization_id=?)"), plan(c, """
        SELECT COUNT(*) FROM webhooks
        WHERE organization_id = 'org-123' AND status = 'active'"""));
  }

  @Test
  void theSeedsTemplateLookupUsesTheUniqueConstraintsIndexBecauseItAlsoNamesTheContext()
      throws Exception {
    // The seed's step 5 filters on event_type, type, is_active AND context_key: all four
    // columns of the UNIQUE(event_type, type, context_key, is_active) constraint, whose
    // automatic index is an exact match. idx_template_lookup covers three of them.
    assertEquals(List.of("SEARCH notification_templates USING INDEX"
        + " sqlite_autoindex_notification_templates_2"
        + " (event_type=? AND type=? AND context_key=? AND is_active=?)"), plan(c, """
        SELECT body FROM notification_templates
        WHERE event_type = 'WARRANTY_EXPIRING' AND type = 'email' AND is_active = 1
        AND context_key = '30_days'"""));
  }

  @Test
  void aTemplateLookupWithoutContextUsesIdxTemplateLookup() throws Exception {
    assertEquals(List.of("SEARCH notification_templates USING INDEX idx_template_lookup"
        + " (event_type=? AND type=? AND is_active=?)"), plan(c, """
        SELECT body FROM notification_templates
        WHERE event_type = 'WARRANTY_EXPIRING' AND type = 'email' AND is_active = 1"""));
  }

  @Test
  void theOpenSalesQueryUsesTheStatusIndex() throws Exception {
    assertEquals(List.of("SEARCH sale_workflows USING INDEX idx_sale_status (status=?)"),
        plan(c, """
        SELECT COUNT(*) FROM sale_workflows
        WHERE status IN ('initiated', 'package_generated')
        ORDER BY created_at DESC
        LIMIT 100"""));
  }

  @Test
  void theExpiredNotificationsCleanupUsesTheExpiresAtIndex() throws Exception {
    assertEquals(List.of("SEARCH notifications USING COVERING INDEX idx_notification_expires_at"
        + " (expires_at<?)"), plan(c,
        "SELECT COUNT(*) FROM notifications WHERE expires_at < strftime('%s', 'now')"));
  }
}
