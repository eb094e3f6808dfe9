package io.navidocs.webhooks.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSRF guard at connect time (SPEC §5): resolves a host itself and picks an address the
 * {@link NetworkPolicy} allows; the sender then connects to exactly that address. Lookups run on
 * a worker thread and are cached for {@link #CACHE_MS}; the cache is safe because every
 * address is checked before it is returned, whatever the name resolves to later.
 */
final class AddressGuard {
  /** How long a resolved host is reused, in ms. */
  static final long CACHE_MS = 10_000;

  /** The address to connect to, or why there is none. */
  record Checked(InetAddress address, String refusal, boolean blocked) {}

  private record Cached(InetAddress[] addresses, long until) {}

  private final Vertx vertx;
  private final NetworkPolicy policy;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  // Per host text: the check of an IP literal, or NOT_LITERAL for a name. Both depend only on
  // the host and the (fixed) policy, so they never go stale; parsing them showed up in the
  // engine's profile at one attempt each.
  private final Map<String, Checked> literals = new ConcurrentHashMap<>();
  private static final Checked NOT_LITERAL = new Checked(null, null, false);
  private static final int MAX_LITERALS = 10_000;

  AddressGuard(Vertx vertx, NetworkPolicy policy, Clock clock) {
    this.vertx = vertx;
    this.policy = policy;
    this.clock = clock;
  }

  Future<Checked> resolve(String host) {
    Checked known = literals.get(host);
    if (known == null) {
      Optional<InetAddress> literal = NetworkPolicy.literalAddress(host);
      known = literal.isPresent() ? check(new InetAddress[] {literal.get()}) : NOT_LITERAL;
      if (literals.size() >= MAX_LITERALS) {
        literals.clear(); // hosts are few; a flood of distinct ones only costs a re-parse
      }
      literals.put(host, known);
    }
    if (known != NOT_LITERAL) {
      return Future.succeededFuture(known);
    }
    Cached hit = cache.get(host);
    long now = clock.millis();
    if (hit != null && hit.until() > now) {
      return Future.succeededFuture(check(hit.addresses()));
    }
    return vertx.executeBlocking(() -> InetAddress.getAllByName(host), false)
        .map(addresses -> {
          cache.put(host, new Cached(addresses, now + CACHE_MS));
          return check(addresses);
        })
        .otherwise(err -> new Checked(null, err instanceof UnknownHostException
            ? "host not found" : "lookup failed: " + err.getClass().getSimpleName(), false));
  }

  private Checked check(InetAddress[] addresses) {
    String refusal = null;
    for (InetAddress a : addresses) {
      Optional<String> why = policy.refusalReason(a);
      if (why.isEmpty()) {
        return new Checked(a, null, false);
      }
      refusal = "blocked: " + why.get();
    }
    return new Checked(null, refusal == null ? "blocked: no address" : refusal, true);
  }
}
