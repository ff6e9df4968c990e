package io.wipetrace.gateway.security;

import io.wipetrace.gateway.ledger.FabricGateways;
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
 * Authenticates the {@code X-Api-Key} header: the key's SHA-256 must name an active key, whose organisation must
 * have a Fabric identity here. A request without the header passes on unauthenticated (public paths, bearer tokens);
 * a request with a wrong or revoked key is answered 401 at once.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The request header. */
    static final String HEADER = "X-Api-Key";

    private final ApiKeyStore keys;
    private final FabricGateways gateways;
    private final ProblemWriter problems;

    ApiKeyAuthenticationFilter(final ApiKeyStore keys, final FabricGateways gateways, final ProblemWriter problems) {
        this.keys = keys;
        this.gateways = gateways;
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
                        Set.of(record.role())));
            } catch (UnknownOrganisationException e) {
                return Optional.empty();
            }
        });
    }
}
