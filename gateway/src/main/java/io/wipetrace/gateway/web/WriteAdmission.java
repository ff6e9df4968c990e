package io.wipetrace.gateway.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code wipetrace.web.writes-in-flight} writes (POST, PUT, PATCH and DELETE under {@code /api/v1/}) run at
 * once in this gateway. A write beyond them waits, first come first served, up to {@code wipetrace.web.write-wait} for
 * one to end; then it is answered {@code 503 WRITES_BUSY} with {@code Retry-After}, having done nothing, so that the
 * same request (and the same {@code Idempotency-Key}) may simply be sent again.
 *
 * <p>Requests run on virtual threads ({@link RequestThreads}), so no thread pool bounds them any more. This bounds
 * what writes take of the main database pool, which the projection and the anchoring service share, and of the peers,
 * as Tomcat's 200 threads used to; reads are not held back by it. It runs after Spring Security, so a request refused
 * there takes no place.
 */
public final class WriteAdmission extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String RETRY_AFTER_SECONDS = "2";

    private final int limit;
    private final Semaphore permits;
    private final Duration wait;
    private final ProblemWriter problems;

    /**
     * @param limit the most writes at once, at least 1 ({@link WebProperties} checks it)
     * @param wait how long a write waits for a place, not negative
     * @param problems writes the refusal
     */
    WriteAdmission(final int limit, final Duration wait, final ProblemWriter problems) {
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
        this.wait = wait;
        this.problems = problems;
    }

    /** Gauges of the writes running and of those waiting for a place. */
    void bindTo(final MeterRegistry registry) {
        Gauge.builder("wipetrace.writes.in.flight", permits, p -> limit - p.availablePermits())
                .description("Writes running in this gateway (at most wipetrace.web.writes-in-flight)")
                .register(registry);
        Gauge.builder("wipetrace.writes.waiting", permits, Semaphore::getQueueLength)
                .description("Writes waiting for a place among them").register(registry);
    }

    /**
     * Whether a request is one of the API's writes: POST, PUT, PATCH or DELETE under {@code /api/v1/}.
     *
     * @param request the request
     * @return true for a write
     */
    public static boolean isWrite(final HttpServletRequest request) {
        return WRITES.contains(request.getMethod()) && request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected boolean shouldNotFilter(final HttpServletRequest request) {
        return !isWrite(request);
    }

    @Override
    protected void doFilterInternal(final HttpServletRequest request, final HttpServletResponse response,
            final FilterChain chain) throws ServletException, IOException {
        final boolean admitted;
        try {
            admitted = permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting for a place among the writes in flight", e);
        }
        if (!admitted) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            problems.write(request, response, 503, "WRITES_BUSY", "Service Unavailable", "this gateway already has "
                    + limit + " writes in flight and none ended within " + wait.toMillis() + " ms; nothing was done,"
                    + " try again");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
