package io.wipetrace.identity;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps counted from the epoch,
 * six digits, as every authenticator app reads them from an {@code otpauth://totp/} URI. A code is accepted for its
 * own step and one step either side (clock drift), and never for a step at or before the last one the account used,
 * so a code seen over someone's shoulder cannot be replayed.
 */
public final class Totp {

    /** The step every authenticator app uses. */
    public static final Duration STEP = Duration.ofSeconds(30);
    /** Digits of the code. */
    public static final int DIGITS = 6;
    /** Steps accepted on either side of the current one. */
    static final int DRIFT = 1;
    private static final int SECRET_BYTES = 20;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    /** @return a new 160-bit secret (RFC 4226's recommended length) */
    public static byte[] newSecret() {
        final byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** @return the step number of {@code time} */
    public static long step(final Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP.toSeconds());
    }

    /**
     * HOTP (RFC 4226 section 5.3) of one counter value with the given HMAC algorithm.
     *
     * @param algorithm {@code HmacSHA1}, {@code HmacSHA256} or {@code HmacSHA512}
     * @return the code, zero-padded to {@code digits}
     */
    public static String code(final byte[] secret, final long counter, final int digits, final String algorithm) {
        final byte[] hash;
        try {
            final Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
        final int offset = hash[hash.length - 1] & 0x0f;
        final int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        final int modulus = (int) Math.pow(10, digits);
        return String.format(Locale.ROOT, "%0" + digits + "d", binary % modulus);
    }

    /** @return the six-digit HMAC-SHA1 code of {@code time} */
    public static String code(final byte[] secret, final Instant time) {
        return code(secret, step(time), DIGITS, "HmacSHA1");
    }

    /**
     * Checks a code typed at {@code now}.
     *
     * @param lastUsedStep the step of the last code the account used, or {@code Long.MIN_VALUE}
     * @return the step the code belongs to, if it is valid and newer than {@code lastUsedStep}
     */
    public static OptionalLong verify(final byte[] secret, final String typed, final Instant now,
            final long lastUsedStep) {
        if (typed == null) {
            return OptionalLong.empty();
        }
        final String code = typed.replace(" ", "");
        if (code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        final long current = step(now);
        for (long step = current - DRIFT; step <= current + DRIFT; step++) {
            if (step > lastUsedStep && java.security.MessageDigest.isEqual(
                    code(secret, step, DIGITS, "HmacSHA1").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** @return the secret in unpadded Base32 (RFC 4648), as authenticator apps take it */
    public static String base32(final byte[] secret) {
        final StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (final byte b : secret) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** @return the bytes of an unpadded or padded Base32 text */
    public static byte[] fromBase32(final String text) {
        final String clean = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        final ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (final char c : clean.toCharArray()) {
            final int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("not Base32: '" + c + "'");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    /** @return the {@code otpauth://} URI an authenticator app scans */
    public static String uri(final String issuer, final String account, final byte[] secret) {
        final java.util.function.UnaryOperator<String> encode = s -> java.net.URLEncoder
                .encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + encode.apply(issuer) + ":" + encode.apply(account) + "?secret=" + base32(secret)
                + "&issuer=" + encode.apply(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period="
                + STEP.toSeconds();
    }
}
