package io.wipetrace.gateway.trail;

import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.RequestIdFilter;
import io.wipetrace.gateway.web.WriteAdmission;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records each successful write once it has been answered, inside Spring Security's filter chain (so the caller is
 * known). A write that fails to be recorded is logged, not undone: the ledger already holds it.
 */
final class WriteTrailFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WriteTrailFilter.class);

    private final WriteTrailStore store;

    WriteTrailFilter(final WriteTrailStore store) {
        this.store = store;
    }

    @Override
    protected boolean shouldNotFilter(final HttpServletRequest request) {
        return !WriteAdmission.isWrite(request);
    }

    @Override
    protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
            final FilterChain chain) throws ServletException, IOException {
        chain.doFilter(request, response);
        final Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (response.getStatus() >= 400 || authentication == null
                || !(authentication.getPrincipal() instanceof ApiPrincipal principal) || principal.actor() == null) {
            return;
        }
        try {
            store.record(principal, request.getMethod(), request.getRequestURI(), response.getStatus(),
                    MDC.get(RequestIdFilter.MDC_KEY));
        } catch (RuntimeException e) {
            LOG.error("could not record a write of {} in the write trail", principal.organisation(), e);
        }
    }
}
