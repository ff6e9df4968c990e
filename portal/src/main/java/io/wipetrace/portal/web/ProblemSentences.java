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
        return of(problem, locale, null);
    }

    /**
     * @param form the form the problem answers, whose own names of fields ({@code field.<form>.<path>}) come first,
     *     or {@code null}
     * @return the sentence for the problem's code in the given language, naming the fields as the form shows them
     */
    public String of(final GatewayProblem problem, final Locale locale, final String form) {
        final String general = messages.getMessage("problem.default", new Object[] {problem.code()},
                "Something went wrong (" + problem.code() + ").", locale);
        if (problem.retryAfterSeconds() > 0) {
            // When to try again, in words: a wait in seconds, or minutes when it is longer.
            final long seconds = problem.retryAfterSeconds();
            final String wait = seconds < 120
                    ? messages.getMessage("wait.seconds", new Object[] {seconds}, locale)
                    : messages.getMessage("wait.minutes", new Object[] {(seconds + 59) / 60}, locale);
            final String timed = messages.getMessage("problem." + problem.code() + ".retry", new Object[] {wait}, null,
                    locale);
            if (timed != null) {
                return timed;
            }
        }
        final String sentence = messages.getMessage("problem." + problem.code(), null, general, locale);
        if (problem.fields().isEmpty()) {
            return sentence;
        }
        // Which fields, by the names the form shows them under (field.<form>.<path> or field.<path>), else as the gateway names them.
        final String named = problem.fields().stream()
                .map(field -> Labels.field(messages, form, field, locale))
                .collect(java.util.stream.Collectors.joining(messages.getMessage("problem.fields.separator", null,
                        ", ", locale)));
        return sentence + " " + messages.getMessage("problem.fields", new Object[] {named}, locale);
    }
}
