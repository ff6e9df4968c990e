package io.wipetrace.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Writes problem details from the security filters, which run before Spring MVC's exception handling. */
final class ProblemWriter {

    private final ObjectMapper json;

    ProblemWriter(final ObjectMapper json) {
        this.json = json;
    }

    void write(final HttpServletRequest request, final HttpServletResponse response, final int status,
            final String code, final String title, final String detail) throws IOException {
        final ProblemDetail problem = Problems.of(status, code, title, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "ApiKey header=\"X-Api-Key\", Bearer");
        }
        json.writeValue(response.getOutputStream(), problem);
    }
}
