package io.wipetrace.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The metrics scrape credential: {@code Authorization: Bearer <wipetrace.security.metrics-token>} on
 * {@code /actuator/**} authenticates as role {@value Roles#METRICS} (Prometheus' {@code authorization} setting). The
 * token is compared in constant time; without a configured token nothing authenticates this way.
 */
final class MetricsTokenFilter extends OncePerRequestFilter {

    /** The paths the token is good for. */
    static final String PATHS = "/actuator/";

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    MetricsTokenFilter(final String token) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param request a request
     * @return whether it asks for an operations endpoint, where a bearer token is the metrics token, not an OAuth2
     *     token
     */
    static boolean forOperations(final HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + PATHS);
    }

    @Override
    protected boolean shouldNotFilter(final HttpServletRequest request) {
        return token == null || !forOperations(request);
    }

    @Override
    protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
            final FilterChain chain) throws ServletException, IOException {
        final String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(token,
                        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8))) {
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "metrics-scraper", null, List.of(new SimpleGrantedAuthority("ROLE_" + Roles.METRICS))));
        }
        chain.doFilter(request, response);
    }
}
