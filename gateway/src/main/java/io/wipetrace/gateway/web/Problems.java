package io.wipetrace.gateway.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem details with WipeTrace's stable codes: the one place every error body of the API is made ({@code type}
 * = {@link #TYPE_BASE} + the code in kebab case, {@code title}, {@code detail}, property {@code code}).
 */
public final class Problems {

    /** Prefix of every problem type. */
    public static final String TYPE_BASE = "https://wipetrace.io/problems/";

    /** The detail of a 400 {@code REQUEST_REJECTED}: what the HTTP firewall refuses in a request's path or headers. */
    public static final String REJECTED_REQUEST = "the request's path or headers hold something the API never accepts"
            + " (an encoded '/', '\\' or '%', a ';' path parameter, a control character, …)";

    private Problems() {}

    /**
     * @param status HTTP status
     * @param code stable code, e.g. {@code NOT_CUSTODIAN}
     * @param title short summary
     * @param detail this occurrence's explanation
     * @return a problem with {@code type} = {@link #TYPE_BASE} + the code in kebab case and property {@code code}
     */
    public static ProblemDetail of(final int status, final String code, final String title, final String detail) {
        final ProblemDetail problem = coded(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail),
                code);
        problem.setTitle(title);
        return problem;
    }

    /**
     * Gives a problem made elsewhere (Spring MVC's own) WipeTrace's code and type.
     *
     * @param problem the problem
     * @param code stable code
     * @return the same problem, with {@code type} = {@link #TYPE_BASE} + the code in kebab case and property
     *     {@code code}
     */
    public static ProblemDetail coded(final ProblemDetail problem, final String code) {
        problem.setType(type(code));
        problem.setProperty("code", code);
        return problem;
    }

    /**
     * @param status HTTP status; its reason phrase is the title
     * @param code stable code
     * @param detail this occurrence's explanation
     * @return the problem
     */
    public static ProblemDetail of(final HttpStatus status, final String code, final String detail) {
        return of(status.value(), code, status.getReasonPhrase(), detail);
    }

    /**
     * @param status HTTP status; its reason phrase is the title
     * @param code stable code
     * @param detail this occurrence's explanation
     * @return an answer with that status and the problem as its body
     */
    public static ResponseEntity<ProblemDetail> respond(final HttpStatus status, final String code,
            final String detail) {
        return ResponseEntity.status(status).body(of(status, code, detail));
    }

    /**
     * The code of an answer that has nothing more specific than its status: Tomcat's and the firewall's refusals, the
     * error page.
     *
     * @param status an error status
     * @return its stable code
     */
    public static String codeFor(final int status) {
        return switch (status) {
            case 400 -> "REQUEST_REJECTED";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "ROLE_FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "MEDIA_TYPE_UNSUPPORTED";
            case 431 -> "HEADERS_TOO_LARGE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    /**
     * @param status an error status
     * @param detail this occurrence's explanation
     * @return a problem with the status's {@link #codeFor code} and reason phrase
     */
    public static ProblemDetail ofStatus(final int status, final String detail) {
        final HttpStatus known = HttpStatus.resolve(status);
        return of(status, codeFor(status), known == null ? "Error" : known.getReasonPhrase(), detail);
    }

    /**
     * @param code a stable code
     * @return its problem type URI
     */
    public static URI type(final String code) {
        return URI.create(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
