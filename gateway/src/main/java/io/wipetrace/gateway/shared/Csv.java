package io.wipetrace.gateway.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF, with
 * its double quotes doubled. {@code null} is an empty field; other values are written as {@code toString()}
 * (instants in ISO-8601).
 *
 * <p>Text that a spreadsheet would take for a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a
 * tab or a CR) is neutralised as OWASP advises: prefixed with a single quote and quoted. Partners write such text
 * (make, model, site names); the regulator opens the exports in a spreadsheet. Numbers are written as they are, so a
 * negative number stays a number. Every other value is never altered, so an export compares exactly with the ledger.
 *
 * <p>Exports start with a UTF-8 byte order mark ({@link #withByteOrderMark}): without it, spreadsheet programs on
 * Chinese Windows read the file as GBK and show Chinese text as mojibake; CSV readers skip it.
 */
public final class Csv {

    private final Writer out;

    /** @param out where the lines go */
    public Csv(final Writer out) {
        this.out = out;
    }

    /** The byte order mark (U+FEFF) that opens an export; in UTF-8, the bytes EF BB BF. */
    public static final char BYTE_ORDER_MARK = '\uFEFF';

    /**
     * A CSV export that opens with the byte order mark, so that spreadsheet programs read it as UTF-8.
     *
     * @param out where the lines go, encoding UTF-8
     * @return the CSV writer
     * @throws UncheckedIOException if the client went away
     */
    public static Csv withByteOrderMark(final Writer out) {
        try {
            out.write(BYTE_ORDER_MARK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Csv(out);
    }

    /**
     * Writes one line.
     *
     * @param values the fields
     * @throws UncheckedIOException if the client went away
     */
    public void row(final List<?> values) {
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(values.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String field(final Object value) {
        if (value == null) {
            return "";
        }
        final String text = value.toString();
        if (!(value instanceof Number) && startsLikeAFormula(text)) {
            return '"' + ("'" + text).replace("\"", "\"\"") + '"';
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }

    /**
     * @param text a cell's text
     * @return whether a spreadsheet would evaluate it (OWASP's formula prefixes)
     */
    static boolean startsLikeAFormula(final String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
    }
}
