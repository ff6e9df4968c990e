package io.wipetrace.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page Tomcat forwards to ({@code /error}, in place of Spring Boot's, which answers in its own JSON or
 * HTML): a problem with the status's stable code, whatever the request accepts. Asked for directly, there is no
 * error to describe: 404.
 */
@Controller
class ErrorProblems implements ErrorController {

    private final ProblemWriter problems;

    ErrorProblems(final ObjectMapper json) {
        this.problems = new ProblemWriter(json);
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(final HttpServletRequest request, final HttpServletResponse response) throws IOException {
        final Object forwarded = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        final int status = forwarded instanceof Integer code && code >= 400 ? code : 404;
        final String detail = forwarded == null ? "no such resource"
                : status >= 500 ? "the gateway failed unexpectedly; the X-Request-Id of this answer identifies it in the"
                        + " logs" : "the request was refused before it reached the API";
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(problems.body(request, Problems.ofStatus(status, detail)));
    }
}
