package io.navidocs.webhooks.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.navidocs.webhooks.storage.Dialect;
import io.navidocs.webhooks.storage.WebhookRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL, another instance that is in the middle of creating an organization's tenth
 * webhook (its transaction open, its row not yet committed) cannot be overtaken: this instance's
 * create waits for it and then answers 409, where READ COMMITTED alone would let both count nine
 * and insert. The other instance is played by a plain connection doing what
 * {@link WebhookRepository#create} does on PostgreSQL.
 */
class PostgresWebhookLimitTest {
  @TempDir Path dir;
  ApiFixture api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiFixture(Dialect.POSTGRESQL, dir,
        Map.of("NAVIDOCS_DELIVERY_ALLOWED_NETWORKS", "127.0.0.1/32"));
    for (int i = 1; i <= 9; i++) {
      api.sql("INSERT INTO webhooks (id, organization_id, url, secret, topics, status,"
          + " created_at, updated_at) VALUES ('wh_" + i + "', 'org-1', 'https://h.example/" + i
          + "', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '[\"*\"]', 'active', 1, 1)");
    }
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void aCreateWaitsForAnotherInstancesUncommittedTenthWebhookAndThenIsAConflict()
      throws Exception {
    try (Connection other = api.database.open()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
               other.prepareStatement(WebhookRepository.LOCK_ORGANIZATION_POSTGRESQL);
           Statement s = other.createStatement()) {
        lock.setString(1, "org-1");
        lock.execute();
        s.executeUpdate("INSERT INTO webhooks (id, organization_id, url, secret, topics,"
            + " status, created_at, updated_at) VALUES ('wh_10', 'org-1', 'https://h.example/10',"
            + " 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '[\"*\"]', 'active', 1, 1)");
      }
      CompletableFuture<HttpResponse<String>> create = api.http.sendAsync(
          HttpRequest.newBuilder(URI.create(api.base() + "/api/webhooks"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + ApiFixture.ADMIN)
              .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                  .put("organization_id", "org-1").put("url", "http://127.0.0.1:9/11")
                  .put("topics", new JsonArray().add("*")).encode()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      awaitAWaitingAdvisoryLock(create);
      other.commit();
      HttpResponse<String> r = create.get(30, TimeUnit.SECONDS);
      assertEquals(409, r.statusCode(), r.body());
      assertEquals("webhook_limit_reached", new JsonObject(r.body()).getString("error"));
    }
    assertEquals(10, api.count("SELECT COUNT(*) FROM webhooks WHERE organization_id = 'org-1'"));
  }

  /** Polls (bounded) until some session waits for an advisory lock: the API's create. */
  private void awaitAWaitingAdvisoryLock(CompletableFuture<HttpResponse<String>> create)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try (Connection c = api.database.open(); Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline && !create.isDone()) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks"
            + " WHERE locktype = 'advisory' AND NOT granted")) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.onSpinWait();
      }
    }
    assertTrue(false, "the API's create never waited for the organization's lock; it answered "
        + (create.isDone() ? create.get().statusCode() + " " + create.get().body() : "nothing"));
  }
}
