package io.navidocs.webhooks.integration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A Home Assistant webhook-trigger URL: {@code <base_url>/api/webhook/<webhook_id>} (Home
 * Assistant's {@code URL_WEBHOOK_PATH}). Home Assistant checks no signature on these requests,
 * so the {@code webhook_id} is the only credential: {@link #toString()} and {@link #masked()}
 * never show it whole, and no message produced here contains it.
 *
 * <p>Pure: no I/O. Whether the whole URL may be delivered to (scheme allowed, network not
 * refused, at most 2,048 characters) is the webhook URL rule of SPEC §6, checked by the caller
 * on {@link #url()} exactly as for {@code /api/webhooks}.
 */
public final class HomeAssistantUrl {

  /** The path Home Assistant serves webhook triggers under. */
  public static final String WEBHOOK_PATH = "/api/webhook/";

  /**
   * Shortest webhook id accepted. Not Home Assistant's rule (it takes any string) but ours: the
   * id is the only credential, and a short one can be guessed. Home Assistant's editor proposes
   * far longer random ids.
   */
  public static final int MIN_WEBHOOK_ID_LENGTH = 16;

  /** Longest webhook id accepted; Home Assistant's generated ids are 64 characters or fewer. */
  public static final int MAX_WEBHOOK_ID_LENGTH = 128;

  /** The masking marker, a single character so masked ids stay short in tables. */
  static final String ELLIPSIS = "…";

  private final String baseUrl;
  private final String webhookId;

  private HomeAssistantUrl(String baseUrl, String webhookId) {
    this.baseUrl = baseUrl;
    this.webhookId = webhookId;
  }

  /**
   * The webhook URL for a Home Assistant base URL and webhook id.
   *
   * @param baseUrl {@code http(s)://host[:port][/prefix]}, a trailing slash ignored
   * @throws InvalidField naming {@code base_url} or {@code webhook_id}; the message never quotes
   *     the webhook id
   */
  public static HomeAssistantUrl of(String baseUrl, String webhookId) {
    String base = normalizeBase(baseUrl);
    Optional<String> idProblem = webhookIdProblem(webhookId);
    if (idProblem.isPresent()) {
      throw new InvalidField("webhook_id", idProblem.get());
    }
    return new HomeAssistantUrl(base, webhookId);
  }

  /**
   * The Home Assistant view of a stored webhook URL, when it has the webhook-trigger shape: the
   * first {@code /api/webhook/} of the path followed by a valid id and nothing else (no further
   * segment, query or fragment). Empty for any other URL.
   */
  public static Optional<HomeAssistantUrl> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    int at = url.indexOf(WEBHOOK_PATH);
    if (at < 0) {
      return Optional.empty();
    }
    String id = url.substring(at + WEBHOOK_PATH.length());
    String base = url.substring(0, at);
    if (webhookIdProblem(id).isPresent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new HomeAssistantUrl(normalizeBase(base), id));
    } catch (InvalidField notABase) {
      return Optional.empty();
    }
  }

  /** Whether {@code url} is a Home Assistant webhook-trigger URL (see {@link #parse}). */
  public static boolean isHomeAssistant(String url) {
    return parse(url).isPresent();
  }

  /**
   * {@code url} for display: a Home Assistant webhook URL with its id masked, any other URL as
   * it is. Used wherever a webhook's URL is shown after its creation.
   */
  public static String maskedUrl(String url) {
    return parse(url).map(HomeAssistantUrl::maskedUrl).orElse(url);
  }

  /**
   * Why {@code id} cannot be a webhook id, or empty when it can. Home Assistant puts the id in a
   * URL path segment; we accept the URL-safe unreserved characters only (RFC 3986 §2.3), so the
   * id needs no escaping and cannot change the path.
   */
  public static Optional<String> webhookIdProblem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("webhook_id is required");
    }
    if (id.length() < MIN_WEBHOOK_ID_LENGTH) {
      return Optional.of("webhook_id must be at least " + MIN_WEBHOOK_ID_LENGTH
          + " characters long (it is the only credential Home Assistant checks); got "
          + id.length());
    }
    if (id.length() > MAX_WEBHOOK_ID_LENGTH) {
      return Optional.of("webhook_id must be at most " + MAX_WEBHOOK_ID_LENGTH
          + " characters long; got " + id.length());
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
      if (!unreserved) {
        return Optional.of("webhook_id may contain only letters, digits, '-', '_', '.' and '~'");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code id} with its middle hidden: at most 4 characters at each end, and never more than a
   * quarter of the id in all ({@code abcd…wxyz} for a 32-character id, {@code ab…yz} for 16).
   */
  public static String mask(String id) {
    if (id == null || id.isEmpty()) {
      return ELLIPSIS;
    }
    int shown = Math.min(4, id.length() / 8);
    return id.substring(0, shown) + ELLIPSIS + id.substring(id.length() - shown);
  }

  /** The base URL without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The whole webhook id. Only for the create response and the stored URL; never log it. */
  public String webhookId() {
    return webhookId;
  }

  /** The masked webhook id. */
  public String maskedWebhookId() {
    return mask(webhookId);
  }

  /** The URL NaviDocs delivers to. Contains the credential: never log it. */
  public String url() {
    return baseUrl + WEBHOOK_PATH + webhookId;
  }

  /** The URL with the webhook id masked, safe to show and log. */
  public String maskedUrl() {
    return baseUrl + WEBHOOK_PATH + maskedWebhookId();
  }

  /** The masked URL: a log line or exception that prints this object leaks nothing. */
  @Override
  public String toString() {
    return maskedUrl();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HomeAssistantUrl o && o.url().equals(url());
  }

  @Override
  public int hashCode() {
    return url().hashCode();
  }

  // A base URL is scheme://authority with an optional path prefix (Home Assistant behind a
  // reverse proxy); a query, fragment or user info would end up inside the webhook URL.
  private static String normalizeBase(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new InvalidField("base_url", "base_url is required");
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri;
    try {
      uri = new URI(base);
    } catch (URISyntaxException e) {
      throw new InvalidField("base_url", "base_url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidField("base_url", "base_url must start with https:// (or http:// where "
          + "allowed)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidField("base_url", "base_url must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidField("base_url", "base_url must not contain credentials");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidField("base_url", "base_url must not have a query or fragment");
    }
    if (uri.getRawPath() != null && uri.getRawPath().contains("/api/webhook")) {
      throw new InvalidField("base_url", "base_url is Home Assistant's address only; the "
          + "webhook id goes in webhook_id");
    }
    return base;
  }

  /** A field of the on-ramp request that breaks a rule; the message names the rule. */
  public static final class InvalidField extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    InvalidField(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The JSON field at fault: {@code base_url} or {@code webhook_id}. */
    public String field() {
      return field;
    }
  }
}
