package io.wipetrace.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes problem details where Spring MVC's exception handling does not reach: the security filters, the firewall's
 * rejections, the error page and Tomcat's own error reports.
 */
public final class ProblemWriter {

    private final ObjectMapper json;

    /** @param json the application's object mapper */
    public ProblemWriter(final ObjectMapper json) {
        this.json = json;
    }

    /**
     * Answers with a problem.
     *
     * @param request the request, whose path becomes the problem's {@code instance} when it is a valid URI
     * @param response where it goes
     * @param status HTTP status
     * @param code stable code
     * @param title short summary
     * @param detail this occurrence's explanation
     * @throws IOException if the client went away
     */
    public void write(final HttpServletRequest request, final HttpServletResponse response, final int status,
            final String code, final String title, final String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"X-Api-Key\", Bearer");
        }
        response.getOutputStream().write(body(request, Problems.of(status, code, title, detail)));
    }

    /**
     * @param request the request
     * @param problem the problem
     * @return the problem as JSON, its {@code instance} the request's path when that is a valid URI (a path the
     *     firewall or Tomcat rejected may not be one)
     */
    public byte[] body(final HttpServletRequest request, final ProblemDetail problem) {
        try {
            problem.setInstance(new URI(request.getRequestURI()));
        } catch (URISyntaxException | RuntimeException e) {
            problem.setInstance(null);
        }
        try {
            return json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
