package io.wipetrace.gateway.shared;

import io.wipetrace.proof.Sha256;
import io.wipetrace.proof.ledger.Crockford;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * A consumer's receipt code: 28 Crockford base32 characters (140 random bits) shown in groups of four,
 * e.g. {@code 7K2Q-M9XD-…}. The ledger keeps only the SHA-256 of the normalised code.
 *
 * <p>Normalising is what a person typing the code expects: case does not matter, hyphens and white space are ignored,
 * and the letters Crockford excludes are read as the digits they resemble ({@code O} → {@code 0},
 * {@code I}/{@code L} → {@code 1}). This class is the one place that defines the ledger's {@code receiptHash}: the
 * write API hashes codes it issues with it, the verify API codes consumers type.
 */
public final class ReceiptCode {

    /** Characters in a code, without separators. */
    public static final int LENGTH = 28;
    /** Random bits in a code. */
    public static final int BITS = LENGTH * 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ReceiptCode() {}

    /** @return a new code, grouped: {@code XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX} */
    public static String generate() {
        final StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(Crockford.digit(RANDOM.nextInt(32)));
        }
        return code.toString();
    }

    /**
     * @param typed a code as a person typed it
     * @return the canonical 28 characters, or empty when it is not a well-formed code
     */
    public static Optional<String> normalise(final String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        final StringBuilder out = new StringBuilder(LENGTH);
        for (final char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            final char mapped = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (Crockford.ALPHABET.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            out.append(mapped);
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }

    /**
     * @param typed a code as a person typed it
     * @return hex SHA-256 of the normalised code's ASCII bytes (what the ledger keeps), or empty when malformed
     */
    public static Optional<String> hash(final String typed) {
        return normalise(typed).map(code -> Sha256.hex(code.getBytes(StandardCharsets.US_ASCII)));
    }
}
