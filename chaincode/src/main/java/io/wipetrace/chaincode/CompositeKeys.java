package io.wipetrace.chaincode;

import java.util.Locale;

/**
 * World state composite keys, built as the Fabric shim's {@code CompositeKey} builds them and with the same refusal of
 * invalid segments, without its cost: the shim compiles a regular expression for every segment of every key it
 * builds, which showed up in the chaincode's profile at saturation. Every contract builds its keys here.
 *
 * <p>The form is Fabric's: U+0000, the object type, U+0000, then each attribute followed by U+0000. A segment (the
 * object type or an attribute) may contain neither U+0000 (the delimiter) nor U+10FFFF (the upper bound of Fabric's
 * partial key ranges); the shim refuses both with an {@link IllegalArgumentException} naming the first one found, and
 * so does this.
 */
public final class CompositeKeys {

    private static final char DELIMITER = '\u0000';
    /** U+10FFFF as UTF-16: a high and a low surrogate. */
    private static final char MAX_HIGH_SURROGATE = Character.highSurrogate(Character.MAX_CODE_POINT);
    private static final char MAX_LOW_SURROGATE = Character.lowSurrogate(Character.MAX_CODE_POINT);

    private CompositeKeys() {}

    /**
     * The composite key of an object type and its attributes, the string {@code stub.createCompositeKey(objectType,
     * attributes).toString()} returns.
     *
     * @param objectType the object type
     * @param attributes the attributes, in order
     * @return the key
     * @throws IllegalArgumentException if a segment holds U+0000 or U+10FFFF
     */
    public static String of(final String objectType, final String... attributes) {
        if (objectType == null) {
            throw new NullPointerException("objectType cannot be null");
        }
        int length = objectType.length() + 2;
        for (final String attribute : attributes) {
            length += attribute.length() + 1;
        }
        final StringBuilder key = new StringBuilder(length).append(DELIMITER);
        append(key, objectType);
        for (final String attribute : attributes) {
            append(key, attribute);
        }
        return key.toString();
    }

    private static void append(final StringBuilder key, final String segment) {
        requireValidSegment(segment);
        key.append(segment).append(DELIMITER);
    }

    /**
     * Refuses a segment that holds U+0000 or U+10FFFF, as the shim does.
     *
     * @param segment the object type or an attribute
     * @throws IllegalArgumentException naming the first such code point and its index
     */
    static void requireValidSegment(final String segment) {
        final int last = segment.length() - 1;
        for (int i = 0; i <= last; i++) {
            final char c = segment.charAt(i);
            final boolean invalid = c == DELIMITER
                    || (c == MAX_HIGH_SURROGATE && i < last && segment.charAt(i + 1) == MAX_LOW_SURROGATE);
            if (invalid) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "For input string '%s', found 'U+%06X'"
                        + " at index %d.", segment, segment.codePointAt(i), i));
            }
        }
    }
}
