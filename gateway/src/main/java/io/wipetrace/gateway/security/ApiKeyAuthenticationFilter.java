package io.wipetrace.gateway.security;

import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.UnknownOrganisationException;
import io.wipetrace.gateway.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the {@code X-Api-Key} header: the key's SHA-256 must name an active key ({@link ActiveApiKeys}: a key
 * found active is reused for {@code wipetrace.security.api-key-cache}), whose organisation must have a Fabric identity
 * here. A request without the header passes on unauthenticated (public paths, bearer tokens);
 * a request with a wrong or revoked key is answered 401 at once, one whose role its organisation no longer holds
 * ({@link RoleGrants}) 403 {@code ROLE_NOT_HELD_BY_ORGANISATION}, and 503 {@code REGISTRY_UNAVAILABLE} when the
 * registry cannot be read and was never read before.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The request header. */
    static final String HEADER = "X-Api-Key";

    private final ActiveApiKeys keys;
    private final FabricGateways gateways;
    private final RoleGrants grants;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(final ActiveApiKeys keys, final FabricGateways gateways, final RoleGrants grants,
            final ProblemWriter problems) {
        this.keys = keys;
        this.gateways = gateways;
        this.grants = grants;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
            final FilterChain chain) throws ServletException, IOException {
        final String presented = request.getHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        final Optional<ApiPrincipal> principal = principal(presented.strip());
        if (principal.isEmpty()) {
            problems.write(request, response, 401, "API_KEY_INVALID", "Unauthorized",
                    "the X-Api-Key is unknown or revoked");
            return;
        }
        final Optional<String> notHeld;
        try {
            notHeld = grants.notHeld(principal.get().organisation(), principal.get().roles());
        } catch (LedgerException e) {
            problems.write(request, response, 503, "REGISTRY_UNAVAILABLE", "Service Unavailable",
                    "the ledger's registry cannot be read to check this key's role; try again shortly");
            return;
        }
        if (notHeld.isPresent()) {
            problems.write(request, response, 403, RoleGrants.NOT_HELD, "Forbidden",
                    RoleGrants.notHeldDetail(notHeld.get()));
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new ApiAuthentication(principal.get()));
        chain.doFilter(request, response);
    }

    private Optional<ApiPrincipal> principal(final String clearKey) {
        if (clearKey.length() > 256) {
            return Optional.empty();
        }
        return keys.findActiveByHash(ApiKeys.hash(clearKey)).flatMap(record -> {
            try {
                return Optional.of(new ApiPrincipal(record.organisation(), gateways.mspId(record.organisation()),
                        Set.of(record.role()), ApiPrincipal.ActorKind.API_KEY, record.id().toString()));
            } catch (UnknownOrganisationException e) {
                return Optional.empty();
            }
        });
    }
}
