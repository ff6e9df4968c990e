package io.wipetrace.portal.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A ledger event's details as a person reads them: one labelled row per fact, nested records flattened
 * ({@code erasure.verification.mode}), codes in words, times in the portal's zone, hashes as code that wraps.
 * Used by the timeline of the regulator's and the partner's device pages ({@code device-parts.html}) as
 * {@code ${@eventFacts.of(e)}}.
 *
 * <p>Labels come from {@code detail.<path>}, then {@code detail.<last name>}; a name the messages do not know is shown
 * as it is, so a new field of the chaincode is visible before it is translated (a test keeps every field the demo
 * writes translated).
 */
@Component("eventFacts")
public class EventFacts {

    /**
     * One fact.
     *
     * @param path where it sits in the event's details, dotted
     * @param label what it is, in the reader's language
     * @param value its value, in words where it is a code
     * @param code whether the value is an identifier or digest (shown in a monospaced, wrapping style)
     */
    public record Fact(String path, String label, String value, boolean code) {}

    /** Names whose values are codes with words under a prefix of the messages. */
    private static final Map<String, String> CODE_WORDS = Map.ofEntries(
            Map.entry("erasure.method", "erasure.method."),
            Map.entry("erasure.result", "erasure.result."),
            Map.entry("erasure.verification.mode", "erasure.verification."),
            Map.entry("method", "destruction.method."),
            Map.entry("channel", "channel."),
            Map.entry("productType", "product."),
            Map.entry("fromMspId", "org."),
            Map.entry("toMspId", "org."),
            Map.entry("correctsType", "step."),
            Map.entry("erasure.technique", "technique."),
            Map.entry("erasure.exceptions", "exception."),
            Map.entry("exceptions", "exception."),
            Map.entry("stationAlgorithm", "algorithm."),
            Map.entry("basis", "basis."));
    /** Names whose values are instants. */
    private static final Set<String> TIMES = Set.of("erasure.startedAt", "erasure.endedAt");
    /** Names whose values are counts or amounts, shown as they are. */
    private static final Set<String> NUMBERS = Set.of("storageGb", "deviceCount", "inputCount", "inputWeightGrams",
            "outputWeightGrams");

    /** The members of a text commitment (docs/proof-bundle.md, hash rule 6). */
    private static final Set<String> COMMITMENT = Set.of("salt", "sha256", "text");

    private final MessageSource messages;
    private final Labels labels;
    private final Formats formats;

    EventFacts(final MessageSource messages, final Labels labels, final Formats formats) {
        this.messages = messages;
        this.labels = labels;
        this.formats = formats;
    }

    /**
     * The facts of one event.
     *
     * @param event the event as the gateway's audit API returns it ({@code details} is an object, or absent)
     * @return its details' facts in the order the ledger holds them
     */
    public List<Fact> of(final Map<String, Object> event) {
        final List<Fact> facts = new ArrayList<>();
        if (event != null && event.get("details") instanceof Map<?, ?> details) {
            flatten("", details, facts);
        }
        return facts;
    }

    private void flatten(final String prefix, final Map<?, ?> map, final List<Fact> facts) {
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
            final String path = prefix + entry.getKey();
            final Object value = entry.getValue();
            if (value == null) {
                continue;
            }
            if (value instanceof Map<?, ?> nested && nested.keySet().equals(COMMITMENT)) {
                // A partner's text, committed on the ledger by a salted hash: the regulator reads the text.
                facts.add(new Fact(path, label(path), String.valueOf(nested.get("text")), false));
            } else if (value instanceof Map<?, ?> nested) {
                flatten(path + ".", nested, facts);
            } else {
                facts.add(new Fact(path, label(path), words(path, value), isCode(path, value)));
            }
        }
    }

    private String label(final String path) {
        final String leaf = path.substring(path.lastIndexOf('.') + 1);
        final String byPath = messages.getMessage("detail." + path, null, null, LocaleContextHolder.getLocale());
        return byPath != null ? byPath
                : messages.getMessage("detail." + leaf, null, leaf, LocaleContextHolder.getLocale());
    }

    private String words(final String path, final Object value) {
        if (value instanceof Boolean yes) {
            return messages.getMessage(yes ? "detail.yes" : "detail.no", null, LocaleContextHolder.getLocale());
        }
        if (value instanceof List<?> list) {
            final List<String> items = new ArrayList<>();
            for (final Object item : list) {
                items.add(item instanceof Map<?, ?> ? item.toString() : words(path, item));
            }
            return String.join(", ", items);
        }
        final String prefix = CODE_WORDS.get(path);
        if (prefix != null) {
            return labels.of(prefix, value);
        }
        if (TIMES.contains(path)) {
            return formats.time(value);
        }
        return value.toString();
    }

    private static boolean isCode(final String path, final Object value) {
        return !NUMBERS.contains(path) && !TIMES.contains(path) && !CODE_WORDS.containsKey(path)
                && !(value instanceof Boolean) && value.toString().matches("[A-Za-z0-9._:/+=-]{12,}");
    }
}
