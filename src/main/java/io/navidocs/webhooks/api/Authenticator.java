package io.navidocs.webhooks.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Caller}: the admin token,
 * compared in constant time, or an HS256 JWT verified by vertx-auth-jwt (signature, {@code exp}
 * and {@code nbf}) that carries a non-empty string {@code organization_id} claim. JWTs are
 * refused when no JWT secret is configured. Failures never echo the token.
 */
final class Authenticator {
  private static final String BEARER = "bearer ";
  /** Longest Authorization header looked at; anything longer is refused unread. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private final byte[] adminTokenHash;
  private final JWTAuth jwt;

  Authenticator(Vertx vertx, String adminToken, String jwtSecret) {
    this.adminTokenHash = sha256(adminToken);
    this.jwt = jwtSecret == null ? null : JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(jwtSecret))
        .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setLeeway(5)));
  }

  Future<Caller> authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture(ApiError.unauthorized(
          "missing Authorization: Bearer <token> header"));
    }
    if (authorization.length() > MAX_TOKEN_LENGTH
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(ApiError.unauthorized(
          "the Authorization header must be Bearer <token>"));
    }
    String token = authorization.substring(BEARER.length()).trim();
    byte[] hash = sha256(token);
    String rateKey = HexFormat.of().formatHex(hash);
    // Hashing both sides first gives equal-length inputs, so isEqual's time says nothing about
    // the admin token's length or content.
    if (MessageDigest.isEqual(hash, adminTokenHash)) {
      return Future.succeededFuture(new Caller(null, rateKey));
    }
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Future.failedFuture(ApiError.unauthorized("unknown token"));
    }
    if (jwt == null) {
      return Future.failedFuture(ApiError.unauthorized(
          "JWTs are not accepted: no JWT secret is configured (NAVIDOCS_JWT_SECRET)"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized(
            "invalid token: expired, not yet valid or badly signed")))
        .compose(user -> {
          JsonObject claims = user.principal();
          Object org = claims.getValue("organization_id");
          if (!(org instanceof String) || ((String) org).isBlank()
              || ((String) org).length() > 128) {
            return Future.failedFuture(ApiError.unauthorized(
                "the token has no organization_id claim"));
          }
          return Future.succeededFuture(new Caller((String) org, rateKey));
        });
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }
}
