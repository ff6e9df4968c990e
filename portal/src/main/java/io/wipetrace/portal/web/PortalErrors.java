package io.wipetrace.portal.web;

import io.wipetrace.portal.gateway.GatewayProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A page whose data the gateway refused or could not give shows why, as a sentence, with the same status. */
@ControllerAdvice
class PortalErrors {

    private final ProblemSentences sentences;

    PortalErrors(final ProblemSentences sentences) {
        this.sentences = sentences;
    }

    @ExceptionHandler(GatewayProblem.class)
    String problem(final GatewayProblem problem, final Locale locale, final Model model,
            final HttpServletResponse response) {
        response.setStatus(problem.status() >= 400 ? problem.status() : 502);
        if (problem.retryAfterSeconds() > 0) {
            response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER,
                    Long.toString(problem.retryAfterSeconds()));
        }
        model.addAttribute("error", sentences.of(problem, locale));
        model.addAttribute("code", problem.code());
        return "error-page";
    }
}
