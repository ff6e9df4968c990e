package io.wipetrace.portal.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.proof.ledger.Identifiers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One write form of the partner console, described once: its fields (labelled from the messages as
 * {@code field.<slug>.<name>} if the form gives the name its own meaning, else {@code field.<name>}) and how the
 * typed values become the gateway's request: a field named in the endpoint ({@code {deviceId}}) goes into the path,
 * the others into the JSON body, where dotted names nest ({@code consent.reference}).
 *
 * @param slug the form's path under {@code /partner/}
 * @param endpoint the gateway's endpoint it posts to
 * @param fields its fields, in order
 */
record WriteForm(String slug, String endpoint, List<Field> fields) {

    /** How a field is typed and sent. */
    enum Kind { TEXT, NUMBER, SELECT, CHECKBOX, LIST, JSON }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\{([A-Za-z0-9.]+)}");

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

        /** A JSON object typed as text (integers only, as the ledger keeps no floating-point numbers). */
        static Field json(final String name) {
            return new Field(name, Kind.JSON, true, null, List.of());
        }

        /** @return the field's id in the page */
        public String id() {
            return name.replace('.', '-');
        }
    }

    /** @return the typed values of the fields the endpoint names in its path, in the path's order */
    Object[] pathValues(final Map<String, String> typed) {
        final List<Object> values = new ArrayList<>();
        final Matcher variable = VARIABLE.matcher(endpoint);
        while (variable.find()) {
            values.add(typed.getOrDefault(variable.group(1), "").strip());
        }
        return values.toArray();
    }

    /**
     * The JSON body for the typed values: blanks left out, numbers as numbers, lists split on spaces and commas, JSON
     * fields parsed; the fields of the path left out.
     *
     * @throws GatewayProblem {@code VALIDATION_FAILED} naming the JSON fields that hold no JSON object of integers,
     *     as the gateway would name them
     */
    Map<String, Object> body(final Map<String, String> typed) {
        final Map<String, Object> body = new LinkedHashMap<>();
        final List<String> invalid = new ArrayList<>();
        for (final Field field : fields) {
            if (endpoint.contains("{" + field.name() + "}")) {
                continue;
            }
            final String value = typed.getOrDefault(field.name(), "").strip();
            final Object json = switch (field.kind()) {
                case CHECKBOX -> !value.isEmpty();
                case NUMBER -> value.isEmpty() ? null : number(value);
                case LIST -> value.isEmpty() ? null : new ArrayList<>(Arrays.asList(value.split("[\\s,]+")));
                case JSON -> value.isEmpty() ? null : object(value);
                default -> value.isEmpty() ? null : value;
            };
            if (json == INVALID) {
                invalid.add(field.name());
            } else if (json != null) {
                put(body, field.name(), json);
            }
        }
        if (!invalid.isEmpty()) {
            throw new GatewayProblem(400, "VALIDATION_FAILED", "not a JSON object of integers and text", 0, invalid);
        }
        return body;
    }

    private static final Object INVALID = new Object();

    /** @return the typed JSON object, or {@link #INVALID} if it is none or holds a floating-point number */
    private static Object object(final String value) {
        try {
            final JsonNode tree = MAPPER.readTree(value);
            if (tree == null || !tree.isObject() || hasFloat(tree)) {
                return INVALID;
            }
            return MAPPER.convertValue(tree, Map.class);
        } catch (JsonProcessingException notJson) {
            return INVALID;
        }
    }

    private static boolean hasFloat(final JsonNode node) {
        if (node.isFloatingPointNumber()) {
            return true;
        }
        for (final JsonNode child : node) {
            if (hasFloat(child)) {
                return true;
            }
        }
        return false;
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
