package io.wipetrace.portal.partner;

import io.wipetrace.proof.ledger.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One write form of the partner console, described once: its fields (labelled from the messages as
 * {@code field.<name>}) and how the typed values become the gateway's JSON body. Dotted names nest
 * ({@code consent.reference}).
 *
 * @param slug the form's path under {@code /partner/}
 * @param endpoint the gateway's endpoint it posts to
 * @param fields its fields, in order
 */
record WriteForm(String slug, String endpoint, List<Field> fields) {

    /** How a field is typed and sent. */
    enum Kind { TEXT, NUMBER, SELECT, CHECKBOX, LIST }

    /**
     * A field.
     *
     * @param name its name (and JSON path)
     * @param kind how it is typed
     * @param required whether it must be filled
     * @param pattern an HTML pattern the browser checks first, or {@code null}
     * @param options the choices of a select
     */
    record Field(String name, Kind kind, boolean required, String pattern, List<String> options) {

        static Field text(final String name, final boolean required) {
            return new Field(name, Kind.TEXT, required, null, List.of());
        }

        static Field hash(final String name) {
            return new Field(name, Kind.TEXT, true, Identifiers.HEX_256, List.of());
        }

        static Field number(final String name) {
            return new Field(name, Kind.NUMBER, true, null, List.of());
        }

        static Field select(final String name, final String... options) {
            return new Field(name, Kind.SELECT, true, null, List.of(options));
        }

        static Field checkbox(final String name) {
            return new Field(name, Kind.CHECKBOX, false, null, List.of());
        }

        static Field list(final String name) {
            return new Field(name, Kind.LIST, true, null, List.of());
        }

        /** @return the field's id in the page */
        public String id() {
            return name.replace('.', '-');
        }
    }

    /** The JSON body for the typed values: blanks left out, numbers as numbers, lists split on spaces and commas. */
    Map<String, Object> body(final Map<String, String> typed) {
        final Map<String, Object> body = new LinkedHashMap<>();
        for (final Field field : fields) {
            final String value = typed.getOrDefault(field.name(), "").strip();
            final Object json = switch (field.kind()) {
                case CHECKBOX -> !value.isEmpty();
                case NUMBER -> value.isEmpty() ? null : number(value);
                case LIST -> value.isEmpty() ? null : new ArrayList<>(Arrays.asList(value.split("[\\s,]+")));
                default -> value.isEmpty() ? null : value;
            };
            if (json != null) {
                put(body, field.name(), json);
            }
        }
        return body;
    }

    private static Object number(final String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notAWholeNumber) {
            return value; // the gateway says it is invalid, in a problem the page turns into a sentence
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(final Map<String, Object> body, final String path, final Object value) {
        final String[] names = path.split("\\.");
        Map<String, Object> at = body;
        for (int i = 0; i < names.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(names[i], name -> new LinkedHashMap<String, Object>());
        }
        at.put(names[names.length - 1], value);
    }
}
