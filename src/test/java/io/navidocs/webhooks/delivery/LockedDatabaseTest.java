package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.navidocs.webhooks.testing.LogMessages;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file locked by another connection (the NaviDocs app in a long transaction) for longer
 * than the busy timeout: the engine's transactions fail meanwhile, and it goes on where it stopped
 * once the lock is gone, losing no outcome and still claiming new work.
 */
@Timeout(60)
class LockedDatabaseTest {
  static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path dir;
  EngineFixture f;
  Receiver receiver;
  LogMessages warnings;

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dir);
    receiver = new Receiver(f.vertx);
    warnings = LogMessages.of(DeliveryVerticle.class.getName());
  }

  @AfterEach
  void tearDown() throws Exception {
    warnings.close();
    receiver.close();
    f.close();
  }

  @Test
  void outcomesRecordedWhileTheFileWasLockedAreWrittenAfterwardsAndNewWorkStillFlows()
      throws Exception {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    receiver.on("/hook", r -> answer.thenRun(() -> r.response().setStatusCode(204).end()));
    f.webhook("wh", "org-1", receiver.url("/hook"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":1}");
    await("the request arrived", BOUND, () -> receiver.count("/hook") == 1);

    try (Connection c = f.connect(); Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      answer.complete(null); // the outcome comes back while nobody else may write
      await("recording failed on the locked file", BOUND, () -> warnings.messages().stream()
          .anyMatch(m -> m.startsWith("recording 1 attempts failed")));
      st.execute("ROLLBACK");
    }

    await("the outcome recorded once the lock is gone", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 1));
    f.event("org-1", "DOCUMENT_UPLOADED", "{\"n\":2}");
    await("new work is claimed and delivered", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 2));
    assertEquals(2, receiver.count("/hook"), "each event sent once");
    assertEquals(2, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"));
  }
}
