package io.wipetrace.gateway.security;

import java.util.Set;

/**
 * Who is calling: an API key's or a bearer token's organisation and roles. Controllers take it as
 * {@code @AuthenticationPrincipal ApiPrincipal} and always act as {@link #organisation()}'s Fabric identity.
 *
 * @param organisation organisation key, e.g. {@code collector} (as in {@code network.yml})
 * @param mspId that organisation's MSP ID, e.g. {@code CollectorOrgMSP}
 * @param roles {@link Roles#PARTNER}, {@link Roles#REGULATOR}, {@link Roles#ADMIN}
 * @param actorKind whether a person (a bearer token) or a machine (an API key) acts
 * @param actor who acts: the token's pseudonymous {@code sub} or the API key's ID; {@code null} when not known
 */
public record ApiPrincipal(String organisation, String mspId, Set<String> roles, ActorKind actorKind, String actor) {

    /** Who acts for the organisation. */
    public enum ActorKind {
        /** A person signed in at the identity provider. */
        PERSON,
        /** A machine holding an API key. */
        API_KEY
    }

    /** Copies the roles. */
    public ApiPrincipal {
        roles = Set.copyOf(roles);
    }

    /** A principal whose acting person or key is not known (tests, internal jobs). */
    public ApiPrincipal(final String organisation, final String mspId, final Set<String> roles) {
        this(organisation, mspId, roles, ActorKind.API_KEY, null);
    }

    /**
     * @param role a role name
     * @return whether this principal holds it
     */
    public boolean hasRole(final String role) {
        return roles.contains(role);
    }
}
