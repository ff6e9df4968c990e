package io.wipetrace.portal.web;

import io.wipetrace.portal.gateway.GatewayProblem;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns a gateway problem into a sentence a person understands, in their language: {@code problem.<CODE>} from the
 * messages, or a general sentence naming the code when the portal has none for it.
 */
@Component
public class ProblemSentences {

    private final MessageSource messages;

    ProblemSentences(final MessageSource messages) {
        this.messages = messages;
    }

    /** @return the sentence for the problem's code in the given language */
    public String of(final GatewayProblem problem, final Locale locale) {
        final String general = messages.getMessage("problem.default", new Object[] {problem.code()},
                "Something went wrong (" + problem.code() + ").", locale);
        return messages.getMessage("problem." + problem.code(), null, general, locale);
    }
}
