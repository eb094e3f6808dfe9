package io.navidocs.webhooks.delivery;

import static io.navidocs.webhooks.delivery.EngineFixture.await;
import static io.navidocs.webhooks.delivery.EngineFixture.quietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.svix.Webhook;
import io.navidocs.webhooks.config.Settings;
import io.navidocs.webhooks.signing.WebhookSecret;
import io.navidocs.webhooks.storage.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retention, the feature flag, deleted webhooks, secret rotation and the test delivery, on SQLite
 * and on PostgreSQL.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Dialect.class)
class DeliveryLifecycleTest {
  @Parameter Dialect dialect;
  static final Duration BOUND = Duration.ofSeconds(12);

  @TempDir Path dir;
  EngineFixture f;
  WireMockServer wiremock;

  @BeforeEach
  void setUp() throws Exception {
    f = new EngineFixture(dialect, dir);
    wiremock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
        .dynamicPort());
    wiremock.start();
    wiremock.stubFor(WireMock.post(WireMock.anyUrl()).willReturn(WireMock.aResponse()
        .withStatus(200).withBody("ok")));
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    wiremock.stop();
  }

  String url(String path) {
    return "http://127.0.0.1:" + wiremock.port() + path;
  }

  @Test
  void duringARotationEveryLiveSecretSignsAndExpiredOnesDoNot() throws Exception {
    String old = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
    String expired = "an-expired-secret-that-is-long-enough-0123";
    f.webhook("wh", "org-1", url("/hook"), "[\"*\"]");
    f.exec("INSERT INTO webhook_secrets (webhook_id, secret, expires_at, created_at) "
        + "VALUES ('wh', ?, ?, 1), ('wh', ?, 1, 0)", old, f.clock.millis() + 86_400_000L, expired);
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("delivered", BOUND, () -> wiremock.getAllServeEvents().size() == 1);
    LoggedRequest r = wiremock.getAllServeEvents().get(0).getRequest();
    String signature = r.getHeader("webhook-signature");
    assertEquals(2, signature.split(" ").length, signature);
    Map<String, List<String>> headers = Map.of(
        "webhook-id", List.of(r.getHeader("webhook-id")),
        "webhook-timestamp", List.of(r.getHeader("webhook-timestamp")),
        "webhook-signature", List.of(signature));
    new Webhook(EngineFixture.SECRET).verify(r.getBodyAsString(), headers);
    new Webhook(old).verify(r.getBodyAsString(), headers); // the old one still verifies
    assertEquals(io.navidocs.webhooks.signing.Signer.naviDocsSignature(
            WebhookSecret.of(EngineFixture.SECRET), r.getBody()),
        r.getHeader("X-NaviDocs-Signature"));
  }

  @Test
  void noRetryPolicyFailsAfterOneAttempt() throws Exception {
    wiremock.stubFor(WireMock.post("/once").willReturn(WireMock.aResponse().withStatus(503)));
    f.webhook("wh", "org-1", url("/once"), "[\"*\"]", "active", "none");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    await("failed", BOUND, quietly(() -> "failed".equals(
        f.value("SELECT status FROM webhook_deliveries"))));
    assertEquals(1, f.count("SELECT attempt_count FROM webhook_deliveries"));
  }

  @Test
  void withWebhooksDisabledEventsAccumulateAndNothingIsSent() throws Exception {
    Settings s = f.settings;
    f.settings = new Settings(s.database(), s.http(), s.auth(),
        new Settings.Worker(false, 50, 500), s.delivery(), s.retry(), s.retention(),
        s.backup(), s.logging());
    f.webhook("wh", "org-1", url("/hook"), "[\"*\"]");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");

    // Give an enabled worker ample time to have polled (its interval here is 50 ms).
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    await("time to pass", Duration.ofSeconds(2), () -> System.nanoTime() > until);
    assertEquals("pending", f.value("SELECT status FROM domain_events"));
    assertEquals(0, wiremock.getAllServeEvents().size());
  }

  @Test
  void deliveriesOfADeletedWebhookAreCancelled() throws Exception {
    f.webhook("wh", "org-1", url("/hook"), "[\"*\"]", "inactive", "exponential");
    f.exec("INSERT INTO domain_events (organization_id, event_type, payload, status) "
        + "VALUES ('org-1', 'DOCUMENT_UPLOADED', '{}', 'accepted')");
    f.exec("INSERT INTO webhook_deliveries (id, event_id, webhook_id, organization_id, "
        + "event_type, next_attempt_at, created_at, updated_at) "
        + "VALUES ('dlv_1', 1, 'wh', 'org-1', 'DOCUMENT_UPLOADED', 0, 0, 0)");
    f.exec("DELETE FROM webhooks WHERE id = 'wh'");
    f.start("w1");

    await("cancelled", BOUND, quietly(() -> "cancelled".equals(
        f.value("SELECT status FROM webhook_deliveries"))));
    assertEquals(0, wiremock.getAllServeEvents().size());
  }

  @Test
  void purgesOldSucceededWorkAndCancelsLongHeldDeliveries() throws Exception {
    f.webhook("ok", "org-1", url("/hook"), "[\"*\"]");
    f.webhook("down", "org-1", url("/down"), "[\"*\"]", "failed", "exponential");
    f.start("w1");
    f.event("org-1", "DOCUMENT_UPLOADED", "{}");
    await("delivered and held", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'") == 1
        && f.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'") == 1));

    f.clock.advance(Duration.ofDays(31));
    await("the held one cancelled", BOUND, quietly(() -> "cancelled".equals(
        f.value("SELECT status FROM webhook_deliveries WHERE webhook_id = 'down'"))));
    await("the succeeded one and its attempt purged", BOUND, quietly(() -> f.count(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = 'ok'") == 0));
    assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"));
    // The event stays while a (cancelled) delivery still refers to it.
    assertEquals(1, f.count("SELECT COUNT(*) FROM domain_events"));
  }

  @Test
  void theTestDeliveryAnswersSynchronouslyAndStoresNothing() throws Exception {
    WebhookSender sender = new WebhookSender(f.vertx, f.settings.delivery(), f.clock);
    AttemptResult r = sender.sendTest(new WebhookSender.TestTarget("wh", "org-1", url("/t"),
        List.of(WebhookSecret.of(EngineFixture.SECRET)))).await(10, TimeUnit.SECONDS);

    assertTrue(r.succeeded());
    assertEquals(200, r.httpStatus());
    assertEquals("ok", r.responseBody());
    assertNull(r.error());
    LoggedRequest req = wiremock.getAllServeEvents().get(0).getRequest();
    assertEquals("WEBHOOK_TEST", req.getHeader("X-NaviDocs-Topic"));
    assertEquals(0, f.count("SELECT COUNT(*) FROM webhook_delivery_attempts"));
    sender.close();
  }
}
