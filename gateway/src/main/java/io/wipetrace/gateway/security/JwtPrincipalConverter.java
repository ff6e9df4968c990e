package io.wipetrace.gateway.security;

import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.UnknownOrganisationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Maps a validated bearer token to an {@link ApiPrincipal}: the organisation claim must name an organisation with a
 * Fabric identity here, the roles claim must hold known roles that the organisation may hold ({@link RoleGrants}).
 * Anything else is an invalid token (401).
 */
final class JwtPrincipalConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecurityProperties.OAuth2 settings;
    private final FabricGateways gateways;
    private final RoleGrants grants;

    JwtPrincipalConverter(final SecurityProperties.OAuth2 settings, final FabricGateways gateways,
            final RoleGrants grants) {
        this.settings = settings;
        this.gateways = gateways;
        this.grants = grants;
    }

    @Override
    public AbstractAuthenticationToken convert(final Jwt jwt) {
        final String organisation = jwt.getClaimAsString(settings.organisationClaim());
        if (organisation == null || organisation.isBlank()) {
            throw new InvalidBearerTokenException("the token has no " + settings.organisationClaim() + " claim");
        }
        final String mspId;
        try {
            mspId = gateways.mspId(organisation);
        } catch (UnknownOrganisationException e) {
            throw new InvalidBearerTokenException("the token's organisation is not served by this gateway");
        }
        final Set<String> roles = roles(jwt.getClaim(settings.rolesClaim()));
        if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw new InvalidBearerTokenException("the token's " + settings.rolesClaim() + " claim must hold one or"
                    + " more of " + Roles.ALL);
        }
        grants.notHeld(organisation, roles).ifPresent(role -> {
            throw new InvalidBearerTokenException(RoleGrants.NOT_HELD + ": " + RoleGrants.notHeldDetail(role));
        });
        final String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidBearerTokenException("the token names no subject (sub), so no one could be held to it");
        }
        return new ApiAuthentication(new ApiPrincipal(organisation, mspId, roles, ApiPrincipal.ActorKind.PERSON,
                subject));
    }

    private static Set<String> roles(final Object claim) {
        final Set<String> roles = new LinkedHashSet<>();
        if (claim instanceof String text) {
            roles.addAll(Arrays.stream(text.split("\\s+")).filter(s -> !s.isBlank()).toList());
        } else if (claim instanceof Collection<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        return roles;
    }
}
