package io.navidocs.webhooks.api;

/**
 * Who is calling: the admin token (every organization) or a JWT scoped to one organization.
 *
 * @param organizationId the JWT's {@code organization_id}, or null for the admin token
 * @param rateKey identifies the token for rate limiting (a hash, never the token)
 */
record Caller(String organizationId, String rateKey) {
  boolean isAdmin() {
    return organizationId == null;
  }

  /** The organization a query must stay within: null (all) for the admin token. */
  String scope() {
    return organizationId;
  }

  @Override
  public String toString() {
    return isAdmin() ? "Caller[admin]" : "Caller[organization=" + organizationId + "]";
  }
}
