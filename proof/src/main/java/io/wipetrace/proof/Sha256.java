package io.wipetrace.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest of the ledger's bytes (leaves, heads, receipts, reports, keys, certificates), in the forms
 * every side needs: raw bytes, lower-case hex, and a fresh digest to feed a stream.
 */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    /** @return a new SHA-256 digest, for input that arrives in parts */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param bytes the input
     * @return its SHA-256, 32 bytes
     */
    public static byte[] digest(final byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /**
     * @param bytes the input
     * @return its SHA-256 as 64 lower-case hex digits
     */
    public static String hex(final byte[] bytes) {
        return HEX.formatHex(digest(bytes));
    }

    /**
     * @param text the input, hashed as UTF-8
     * @return its SHA-256 as 64 lower-case hex digits
     */
    public static String hex(final String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
