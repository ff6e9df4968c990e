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
            final HttpServletResponse response, final jakarta.servlet.http.HttpServletRequest request) {
        // A person's access token ran out (or was refused): they sign in again rather than read an error.
        final SignIn signIn = SignIn.of(request);
        if (problem.status() == 401 && signIn != null
                && signIn.apiKey().startsWith(io.wipetrace.portal.gateway.GatewayClient.BEARER)) {
            SignIn.forget(request);
            return "redirect:/login?expired";
        }
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
