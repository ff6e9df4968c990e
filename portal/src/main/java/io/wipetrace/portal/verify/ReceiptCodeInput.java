package io.wipetrace.portal.verify;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A receipt code as a person typed it, or pasted it from a chat: full-width letters, digits and spaces (NFKC), any
 * dash (—, －, –, ‐) and any spacing are accepted. What is wrong is said precisely: {@code empty}, {@code notACode}
 * (a character no code has), {@code tooShort} or {@code tooLong} (a code has {@value #LENGTH} letters and digits).
 *
 * @param canonical the code in groups of four, upper case, when well formed; else {@code null}
 * @param problem the message suffix under {@code verify.code.}, or {@code null} when the code is well formed
 */
record ReceiptCodeInput(String canonical, String problem) {

    /** Letters and digits in a receipt code (Crockford base32; the gateway defines it). */
    static final int LENGTH = 28;

    /** Crockford base32 as typed: I and L read as 1, O as 0 by the gateway; U is never used. */
    private static final String LETTERS = "0123456789ABCDEFGHIJKLMNOPQRSTVWXYZ";

    static ReceiptCodeInput of(final String typed) {
        final String text = Normalizer.normalize(typed == null ? "" : typed, Normalizer.Form.NFKC)
                .toUpperCase(Locale.ROOT);
        final StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || isDash(c)) {
                continue;
            }
            if (LETTERS.indexOf(c) < 0) {
                return new ReceiptCodeInput(null, "notACode");
            }
            code.append(c);
        }
        if (code.isEmpty()) {
            return new ReceiptCodeInput(null, "empty");
        }
        if (code.length() < LENGTH) {
            return new ReceiptCodeInput(null, "tooShort");
        }
        if (code.length() > LENGTH) {
            return new ReceiptCodeInput(null, "tooLong");
        }
        final StringBuilder grouped = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i += 4) {
            grouped.append(i == 0 ? "" : "-").append(code, i, i + 4);
        }
        return new ReceiptCodeInput(grouped.toString(), null);
    }

    /** Hyphen, the dashes (‐ ‑ ‒ – — ―), minus, and the full-width hyphen-minus NFKC already folded. */
    private static boolean isDash(final char c) {
        return c == '-' || (c >= '\u2010' && c <= '\u2015') || c == '\u2212' || c == '\uFE63' || c == '\uFF0D';
    }
}
