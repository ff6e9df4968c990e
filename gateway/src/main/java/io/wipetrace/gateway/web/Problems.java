package io.wipetrace.gateway.web;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with WipeTrace's stable codes. */
public final class Problems {

    /** Prefix of every problem type. */
    public static final String TYPE_BASE = "https://wipetrace.io/problems/";

    private Problems() {}

    /**
     * @param status HTTP status
     * @param code stable code, e.g. {@code NOT_CUSTODIAN}
     * @param title short summary
     * @param detail this occurrence's explanation
     * @return a problem with {@code type} = {@link #TYPE_BASE} + the code in kebab case and property {@code code}
     */
    public static ProblemDetail of(final int status, final String code, final String title, final String detail) {
        final ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(type(code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }

    /**
     * @param code a stable code
     * @return its problem type URI
     */
    public static URI type(final String code) {
        return URI.create(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
