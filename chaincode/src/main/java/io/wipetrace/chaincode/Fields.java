package io.wipetrace.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the members of one JSON object argument. Every problem fails with {@link
 * LedgerError#INVALID_ARGUMENT} and a message naming the member, before the transaction writes anything.
 *
 * <p>Strict by design: members the transaction does not know are refused (a misspelt optional member would otherwise be
 * dropped silently), JSON {@code null} counts as absent, numbers must be integers and texts must not contain control
 * characters.
 */
public final class Fields {

    /** Identifiers: sites, stations, handovers, lots, reports, bags, seals, containers, waybills. */
    public static final Pattern ID = Identifiers.ID_PATTERN;
    /** What {@link #ID} accepts, for messages. */
    public static final String ID_RULE = Identifiers.ID_RULE;
    /** MSP IDs. */
    public static final Pattern MSP_ID = Identifiers.MSP_ID_PATTERN;
    /** What {@link #MSP_ID} accepts, for messages. */
    public static final String MSP_ID_RULE = Identifiers.MSP_ID_RULE;
    /** SHA-256 and SM3 digests. */
    public static final Pattern HEX_256 = Identifiers.HEX_256_PATTERN;
    /** What {@link #HEX_256} accepts, for messages. */
    public static final String HEX_256_RULE = Identifiers.HEX_256_RULE;

    /** Longest JSON argument accepted, in characters (a 500-device handover is about 35 kB). */
    public static final int MAX_DOCUMENT_LENGTH = FieldLimits.MAX_DOCUMENT_LENGTH;

    private final ObjectNode node;
    private final String path;

    private Fields(final ObjectNode node, final String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * Parses a JSON object argument and checks that it has no members other than {@code allowed}.
     *
     * @param json the argument as the client sent it
     * @param argument the argument's name, for messages
     * @param allowed the member names the transaction knows
     * @return the reader
     */
    public static Fields parse(final String json, final String argument, final Set<String> allowed) {
        return of(parseObject(json, argument), argument, allowed);
    }

    /**
     * Parses a JSON object argument that may be longer than {@link #MAX_DOCUMENT_LENGTH} (a batch) and checks its
     * member names.
     *
     * @param json the argument as the client sent it
     * @param argument the argument's name, for messages
     * @param allowed the member names the transaction knows
     * @param maxLength the longest accepted, in characters
     * @return the reader
     */
    public static Fields parse(final String json, final String argument, final Set<String> allowed,
            final int maxLength) {
        return of(parseObject(json, argument, maxLength), argument, allowed);
    }

    /**
     * Parses a JSON object argument without checking its members.
     *
     * @param json the argument
     * @param argument its name, for messages
     * @return the object
     */
    public static ObjectNode parseObject(final String json, final String argument) {
        return parseObject(json, argument, MAX_DOCUMENT_LENGTH);
    }

    private static ObjectNode parseObject(final String json, final String argument, final int maxLength) {
        if (json == null || json.isBlank()) {
            throw invalid(argument + " is missing; it must be a JSON object");
        }
        if (json.length() > maxLength) {
            throw invalid(argument + " is longer than " + maxLength + " characters");
        }
        final JsonNode parsed;
        try {
            parsed = LedgerJson.parse(json);
        } catch (IOException e) {
            throw invalid(argument + " is not well-formed JSON (or repeats a member name): " + firstLine(e));
        }
        if (parsed == null || !parsed.isObject()) {
            throw invalid(argument + " must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /**
     * Wraps an object already parsed and checks its member names.
     *
     * @param node the object
     * @param path where it is, for messages
     * @param allowed the member names the transaction knows
     * @return the reader
     */
    public static Fields of(final ObjectNode node, final String path, final Set<String> allowed) {
        final List<String> unknown = new ArrayList<>();
        for (final Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            Collections.sort(unknown);
            throw invalid(path + " has unknown member(s) " + unknown + "; allowed are " + sorted(allowed));
        }
        return new Fields(node, path);
    }

    /**
     * Creates the exception for a malformed argument.
     *
     * @param detail what is wrong
     * @return the exception
     */
    public static RuntimeException invalid(final String detail) {
        return ContractErrors.refuse(LedgerError.INVALID_ARGUMENT, detail);
    }

    /**
     * Checks a plain string argument (not JSON) against a pattern.
     *
     * @param value the argument
     * @param name its name, for messages
     * @param pattern what it must match
     * @param rule the pattern in words
     * @return the value
     */
    public static String requireMatch(final String value, final String name, final Pattern pattern, final String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(name + " must be " + rule);
        }
        return value;
    }

    /**
     * Checks a plain string argument holding free text.
     *
     * @param value the argument
     * @param name its name, for messages
     * @param maxLength the longest accepted
     * @return the value
     */
    public static String requireText(final String value, final String name, final int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength || hasControlCharacter(value)) {
            throw invalid(name + " must be 1 to " + maxLength + " characters of text without control characters");
        }
        return value;
    }

    /** @return the underlying object */
    public ObjectNode node() {
        return node;
    }

    /**
     * A required text member.
     *
     * @param name the member
     * @param maxLength the longest accepted
     * @return the text
     */
    public String text(final String name, final int maxLength) {
        final String value = optionalText(name, maxLength);
        if (value == null) {
            throw invalid(where(name) + " is required");
        }
        return value;
    }

    /**
     * An optional text member.
     *
     * @param name the member
     * @param maxLength the longest accepted
     * @return the text, or {@code null} if absent or JSON null
     */
    public String optionalText(final String name, final int maxLength) {
        final JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(where(name) + " must be a string");
        }
        final String text = value.textValue();
        if (text.isBlank() || text.length() > maxLength || hasControlCharacter(text)) {
            throw invalid(where(name) + " must be 1 to " + maxLength + " characters of text without control characters");
        }
        return text;
    }

    /**
     * A required member matching a pattern.
     *
     * @param name the member
     * @param pattern what it must match
     * @param rule the pattern in words
     * @return the value
     */
    public String matching(final String name, final Pattern pattern, final String rule) {
        final String value = optionalMatching(name, pattern, rule);
        if (value == null) {
            throw invalid(where(name) + " is required; it must be " + rule);
        }
        return value;
    }

    /**
     * An optional member matching a pattern.
     *
     * @param name the member
     * @param pattern what it must match
     * @param rule the pattern in words
     * @return the value, or {@code null} if absent
     */
    public String optionalMatching(final String name, final Pattern pattern, final String rule) {
        final JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !pattern.matcher(value.textValue()).matches()) {
            throw invalid(where(name) + " must be " + rule);
        }
        return value.textValue();
    }

    /**
     * A required ISO-8601 instant such as {@code 2026-03-01T08:00:00Z}; the text is kept as given.
     *
     * @param name the member
     * @return the text
     */
    public String instant(final String name) {
        final String text = text(name, 40);
        try {
            Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(where(name) + " must be an ISO-8601 instant such as 2026-03-01T08:00:00Z");
        }
        return text;
    }

    /**
     * A required base64 member (standard alphabet, padded).
     *
     * @param name the member
     * @param maxLength the longest text accepted
     * @return the decoded bytes
     */
    public byte[] base64(final String name, final int maxLength) {
        final String text = text(name, maxLength);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(where(name) + " must be base64 (standard alphabet, padded)");
        }
    }

    /**
     * A required boolean member.
     *
     * @param name the member
     * @return the value
     */
    public boolean bool(final String name) {
        final JsonNode value = node.get(name);
        if (value == null || !value.isBoolean()) {
            throw invalid(where(name) + " is required and must be true or false");
        }
        return value.booleanValue();
    }

    /**
     * A required integer member.
     *
     * @param name the member
     * @param min the smallest accepted
     * @param max the largest accepted
     * @return the value
     */
    public long integer(final String name, final long min, final long max) {
        final JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.longValue() < min || value.longValue() > max) {
            throw invalid(where(name) + " is required and must be an integer from " + min + " to " + max);
        }
        return value.longValue();
    }

    /**
     * A required member naming a constant of {@code type}.
     *
     * @param name the member
     * @param type the enum
     * @param <E> the enum
     * @return the constant
     */
    public <E extends Enum<E>> E enumValue(final String name, final Class<E> type) {
        final JsonNode value = node.get(name);
        final List<String> names = new ArrayList<>();
        for (final E constant : type.getEnumConstants()) {
            names.add(constant.name());
            if (value != null && value.isTextual() && constant.name().equals(value.textValue())) {
                return constant;
            }
        }
        throw invalid(where(name) + " is required and must be one of " + names);
    }

    /**
     * A required array whose elements are not checked here.
     *
     * @param name the member
     * @param minSize fewest elements
     * @param maxSize most elements
     * @return the array
     */
    public JsonNode array(final String name, final int minSize, final int maxSize) {
        final JsonNode value = node.get(name);
        if (value == null || !value.isArray() || value.size() < minSize || value.size() > maxSize) {
            throw invalid(where(name) + " is required and must be an array of " + minSize + " to " + maxSize + " items");
        }
        return value;
    }

    /**
     * A required array of distinct strings, each matching a pattern.
     *
     * @param name the member
     * @param minSize fewest elements
     * @param maxSize most elements
     * @param pattern what every element must match
     * @param rule the pattern in words
     * @return the elements, in the order given
     */
    public List<String> distinctList(
            final String name, final int minSize, final int maxSize, final Pattern pattern, final String rule) {
        return distinctList(name, minSize, maxSize, pattern, rule, LedgerError.INVALID_ARGUMENT);
    }

    /**
     * A required array of distinct strings, each matching a pattern, an element given twice refused with its own
     * code.
     *
     * @param name the member
     * @param minSize fewest elements
     * @param maxSize most elements
     * @param pattern what every element must match
     * @param rule the pattern in words
     * @param repeated the code that refuses an element given more than once
     * @return the elements, in the order given
     */
    public List<String> distinctList(final String name, final int minSize, final int maxSize, final Pattern pattern,
            final String rule, final LedgerError repeated) {
        final JsonNode value = node.get(name);
        if (value == null || !value.isArray() || value.size() < minSize || value.size() > maxSize) {
            throw invalid(where(name) + " is required and must be an array of " + minSize + " to " + maxSize + " items");
        }
        final List<String> items = new ArrayList<>(value.size());
        final Set<String> seen = new HashSet<>();
        for (final JsonNode item : value) {
            if (!item.isTextual() || !pattern.matcher(item.textValue()).matches()) {
                throw invalid(where(name) + " items must each be " + rule);
            }
            if (!seen.add(item.textValue())) {
                throw ContractErrors.refuse(repeated, where(name) + " lists " + item.textValue() + " more than once");
            }
            items.add(item.textValue());
        }
        return List.copyOf(items);
    }

    /**
     * A required array of distinct constants of {@code type}, returned sorted by name.
     *
     * @param name the member
     * @param type the enum
     * @param minSize fewest elements
     * @param <E> the enum
     * @return the constants, sorted by name
     */
    public <E extends Enum<E>> List<E> enumSet(final String name, final Class<E> type, final int minSize) {
        final E[] constants = type.getEnumConstants();
        final List<String> names = new ArrayList<>();
        for (final E constant : constants) {
            names.add(constant.name());
        }
        final String rule = "one of " + names;
        final List<String> given = distinctList(name, minSize, constants.length, Pattern.compile("[A-Z_0-9]{1,32}"), rule);
        final List<E> result = new ArrayList<>();
        for (final String item : given) {
            if (!names.contains(item)) {
                throw invalid(where(name) + " items must each be " + rule);
            }
            result.add(Enum.valueOf(type, item));
        }
        result.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(result);
    }

    /**
     * A required nested object.
     *
     * @param name the member
     * @param allowed the member names the nested object may have
     * @return a reader for it
     */
    public Fields object(final String name, final Set<String> allowed) {
        return of(rawObject(name), where(name), allowed);
    }

    /**
     * A required nested object whose members are not checked here.
     *
     * @param name the member
     * @return the object
     */
    public ObjectNode rawObject(final String name) {
        final JsonNode value = node.get(name);
        if (value == null || !value.isObject()) {
            throw invalid(where(name) + " is required and must be a JSON object");
        }
        return (ObjectNode) value;
    }

    /**
     * Whether a member is present and not JSON null.
     *
     * @param name the member
     * @return true if present
     */
    public boolean has(final String name) {
        final JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private String where(final String name) {
        return path + "." + name;
    }

    private static boolean hasControlCharacter(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sorted(final Set<String> names) {
        final List<String> list = new ArrayList<>(names);
        Collections.sort(list);
        return list;
    }

    private static String firstLine(final IOException e) {
        final String message = String.valueOf(e.getMessage());
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
