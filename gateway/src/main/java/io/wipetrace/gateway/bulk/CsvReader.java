package io.wipetrace.gateway.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV text into records: fields separated by commas, records by CRLF (LF or CR alone are taken too),
 * a field in double quotes may hold commas, line breaks and doubled double quotes. Values are kept exactly as written
 * (no trimming). Lines that are entirely empty are skipped, so a trailing line break adds no record.
 *
 * <p>A record that breaks the quoting rules (a double quote inside an unquoted field, text after a closing quote) is
 * returned with {@link Record#malformed()} saying why, and reading goes on with the next record. A quote that is never
 * closed swallows the rest of the file, so that fails the whole read with {@link UnterminatedQuoteException}.
 */
final class CsvReader {

    /**
     * One record.
     *
     * @param line the line of the text it starts on, from 1
     * @param fields its fields
     * @param malformed what breaks the quoting rules, or null
     */
    record Record(int line, List<String> fields, String malformed) {}

    /** A quoted field that never ends. */
    static final class UnterminatedQuoteException extends RuntimeException {
        private final int line;

        UnterminatedQuoteException(final int line) {
            super("the double quote opened on line " + line + " is never closed");
            this.line = line;
        }

        /** @return the line the quote opened on */
        int line() {
            return line;
        }
    }

    private CsvReader() {}

    /**
     * Reads every record.
     *
     * @param text the CSV text (without a byte order mark)
     * @param limit the most records to read; one more is returned when the text holds more, for the caller to refuse
     * @return the records, in order
     */
    static List<Record> read(final String text, final int limit) {
        final List<Record> records = new ArrayList<>();
        final int length = text.length();
        int i = 0;
        int line = 1;
        while (i < length && records.size() <= limit) {
            final int start = line;
            final List<String> fields = new ArrayList<>();
            String malformed = null;
            final StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < length && text.charAt(i) == '"') {
                    // Quoted field.
                    final int openedOn = line;
                    i++;
                    boolean closed = false;
                    while (i < length) {
                        final char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < length && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i + 1 >= length || text.charAt(i + 1) != '\n'))) {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (!closed) {
                        throw new UnterminatedQuoteException(openedOn);
                    }
                    // After the closing quote: a separator, a line break or the end.
                    if (i < length && text.charAt(i) != ',' && text.charAt(i) != '\r' && text.charAt(i) != '\n') {
                        if (malformed == null) {
                            malformed = "field " + (fields.size() + 1) + " has text after its closing double quote";
                        }
                        while (i < length && text.charAt(i) != ',' && text.charAt(i) != '\r'
                                && text.charAt(i) != '\n') {
                            field.append(text.charAt(i));
                            i++;
                        }
                    }
                } else {
                    while (i < length) {
                        final char c = text.charAt(i);
                        if (c == ',' || c == '\r' || c == '\n') {
                            break;
                        }
                        if (c == '"' && malformed == null) {
                            malformed = "field " + (fields.size() + 1)
                                    + " holds a double quote but is not enclosed in double quotes";
                        }
                        field.append(c);
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i >= length) {
                    endOfRecord = true;
                } else if (text.charAt(i) == ',') {
                    i++;
                    if (i >= length) {
                        fields.add("");
                        endOfRecord = true;
                    }
                } else {
                    // A line break: CRLF, LF or CR.
                    if (text.charAt(i) == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    i++;
                    line++;
                    endOfRecord = true;
                }
            }
            if (fields.size() == 1 && fields.getFirst().isEmpty() && malformed == null) {
                continue;
            }
            records.add(new Record(start, List.copyOf(fields), malformed));
        }
        return records;
    }
}
