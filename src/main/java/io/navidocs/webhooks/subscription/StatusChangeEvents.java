package io.navidocs.webhooks.subscription;

import io.navidocs.webhooks.event.EventType;
import io.navidocs.webhooks.integration.HomeAssistantUrl;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes {@code INTEGRATION_STATUS_CHANGED} (issue 9) to the outbox whenever a webhook's status
 * changes ({@code active}, {@code inactive}, {@code failed}), whoever changed it: an admin through
 * the API or the worker after consecutive failures. One class for both, so the event has the
 * same shape whichever path wrote it.
 *
 * <p>The row goes into {@code domain_events} on the caller's connection, so it commits or rolls
 * back with the status change itself (no event for a change that did not happen, no change
 * without its event). The fan-out must never queue it for the webhook it is about
 * ({@link #aboutWebhook}): an endpoint that was just disabled would otherwise be sent news of
 * its own disabling, and a failed one would hold a delivery about itself forever.
 */
public final class StatusChangeEvents {

  /** Value of {@code data.integration} for a Home Assistant webhook-trigger URL. */
  public static final String HOME_ASSISTANT = "home_assistant";

  /** Who wrote the row: the {@code domain_events.source} values of its CHECK. */
  public enum Source {
    /** An admin's change through the HTTP API. */
    API("api"),
    /** The delivery worker (a webhook becoming {@code failed}). */
    WORKER("worker");

    private final String column;

    Source(String column) {
      this.column = column;
    }

    /** The {@code domain_events.source} value. */
    public String column() {
      return column;
    }
  }

  /** The outbox insert; bind it with {@link #bind}. Public for callers that cache statements. */
  public static final String INSERT = """
      INSERT INTO domain_events (organization_id, event_type, payload, source)
      VALUES (?, ?, ?, ?)""";

  /**
   * One status change of one webhook.
   *
   * @param webhookId the webhook whose status changed (NaviDocs' id, never a URL)
   * @param integration {@link #HOME_ASSISTANT}, or null for a plain webhook
   * @param from the status before
   * @param to the status after
   * @param reason why, in words an admin understands (never a URL or secret)
   * @param consecutiveFailures the webhook's failure count after the change
   */
  public record StatusChange(String webhookId, String integration, String from, String to,
      String reason, int consecutiveFailures) {

    public StatusChange {
      Objects.requireNonNull(webhookId, "webhookId");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    /** A change of the webhook at {@code url}; its integration is derived from the URL. */
    public static StatusChange of(String webhookId, String url, String from, String to,
        String reason, int consecutiveFailures) {
      return new StatusChange(webhookId, integrationOf(url), from, to, reason,
          consecutiveFailures);
    }

    /** Whether the status really changed; an unchanged status writes no event. */
    public boolean isChange() {
      return !from.equals(to);
    }

    /** The event's {@code data}, with every key present ({@code integration} may be null). */
    public JsonObject data() {
      return new JsonObject()
          .put("webhook_id", webhookId)
          .put("integration", integration)
          .put("from", from)
          .put("to", to)
          .put("reason", reason)
          .put("consecutive_failures", consecutiveFailures);
    }
  }

  private StatusChangeEvents() {}

  /** {@link #HOME_ASSISTANT} for a Home Assistant webhook-trigger URL, otherwise null. */
  public static String integrationOf(String url) {
    return HomeAssistantUrl.isHomeAssistant(url) ? HOME_ASSISTANT : null;
  }

  /**
   * Appends the event on {@code client} (a connection inside the caller's transaction, or a
   * pool). Does nothing when the status did not change.
   *
   * @return whether a row was written
   */
  public static Future<Boolean> record(SqlClient client, String organizationId,
      StatusChange change, Source source) {
    if (!change.isChange()) {
      return Future.succeededFuture(false);
    }
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(organizationId, EventType.INTEGRATION_STATUS_CHANGED.name(),
            change.data().encode(), source.column()))
        .map(rs -> rs.rowCount() == 1);
  }

  /** {@link #record(SqlClient, String, StatusChange, Source)} for blocking JDBC callers. */
  public static boolean record(Connection connection, String organizationId,
      StatusChange change, Source source) throws SQLException {
    if (!change.isChange()) {
      return false;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      return write(insert, organizationId, change, source);
    }
  }

  /**
   * Binds and runs {@code insert}, a statement prepared from {@link #INSERT} (the delivery
   * engine reuses its prepared statements). Does nothing when the status did not change.
   *
   * @return whether a row was written
   */
  public static boolean write(PreparedStatement insert, String organizationId,
      StatusChange change, Source source) throws SQLException {
    if (!change.isChange()) {
      return false;
    }
    insert.setString(1, organizationId);
    insert.setString(2, EventType.INTEGRATION_STATUS_CHANGED.name());
    insert.setString(3, change.data().encode());
    insert.setString(4, source.column());
    return insert.executeUpdate() == 1;
  }

  /**
   * The webhook an event is about, which the fan-out must leave out of its deliveries:
   * {@code data.webhook_id} of {@code INTEGRATION_STATUS_CHANGED} and
   * {@code WEBHOOK_DELIVERY_FAILED} (SPEC §4, §8). Empty for every other event, and for a
   * payload without the field.
   */
  public static Optional<String> aboutWebhook(String eventType, JsonObject data) {
    boolean selfReferential = EventType.INTEGRATION_STATUS_CHANGED.name().equals(eventType)
        || EventType.WEBHOOK_DELIVERY_FAILED.name().equals(eventType);
    if (!selfReferential || data == null) {
      return Optional.empty();
    }
    Object id = data.getValue("webhook_id");
    return id instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
