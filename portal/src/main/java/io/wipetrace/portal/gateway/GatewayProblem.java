package io.wipetrace.portal.gateway;

import java.io.Serial;
import java.util.List;

/**
 * The gateway answered with an RFC 9457 problem, or could not be reached. {@link #code()} is the gateway's stable code
 * ({@code GATEWAY_UNREACHABLE} when there was no answer), which the portal turns into a sentence in the reader's
 * language.
 */
public final class GatewayProblem extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The code used when the gateway did not answer at all. */
    public static final String UNREACHABLE = "GATEWAY_UNREACHABLE";

    private final int status;
    private final String code;
    private final long retryAfterSeconds;
    private final List<String> fields;

    public GatewayProblem(final int status, final String code, final String detail) {
        this(status, code, detail, 0);
    }

    /** A problem that says when to try again (429 with {@code Retry-After}). */
    public GatewayProblem(final int status, final String code, final String detail, final long retryAfterSeconds) {
        this(status, code, detail, retryAfterSeconds, List.of());
    }

    /** A problem that names the request's fields it is about (the {@code field} of each of its {@code errors}). */
    public GatewayProblem(final int status, final String code, final String detail, final long retryAfterSeconds,
            final List<String> fields) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.fields = List.copyOf(fields);
    }

    /** @return the request's fields the problem names, as the gateway's paths ({@code personal.imei}); often none */
    public List<String> fields() {
        return fields;
    }

    /** @return seconds until a retry may succeed (the gateway's {@code Retry-After}), or 0 when it did not say */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** @return the HTTP status, 503 when the gateway did not answer */
    public int status() {
        return status;
    }

    /** @return the problem's stable code */
    public String code() {
        return code;
    }

    /** @return the gateway's own words (English, for operators) */
    public String detail() {
        return getMessage();
    }
}
