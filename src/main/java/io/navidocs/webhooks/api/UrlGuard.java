package io.navidocs.webhooks.api;

import io.navidocs.webhooks.delivery.NetworkPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The URL rules of SPEC §6 for a webhook being registered or changed: printable ASCII only
 * (no spaces, controls, bidi overrides or zero-width characters that make a URL read other than
 * it resolves), the syntax rules of {@link NetworkPolicy#urlProblem}, and every address the host
 * resolves to outside the refused networks. DNS is looked up on a worker thread, never on the
 * event loop. The worker checks the address again at connect time (DNS may change).
 */
final class UrlGuard {
  private final Vertx vertx;
  private final NetworkPolicy policy;
  private final boolean allowHttp;

  UrlGuard(Vertx vertx, NetworkPolicy policy, boolean allowHttp) {
    this.vertx = vertx;
    this.policy = policy;
    this.allowHttp = allowHttp;
  }

  /** Succeeds when {@code url} may be registered; fails with a 400 naming {@code url}. */
  Future<Void> check(String url) {
    Optional<String> problem = syntaxProblem(url);
    if (problem.isPresent()) {
      return Future.failedFuture(ApiError.validation("url", problem.get()));
    }
    String host = URI.create(url).getHost();
    if (NetworkPolicy.literalAddress(host).isPresent()) {
      return Future.succeededFuture();
    }
    return vertx.<Optional<String>>executeBlocking(() -> resolvedProblem(host), false)
        .compose(p -> p.isPresent() ? Future.failedFuture(ApiError.validation("url", p.get()))
            : Future.succeededFuture());
  }

  /** Everything but DNS: characters, syntax, and a literal address in a refused network. */
  Optional<String> syntaxProblem(String url) {
    if (url != null) {
      for (int i = 0; i < url.length(); i++) {
        char c = url.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          return Optional.of("url must be printable ASCII without spaces (character at index "
              + i + " is U+" + String.format("%04X", (int) c)
              + "); write international host names in punycode and percent-encode the path");
        }
      }
    }
    Optional<String> syntax = NetworkPolicy.urlProblem(url, allowHttp);
    if (syntax.isPresent()) {
      return syntax;
    }
    return policy.literalHostProblem(url);
  }

  private Optional<String> resolvedProblem(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("url host does not resolve");
    }
    for (InetAddress a : addresses) {
      Optional<String> why = policy.refusalReason(a);
      if (why.isPresent()) {
        return Optional.of("url host resolves to a refused network: " + why.get()
            + "; list its network in NAVIDOCS_DELIVERY_ALLOWED_NETWORKS to allow it");
      }
    }
    return Optional.empty();
  }
}
