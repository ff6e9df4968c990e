package io.wipetrace.proof.ledger;

import java.util.Random;

/**
 * Crockford's base32 digits, the characters of device IDs ({@link DeviceIds}) and of consumers' receipt codes: the
 * digits and the capital letters without {@code I}, {@code L}, {@code O} and {@code U}, so that no two read alike.
 */
public final class Crockford {

    /** The 32 digits, in their value's order. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private Crockford() {}

    /**
     * @param value 0 to 31
     * @return the digit for it
     */
    public static char digit(final int value) {
        return ALPHABET.charAt(value);
    }

    /**
     * Fills part of an array with random digits.
     *
     * @param into where to write
     * @param from the first index written
     * @param to the index after the last one written
     * @param random the randomness, one {@code nextInt(32)} a digit
     */
    public static void fillRandom(final char[] into, final int from, final int to, final Random random) {
        for (int i = from; i < to; i++) {
            into[i] = digit(random.nextInt(32));
        }
    }
}
