/**
 * The alliance's OpenID Connect provider for people (Spring Authorization Server, its own process): accounts under
 * an organisation in the {@code identity} schema of the project's PostgreSQL, Argon2id password hashes, a TOTP
 * second factor (required for regulators and administrators), lockout with back-off, and tokens that carry a
 * pseudonymous subject with {@code wipetrace_org} and {@code wipetrace_roles}. The portal signs people in here
 * (authorization code with PKCE); the gateway trusts the issuer's keys. In production the alliance's own provider
 * takes its place by configuration, as long as it issues the same claims.
 */
package io.wipetrace.identity;
