package io.navidocs.webhooks.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.navidocs.webhooks.retry.RetryPolicy;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook client's connections run on an event loop of their own, yet every attempt's
 * outcome is handed back on the engine's context: the engine's in-flight counts and batches are
 * plain fields touched only there.
 */
@Timeout(30)
class SenderContextTest {
  @TempDir Path dir;

  @Test
  void outcomesArriveOnTheCallersContextWhileConnectionsUseTheirOwnLoop() throws Exception {
    try (EngineFixture f = new EngineFixture(dir); Receiver receiver = new Receiver(f.vertx)) {
      Vertx vertx = f.vertx;
      Context engine = vertx.getOrCreateContext();
      CompletableFuture<String[]> seen = new CompletableFuture<>();
      engine.runOnContext(v -> {
        String engineThread = Thread.currentThread().getName();
        WebhookSender sender = new WebhookSender(vertx, f.settings.delivery(), Clock.systemUTC());
        ClaimedDelivery d = new ClaimedDelivery("dlv_ctx", "wh-1", "org-1", "DOCUMENT_UPLOADED",
            "evt_1", "{}", 0, 0, receiver.url("/ctx"),
            List.of(WebhookSecret.of(EngineFixture.SECRET)), RetryPolicy.DEFAULT, false);
        sender.attempt(d).onComplete(ar -> seen.complete(new String[] {engineThread,
            Thread.currentThread().getName(), String.valueOf(Vertx.currentContext() == engine),
            String.valueOf(ar.succeeded() && ar.result().succeeded())}));
      });
      String[] r = seen.get(10, TimeUnit.SECONDS);
      assertEquals("true", r[3], "the attempt succeeded");
      assertEquals(r[0], r[1], "completed on the engine's thread");
      assertEquals("true", r[2], "completed on the engine's context");
    }
  }
}
