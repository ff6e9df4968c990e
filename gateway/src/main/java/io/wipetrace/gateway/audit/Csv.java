package io.wipetrace.gateway.audit;

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
 */
public final class Csv {

    private final Writer out;

    /** @param out where the lines go */
    public Csv(final Writer out) {
        this.out = out;
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
