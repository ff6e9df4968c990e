package io.wipetrace.portal.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The sentences the in-browser proof check shows, in the page's language, as JSON embedded in the page. */
@Component
class ProofMessages {

    static final List<String> KEYS = List.of("checking", "verified", "partial", "failed", "unavailable",
            "check.leaf", "check.path", "check.anchorHash", "check.signature", "check.signature.sm2",
            "check.signature.none", "check.chain", "check.chain.skipped", "check.chain.unreachable",
            "notYetAnchored", "noWebCrypto");

    private final MessageSource messages;
    private final ObjectMapper json;

    ProofMessages(final MessageSource messages, final ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** @return {key: sentence} for every key the script uses, safe to embed in a script element */
    String json(final Locale locale) throws JsonProcessingException {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String key : KEYS) {
            out.put(key, messages.getMessage("proof." + key, null, locale));
        }
        return json.writeValueAsString(out).replace("</", "<\\/");
    }
}
