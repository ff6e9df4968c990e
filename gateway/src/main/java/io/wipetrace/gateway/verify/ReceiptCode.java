package io.wipetrace.gateway.verify;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A consumer's receipt code and the hash the ledger keeps of it.
 *
 * <p>Codes are Crockford base32, printed in groups. Whatever the consumer types is normalised before hashing:
 * upper case, hyphens and white space removed, {@code I} and {@code L} read as {@code 1}, {@code O} as {@code 0}.
 * The ledger's {@code receiptHash} is the lower-case hex SHA-256 of the normalised code's ASCII bytes; whoever issues
 * receipts must hash them the same way (this class is the one place that does).
 */
public final class ReceiptCode {

    /** The shortest normalised code accepted (80 bits = 16 characters). */
    public static final int MIN_LENGTH = 16;

    /** The longest normalised code accepted. */
    public static final int MAX_LENGTH = 64;

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private ReceiptCode() {}

    /**
     * Normalises a code as typed or scanned.
     *
     * @param typed the code, e.g. {@code "7k2q-9zx1 ol4m..."}
     * @return the normalised code, or empty if it is not a Crockford base32 code of an acceptable length
     */
    public static Optional<String> normalise(final String typed) {
        if (typed == null || typed.length() > 4 * MAX_LENGTH) {
            return Optional.empty();
        }
        final StringBuilder code = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            final char c = Character.toUpperCase(typed.charAt(i));
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            final char mapped = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (CROCKFORD.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            code.append(mapped);
        }
        if (code.length() < MIN_LENGTH || code.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(code.toString());
    }

    /**
     * The ledger's hash of a normalised code.
     *
     * @param normalised a code from {@link #normalise}
     * @return lower-case hex SHA-256 of its ASCII bytes
     */
    public static String hash(final String normalised) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
