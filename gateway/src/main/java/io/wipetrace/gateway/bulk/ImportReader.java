package io.wipetrace.gateway.bulk;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.wipetrace.gateway.web.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;

/**
 * Reads an import file into rows of raw values keyed by field path, with the problems of each row's form (malformed
 * record, wrong number of columns, unknown members); what the values mean is checked afterwards. Problems of the
 * whole file are {@link ApiException}s with these codes:
 *
 * <ul>
 *   <li>{@code IMPORT_ENCODING_INVALID} (422): neither UTF-8 (a byte order mark is allowed and ignored) nor
 *       GB18030, of which GBK is a part (what spreadsheet programs on Chinese Windows save CSV as).
 *   <li>{@code IMPORT_EMPTY} (422): no data rows.
 *   <li>{@code IMPORT_HEADER_INVALID} (422): a CSV header with unknown, repeated or missing columns.
 *   <li>{@code IMPORT_CSV_MALFORMED} (422): a CSV double quote never closed.
 *   <li>{@code IMPORT_TOO_MANY_ROWS} (413): more data rows than {@code wipetrace.imports.max-rows}.
 * </ul>
 */
final class ImportReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * One data row as read.
     *
     * @param row its number, from 1 (the CSV header is not counted)
     * @param line the line of the file it starts on, from 1
     * @param values the values given, by field path (empty CSV cells and JSON nulls are absent)
     * @param errors problems of the row's form; when there are any, its values are not checked further
     */
    record SourceRow(int row, int line, Map<String, JsonNode> values, List<RowError> errors) {}

    private ImportReader() {}

    /**
     * Reads a file.
     *
     * @param bytes the file
     * @param format its format
     * @param schema the kind's fields
     * @param maxRows most data rows accepted
     * @return the rows, in file order
     */
    static List<SourceRow> read(final byte[] bytes, final ImportFormat format, final RowSchema schema,
            final int maxRows) {
        final String text = decode(bytes);
        final List<SourceRow> rows = format == ImportFormat.CSV
                ? csv(text, schema, maxRows)
                : jsonLines(text, schema, maxRows);
        if (rows.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "IMPORT_EMPTY", "the file has no data rows");
        }
        return rows;
    }

    /** GB18030, a superset of GBK and GB2312: the ANSI code page of Simplified Chinese Windows, and more. */
    static final Charset GB18030 = Charset.forName("GB18030");

    /**
     * The file's text. UTF-8 first (with or without a byte order mark): a file of Chinese text in GBK is almost
     * never valid UTF-8, since GBK's two-byte characters rarely form UTF-8's sequences. Else GB18030, which decodes
     * GBK's bytes to the same characters.
     */
    static String decode(final byte[] bytes) {
        final boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        final ByteBuffer content = bom ? ByteBuffer.wrap(bytes, 3, bytes.length - 3) : ByteBuffer.wrap(bytes);
        final Optional<String> utf8 = strictly(StandardCharsets.UTF_8, content.duplicate());
        if (utf8.isPresent() || bom) {
            return utf8.orElseThrow(ImportReader::encodingInvalid);
        }
        return strictly(GB18030, content).orElseThrow(ImportReader::encodingInvalid);
    }

    private static Optional<String> strictly(final Charset charset, final ByteBuffer bytes) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static ApiException encodingInvalid() {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "IMPORT_ENCODING_INVALID",
                "the file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 (or CSV from a Chinese"
                        + " spreadsheet program)");
    }

    private static List<SourceRow> csv(final String text, final RowSchema schema, final int maxRows) {
        final List<CsvReader.Record> records;
        try {
            records = CsvReader.read(text, maxRows + 1);
        } catch (CsvReader.UnterminatedQuoteException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "IMPORT_CSV_MALFORMED",
                    "the file is not well-formed CSV: " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "IMPORT_EMPTY", "the file is empty");
        }
        if (records.size() - 1 > maxRows) {
            throw tooManyRows(maxRows);
        }
        final List<RowSchema.Field> columns = header(records.getFirst(), schema);
        final List<SourceRow> rows = new ArrayList<>(records.size() - 1);
        for (int i = 1; i < records.size(); i++) {
            final CsvReader.Record record = records.get(i);
            final List<RowError> errors = new ArrayList<>(1);
            final Map<String, JsonNode> values = new LinkedHashMap<>();
            if (record.malformed() != null) {
                errors.add(new RowError(i, record.line(), null, RowCodes.ROW_MALFORMED, record.malformed()));
            } else if (record.fields().size() != columns.size()) {
                errors.add(new RowError(i, record.line(), null, RowCodes.COLUMN_COUNT, "the row has "
                        + record.fields().size() + " fields but the header names " + columns.size() + " columns"));
            } else {
                for (int c = 0; c < columns.size(); c++) {
                    final String value = record.fields().get(c);
                    if (!value.isEmpty()) {
                        values.put(columns.get(c).path(), TextNode.valueOf(value));
                    }
                }
            }
            rows.add(new SourceRow(i, record.line(), values, errors));
        }
        return rows;
    }

    /** The header's columns, each one of the schema's fields; refuses unknown, repeated and missing ones. */
    private static List<RowSchema.Field> header(final CsvReader.Record header, final RowSchema schema) {
        if (header.malformed() != null) {
            throw headerInvalid("the header row is malformed: " + header.malformed());
        }
        final Map<String, RowSchema.Field> known = new HashMap<>();
        schema.fields().forEach(field -> known.put(field.column().toLowerCase(Locale.ROOT), field));
        final List<RowSchema.Field> columns = new ArrayList<>(header.fields().size());
        final TreeSet<String> unknown = new TreeSet<>();
        final TreeSet<String> repeated = new TreeSet<>();
        for (final String name : header.fields()) {
            final String key = name.strip().toLowerCase(Locale.ROOT);
            final Optional<RowSchema.Refusal> refusal = refusal(schema, key);
            if (refusal.isPresent()) {
                throw headerInvalid("column " + name.strip() + ": " + refusal.get().message());
            }
            final RowSchema.Field field = known.get(key);
            if (field == null) {
                unknown.add(name.strip());
            } else if (columns.contains(field)) {
                repeated.add(field.column());
            }
            columns.add(field);
        }
        final TreeSet<String> missing = new TreeSet<>();
        schema.fields().stream().filter(RowSchema.Field::required).filter(field -> !columns.contains(field))
                .forEach(field -> missing.add(field.column()));
        if (!unknown.isEmpty() || !repeated.isEmpty() || !missing.isEmpty()) {
            final List<String> problems = new ArrayList<>(3);
            if (!missing.isEmpty()) {
                problems.add("missing column(s) " + missing);
            }
            if (!unknown.isEmpty()) {
                problems.add("unknown column(s) " + unknown);
            }
            if (!repeated.isEmpty()) {
                problems.add("repeated column(s) " + repeated);
            }
            throw headerInvalid("the header row has " + String.join(", ", problems) + "; the columns are "
                    + schema.fields().stream().map(f -> f.column() + (f.required() ? "" : " (optional)")).toList());
        }
        return columns;
    }

    private static List<SourceRow> jsonLines(final String text, final RowSchema schema, final int maxRows) {
        final List<SourceRow> rows = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < text.length()) {
            line++;
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            final String content = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (content.isBlank()) {
                continue;
            }
            if (rows.size() == maxRows) {
                throw tooManyRows(maxRows);
            }
            rows.add(jsonRow(rows.size() + 1, line, content, schema));
        }
        return rows;
    }

    private static SourceRow jsonRow(final int row, final int line, final String content, final RowSchema schema) {
        final List<RowError> errors = new ArrayList<>(1);
        final Map<String, JsonNode> values = new LinkedHashMap<>();
        final JsonNode parsed;
        try {
            parsed = JSON.readTree(content);
        } catch (JacksonException e) {
            errors.add(new RowError(row, line, null, RowCodes.ROW_MALFORMED,
                    "the line is not JSON: " + firstLine(e.getOriginalMessage())));
            return new SourceRow(row, line, values, errors);
        }
        if (parsed == null || !parsed.isObject()) {
            errors.add(new RowError(row, line, null, RowCodes.ROW_MALFORMED, "the line must be one JSON object"));
            return new SourceRow(row, line, values, errors);
        }
        for (final Iterator<Map.Entry<String, JsonNode>> members = parsed.fields(); members.hasNext(); ) {
            final Map.Entry<String, JsonNode> member = members.next();
            final String name = member.getKey();
            final JsonNode value = member.getValue();
            final Optional<RowSchema.Refusal> refusal = refusal(schema, name);
            if (refusal.isPresent()) {
                errors.add(new RowError(row, line, name, refusal.get().code(), refusal.get().message()));
            } else if (schema.objects().contains(name)) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    errors.add(new RowError(row, line, name, RowCodes.FIELD_WRONG_TYPE, "must be a JSON object"));
                    continue;
                }
                for (final Iterator<Map.Entry<String, JsonNode>> inner = value.fields(); inner.hasNext(); ) {
                    final Map.Entry<String, JsonNode> nested = inner.next();
                    final String path = name + "." + nested.getKey();
                    if (schema.byPath(path).isEmpty()) {
                        errors.add(new RowError(row, line, path, RowCodes.FIELD_UNKNOWN, "unknown member"));
                    } else if (!nested.getValue().isNull()) {
                        values.put(path, nested.getValue());
                    }
                }
            } else if (schema.byPath(name).isPresent()) {
                if (!value.isNull()) {
                    values.put(name, value);
                }
            } else {
                errors.add(new RowError(row, line, name, RowCodes.FIELD_UNKNOWN, "unknown member"));
            }
        }
        return new SourceRow(row, line, values, errors);
    }

    private static Optional<RowSchema.Refusal> refusal(final RowSchema schema, final String name) {
        return schema.refused().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static ApiException headerInvalid(final String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "IMPORT_HEADER_INVALID", detail);
    }

    private static ApiException tooManyRows(final int maxRows) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "IMPORT_TOO_MANY_ROWS",
                "the file has more than " + maxRows + " data rows; split it into several imports");
    }

    private static String firstLine(final String message) {
        final String text = String.valueOf(message);
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
