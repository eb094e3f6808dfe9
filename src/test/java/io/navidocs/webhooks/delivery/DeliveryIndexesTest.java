package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * webhook_deliveries keeps only the indexes a query uses (every delivery row is written three
 * times, and each write maintains them), and no engine query reads the whole table.
 */
class DeliveryIndexesTest {
  @TempDir Path dir;

  @Test
  void deliveriesCarryOnlyTheIndexesTheEngineAndTheApiRead() throws Exception {
    try (EngineFixture f = new EngineFixture(dir); Connection c = f.connect();
        PreparedStatement ps = c.prepareStatement("SELECT name FROM sqlite_master WHERE "
            + "type = 'index' AND tbl_name = 'webhook_deliveries' AND sql IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      Set<String> names = new TreeSet<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      assertEquals(new TreeSet<>(List.of("idx_delivery_lease", "idx_delivery_succeeded",
          "idx_delivery_webhook", "idx_delivery_webhook_due")), names);
    }
  }

  @Test
  void noEngineQueryScansTheWholeDeliveriesTable() throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("reclaim expired leases", EngineSql.SQLITE.reclaimExpired);
    queries.put("endpoints with due work", DeliveryClaims.ENDPOINTS_WITH_DUE_WORK);
    queries.put("due rows of an endpoint", EngineSql.SQLITE.dueOfEndpoint);
    queries.put("purge succeeded", RetentionPurge.PURGE_SUCCEEDED);
    queries.put("purge events", RetentionPurge.PURGE_EVENTS);
    queries.put("cancel held", RetentionPurge.CANCEL_HELD);
    queries.put("cancel orphans", RetentionPurge.CANCEL_ORPHANS);
    queries.put("backlog gauge", RetentionPurge.BACKLOG);
    queries.put("release leases on stop", LeaseRelease.RELEASE);
    try (EngineFixture f = new EngineFixture(dir); Connection c = f.connect()) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + q.getValue());
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.add(rs.getString(4));
          }
        }
        for (String step : plan) {
          boolean fullScan = step.startsWith("SCAN webhook_deliveries") && !step.contains("INDEX")
              || step.equals("SCAN d");
          assertTrue(!fullScan, q.getKey() + " reads every delivery: " + plan);
        }
      }
    }
  }

  @Test
  void verifyPassesWithoutTheDroppedIndexesAndNamesTheNewOneWhenItIsMissing() throws Exception {
    try (EngineFixture f = new EngineFixture(dir)) {
      io.navidocs.webhooks.storage.SchemaVerifier verifier = new io.navidocs.webhooks.storage
          .Schema(f.database, new io.navidocs.webhooks.storage.Backups(f.database, f.clock, 7, 30),
          dir.resolve("backups"), f.clock, line -> { }).verifier();
      try (Connection c = f.connect()) {
        List<io.navidocs.webhooks.storage.SchemaVerifier.Check> failed = verifier.verify(c)
            .stream().filter(check -> !check.passed()).toList();
        assertEquals(List.of(), failed);
      }
      f.exec("DROP INDEX idx_delivery_succeeded");
      try (Connection c = f.connect()) {
        List<String> failed = verifier.verify(c).stream().filter(check -> !check.passed())
            .map(check -> check.name() + ": " + check.detail()).toList();
        assertEquals(List.of("index idx_delivery_succeeded: MISSING"), failed);
      }
    }
  }
}
