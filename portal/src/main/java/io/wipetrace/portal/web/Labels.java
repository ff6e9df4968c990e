package io.wipetrace.portal.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Words for the gateway's codes (states, steps, organisations, methods) in the reader's language:
 * {@code ${@labels.of('state.', v.state)}}. A code the messages do not name is shown as it is, never as an error.
 */
@Component("labels")
public class Labels {

    private final MessageSource messages;

    Labels(final MessageSource messages) {
        this.messages = messages;
    }

    /** @return the message {@code prefix + code}, or the code itself */
    public String of(final String prefix, final Object code) {
        if (code == null) {
            return "";
        }
        return messages.getMessage(prefix + code, null, code.toString(), LocaleContextHolder.getLocale());
    }

    /** @return the name of a form's field: {@code field.<form>.<name>}, else {@code field.<name>}, else the name */
    public String field(final String form, final String name) {
        return field(messages, form, name, LocaleContextHolder.getLocale());
    }

    /** The same in a given language, for the sentences that name a problem's fields. */
    static String field(final MessageSource messages, final String form, final String name,
            final java.util.Locale locale) {
        return messages.getMessage("field." + form + "." + name, null,
                messages.getMessage("field." + name, null, name, locale), locale);
    }
}
