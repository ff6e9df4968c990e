package io.wipetrace.gateway.security;

import java.util.Set;

/**
 * Who is calling: an API key's or a bearer token's organisation and roles. Controllers take it as
 * {@code @AuthenticationPrincipal ApiPrincipal} and always act as {@link #organisation()}'s Fabric identity.
 *
 * @param organisation organisation key, e.g. {@code collector} (as in {@code network.yml})
 * @param mspId that organisation's MSP ID, e.g. {@code CollectorOrgMSP}
 * @param roles {@link Roles#PARTNER}, {@link Roles#REGULATOR}, {@link Roles#ADMIN}
 */
public record ApiPrincipal(String organisation, String mspId, Set<String> roles) {

    /** Copies the roles. */
    public ApiPrincipal {
        roles = Set.copyOf(roles);
    }

    /**
     * @param role a role name
     * @return whether this principal holds it
     */
    public boolean hasRole(final String role) {
        return roles.contains(role);
    }
}
