/**
 * Authentication and authorisation of the API (Spring Security).
 *
 * <p>Partners, regulators and administrators authenticate with an API key in {@code X-Api-Key} (256 random bits;
 * PostgreSQL keeps only its SHA-256) or, when {@code wipetrace.security.oauth2.issuer-uri} is set, an OAuth2 bearer
 * token whose claims name the organisation and roles. Either way the caller becomes an
 * {@link io.wipetrace.gateway.security.ApiPrincipal} scoped to exactly one organisation, and every ledger write is
 * signed with that organisation's Fabric identity, never another's. Path rules are in
 * {@link io.wipetrace.gateway.security.SecurityConfiguration}; keys are issued and revoked under
 * {@code /api/v1/admin/api-keys}; a local instance gets demo keys in {@code <state>/gateway/api-keys.json}.
 */
package io.wipetrace.gateway.security;
