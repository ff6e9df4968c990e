package io.wipetrace.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF, with
 * its double quotes doubled. {@code null} is an empty field; other values are written as {@code toString()}
 * (instants in ISO-8601). Values are never altered otherwise, so an export compares exactly with the ledger.
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
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }
}
