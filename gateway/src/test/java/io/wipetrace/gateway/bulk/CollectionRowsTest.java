package io.wipetrace.gateway.bulk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.gateway.bulk.ImportReader.SourceRow;
import io.wipetrace.gateway.device.CollectionRequest;
import io.wipetrace.gateway.web.ApiException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading import files and checking their collection rows, CSV and JSON lines. */
class CollectionRowsTest {

    static final String HEADER = "make,model,storageGb,channel,siteId,consentReference,consentScope,consentMethod,"
            + "consentImpact,bagId,sealId,locked";
    static final String GOOD = "Xiaomi,Redmi Note 9,128,STORE,SITE-COL-SH-01,CONSENT-1,all user data,overwrite,"
            + "data cannot be recovered,BAG-1,SEAL-1,false";
    static final String GOOD_JSON = "{\"make\":\"Xiaomi\",\"model\":\"Redmi Note 9\",\"storageGb\":128,"
            + "\"channel\":\"STORE\",\"siteId\":\"SITE-COL-SH-01\",\"consent\":{\"reference\":\"CONSENT-1\","
            + "\"scope\":\"all user data\",\"method\":\"overwrite\",\"impact\":\"data cannot be recovered\"},"
            + "\"bagId\":\"BAG-1\",\"locked\":false}";

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private final CollectionRows rows = new CollectionRows(VALIDATION.getValidator());

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private static List<SourceRow> csv(final String text) {
        return ImportReader.read(text.getBytes(UTF_8), ImportFormat.CSV, CollectionRows.SCHEMA, 100);
    }

    private static List<SourceRow> jsonl(final String text) {
        return ImportReader.read(text.getBytes(UTF_8), ImportFormat.JSONL, CollectionRows.SCHEMA, 100);
    }

    private List<RowError> csvErrors(final String row) {
        return rows.check(csv(HEADER + "\n" + row).getFirst(), ImportFormat.CSV).errors();
    }

    private List<RowError> jsonErrors(final String line) {
        return rows.check(jsonl(line).getFirst(), ImportFormat.JSONL).errors();
    }

    private static String codes(final List<RowError> errors) {
        return String.join(" ", errors.stream().map(e -> e.field() + ":" + e.code()).toList());
    }

    private static ApiException refused(final Runnable read) {
        try {
            read.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the file was accepted");
    }

    // --- CSV -------------------------------------------------------------------------------------------------------

    @Test
    void turns_a_csv_row_into_the_collection_request_a_single_write_takes() {
        final CollectionRows.Checked checked = rows.check(csv(HEADER + "\r\n" + GOOD + "\r\n").getFirst(),
                ImportFormat.CSV);

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.request()).isEqualTo(new CollectionRequest("Xiaomi", "Redmi Note 9", 128, "STORE",
                "SITE-COL-SH-01", new CollectionRequest.Consent("CONSENT-1", "all user data", "overwrite",
                        "data cannot be recovered"), "BAG-1", "SEAL-1", false, null));
    }

    @Test
    void reads_columns_in_any_order_and_case_without_the_optional_ones() {
        final String header = "LOCKED, siteId ,make,model,storageGb,channel,consentReference,consentScope,"
                + "consentMethod,consentImpact";
        final CollectionRows.Checked checked = rows.check(csv(header + "\nTRUE,S-1,Apple,iPhone 8,64,MAIL_BAG,"
                + "C-1,all,overwrite,gone").getFirst(), ImportFormat.CSV);

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.request().locked()).isTrue();
        assertThat(checked.request().siteId()).isEqualTo("S-1");
        assertThat(checked.request().bagId()).isNull();
    }

    @Test
    void ignores_a_utf8_byte_order_mark() {
        final byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        final byte[] text = (HEADER + "\n" + GOOD).getBytes(UTF_8);
        final byte[] file = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(text, 0, file, bom.length, text.length);

        final List<SourceRow> read = ImportReader.read(file, ImportFormat.CSV, CollectionRows.SCHEMA, 10);

        assertThat(rows.check(read.getFirst(), ImportFormat.CSV).errors()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"GBK", "GB18030", "UTF-8"})
    void reads_chinese_text_saved_as_gbk_gb18030_or_utf8_alike(final String charset) {
        final String chinese = "华为,畅享 20 “青春版”,64,STORE,SITE-COL-SH-01,同意-1,全部用户数据,覆写,数据无法恢复,袋-1,,false";
        final byte[] file = (HEADER + "\r\n" + chinese + "\r\n").getBytes(java.nio.charset.Charset.forName(charset));

        final SourceRow row = ImportReader.read(file, ImportFormat.CSV, CollectionRows.SCHEMA, 10).getFirst();

        assertThat(row.errors()).isEmpty();
        assertThat(row.values().get("make").asText()).isEqualTo("华为");
        assertThat(row.values().get("model").asText()).isEqualTo("畅享 20 “青春版”");
        assertThat(row.values().get("consent.scope").asText()).isEqualTo("全部用户数据");
    }

    @Test
    void refuses_a_file_that_declares_utf8_by_its_byte_order_mark_but_is_not() {
        final byte[] gbk = (HEADER + "\n" + GOOD.replace("Xiaomi", "华为")).getBytes(java.nio.charset.Charset.forName("GBK"));
        final byte[] file = new byte[gbk.length + 3];
        file[0] = (byte) 0xEF;
        file[1] = (byte) 0xBB;
        file[2] = (byte) 0xBF;
        System.arraycopy(gbk, 0, file, 3, gbk.length);

        assertThat(refused(() -> ImportReader.read(file, ImportFormat.CSV, CollectionRows.SCHEMA, 10)).code())
                .isEqualTo("IMPORT_ENCODING_INVALID");
    }

    @Test
    void takes_quoted_values_with_commas_and_quotes() {
        final CollectionRows.Checked checked = rows.check(csv(HEADER + "\nXiaomi,\"Mi 11, \"\"Ultra\"\"\",128,STORE,"
                + "S-1,C-1,\"all data, photos too\",overwrite,gone,,,false").getFirst(), ImportFormat.CSV);

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.request().model()).isEqualTo("Mi 11, \"Ultra\"");
        assertThat(checked.request().consent().scope()).isEqualTo("all data, photos too");
        assertThat(checked.request().sealId()).isNull();
    }

    @Test
    void reports_every_problem_of_a_row_with_its_column_and_code() {
        final List<RowError> errors = csvErrors(",Redmi," + "x".repeat(3) + ",DRONE,bad site,CONSENT-1,"
                + "s".repeat(1025) + ",overwrite,gone,,,maybe");

        assertThat(codes(errors)).isEqualTo("make:FIELD_REQUIRED storageGb:FIELD_WRONG_TYPE channel:FIELD_INVALID"
                + " siteId:FIELD_INVALID consentScope:FIELD_TOO_LONG locked:FIELD_WRONG_TYPE");
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.row()).isEqualTo(1);
            assertThat(error.line()).isEqualTo(2);
        });
        assertThat(errors.get(2).message()).isEqualTo("must be one of HOME_PICKUP, STORE, MAIL_BAG");
        assertThat(errors.get(4).message()).isEqualTo("must be at most 1024 characters");
        assertThat(errors.get(5).message()).isEqualTo("must be true or false");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|storageGb:FIELD_OUT_OF_RANGE",
        "16385|storageGb:FIELD_OUT_OF_RANGE",
        "99999999999999999999|storageGb:FIELD_OUT_OF_RANGE",
        "-3|storageGb:FIELD_OUT_OF_RANGE",
        "12.5|storageGb:FIELD_WRONG_TYPE",
        "' 64'|storageGb:FIELD_WRONG_TYPE"})
    void checks_the_storage_size(final String storage, final String expected) {
        assertThat(codes(csvErrors("Xiaomi,Redmi," + storage + ",STORE,S-1,C-1,all,overwrite,gone,,,false")))
                .isEqualTo(expected);
    }

    @Test
    void refuses_control_characters_the_chaincode_would_refuse() {
        assertThat(codes(csvErrors("\"Xiao\tmi\",Redmi,64,STORE,S-1,C-1,\"all\r\ndata\",overwrite,gone,,,false")))
                .isEqualTo("make:FIELD_INVALID consentScope:FIELD_INVALID");
    }

    @Test
    void reports_rows_with_the_wrong_number_of_fields_and_malformed_quoting() {
        final List<SourceRow> read = csv(HEADER + "\n" + GOOD + ",extra\n" + "Xiaomi,Re\"dmi,128,STORE,S-1,C-1,all,"
                + "overwrite,gone,,,false\n" + GOOD);

        assertThat(codes(rows.check(read.get(0), ImportFormat.CSV).errors())).isEqualTo("null:COLUMN_COUNT");
        assertThat(rows.check(read.get(0), ImportFormat.CSV).errors().getFirst().message())
                .isEqualTo("the row has 13 fields but the header names 12 columns");
        assertThat(codes(rows.check(read.get(1), ImportFormat.CSV).errors())).isEqualTo("null:ROW_MALFORMED");
        assertThat(rows.check(read.get(2), ImportFormat.CSV).valid()).isTrue();
        assertThat(read).extracting(SourceRow::row).containsExactly(1, 2, 3);
    }

    @Test
    void refuses_a_header_with_missing_unknown_or_repeated_columns() {
        final ApiException missing = refused(() -> csv("make,model\n" + GOOD));
        assertThat(missing.code()).isEqualTo("IMPORT_HEADER_INVALID");
        assertThat(missing.getMessage()).startsWith("the header row has missing column(s) [channel, consentImpact,");

        final ApiException unknown = refused(() -> csv(HEADER + ",colour\n" + GOOD + ",red"));
        assertThat(unknown.getMessage()).contains("unknown column(s) [colour]");

        final ApiException repeated = refused(() -> csv(HEADER + ",make\n" + GOOD + ",x"));
        assertThat(repeated.getMessage()).contains("repeated column(s) [make]");
    }

    @Test
    void refuses_personal_data_columns() {
        final ApiException refused = refused(() -> csv(HEADER + ",imei\n" + GOOD + ",356938035643809"));

        assertThat(refused.code()).isEqualTo("IMPORT_HEADER_INVALID");
        assertThat(refused.getMessage()).contains("column imei: personal data");
    }

    @Test
    void refuses_files_without_data_rows_not_utf8_or_with_an_unclosed_quote() {
        assertThat(refused(() -> csv("")).code()).isEqualTo("IMPORT_EMPTY");
        assertThat(refused(() -> csv(HEADER + "\r\n")).code()).isEqualTo("IMPORT_EMPTY");
        assertThat(refused(() -> jsonl("\n  \n")).code()).isEqualTo("IMPORT_EMPTY");
        assertThat(refused(() -> ImportReader.read(new byte[] {'a', (byte) 0xC3, '\n'}, ImportFormat.CSV,
                CollectionRows.SCHEMA, 10)).code()).isEqualTo("IMPORT_ENCODING_INVALID");
        final ApiException quote = refused(() -> csv(HEADER + "\n\"Xiaomi,Redmi"));
        assertThat(quote.code()).isEqualTo("IMPORT_CSV_MALFORMED");
        assertThat(quote.getMessage()).contains("line 2");
    }

    @Test
    void refuses_more_rows_than_the_limit() {
        final String two = HEADER + "\n" + GOOD + "\n" + GOOD + "\n";
        assertThat(ImportReader.read(two.getBytes(UTF_8), ImportFormat.CSV, CollectionRows.SCHEMA, 2)).hasSize(2);

        final ApiException csv = refused(() -> ImportReader.read((two + GOOD).getBytes(UTF_8), ImportFormat.CSV,
                CollectionRows.SCHEMA, 2));
        assertThat(csv.code()).isEqualTo("IMPORT_TOO_MANY_ROWS");
        assertThat(csv.status().value()).isEqualTo(413);
        final ApiException json = refused(() -> ImportReader.read((GOOD_JSON + "\n" + GOOD_JSON + "\n\n" + GOOD_JSON)
                .getBytes(UTF_8), ImportFormat.JSONL, CollectionRows.SCHEMA, 2));
        assertThat(json.code()).isEqualTo("IMPORT_TOO_MANY_ROWS");
    }

    // --- JSON lines ------------------------------------------------------------------------------------------------

    @Test
    void turns_a_json_line_into_the_same_request_as_the_csv_row() {
        final CollectionRows.Checked fromJson = rows.check(jsonl(GOOD_JSON.replace("\"locked\"",
                "\"sealId\":\"SEAL-1\",\"locked\"")).getFirst(), ImportFormat.JSONL);
        final CollectionRows.Checked fromCsv = rows.check(csv(HEADER + "\n" + GOOD).getFirst(), ImportFormat.CSV);

        assertThat(fromJson.errors()).isEmpty();
        assertThat(fromJson.request()).isEqualTo(fromCsv.request());
    }

    @Test
    void numbers_json_rows_by_non_blank_line_and_keeps_file_lines() {
        final List<SourceRow> read = jsonl("\n" + GOOD_JSON + "\r\n\r\n" + GOOD_JSON + "\n");

        assertThat(read).extracting(SourceRow::row).containsExactly(1, 2);
        assertThat(read).extracting(SourceRow::line).containsExactly(2, 4);
    }

    @Test
    void reports_malformed_json_lines_and_goes_on() {
        final List<SourceRow> read = jsonl("{\"make\":\n[1,2]\n" + GOOD_JSON + " {}\n{\"make\":\"a\",\"make\":\"b\"}\n"
                + GOOD_JSON);

        assertThat(read).hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(codes(rows.check(read.get(i), ImportFormat.JSONL).errors())).as("line " + (i + 1))
                    .isEqualTo("null:ROW_MALFORMED");
        }
        assertThat(read.get(0).errors().getFirst().message()).startsWith("the line is not JSON: ");
        assertThat(read.get(1).errors().getFirst().message()).isEqualTo("the line must be one JSON object");
        assertThat(read.get(3).errors().getFirst().message()).contains("Duplicate field 'make'");
        assertThat(rows.check(read.get(4), ImportFormat.JSONL).valid()).isTrue();
    }

    @Test
    void checks_json_types_strictly_and_names_members_by_path() {
        final String line = GOOD_JSON.replace("128", "\"128\"").replace("false", "\"false\"")
                .replace("\"CONSENT-1\"", "7").replace("\"Xiaomi\"", "true");

        assertThat(codes(jsonErrors(line))).isEqualTo("make:FIELD_WRONG_TYPE storageGb:FIELD_WRONG_TYPE"
                + " consent.reference:FIELD_WRONG_TYPE locked:FIELD_WRONG_TYPE");
    }

    @Test
    void reports_unknown_and_missing_members_and_refuses_personal_data() {
        final String line = "{\"make\":\"Xiaomi\",\"colour\":\"red\",\"consent\":{\"reference\":\"C\",\"extra\":1},"
                + "\"personal\":{\"imei\":\"356938035643809\"},\"storageGb\":null}";

        assertThat(codes(jsonErrors(line))).isEqualTo(
                "colour:FIELD_UNKNOWN consent.extra:FIELD_UNKNOWN personal:PERSONAL_DATA_UNSUPPORTED");
        assertThat(codes(jsonErrors("{\"make\":\"Xiaomi\",\"consent\":{\"reference\":\"C\"},\"storageGb\":null}")))
                .isEqualTo("model:FIELD_REQUIRED storageGb:FIELD_REQUIRED channel:FIELD_REQUIRED"
                        + " siteId:FIELD_REQUIRED consent.scope:FIELD_REQUIRED consent.method:FIELD_REQUIRED"
                        + " consent.impact:FIELD_REQUIRED locked:FIELD_REQUIRED");
        assertThat(codes(jsonErrors(GOOD_JSON.replace("{\"reference\"", "[{\"reference\"")
                .replace("recovered\"}", "recovered\"}]")))).startsWith("consent:FIELD_WRONG_TYPE");
    }

    @Test
    void requires_an_integer_storage_size_in_json() {
        assertThat(codes(jsonErrors(GOOD_JSON.replace("128", "128.5")))).isEqualTo("storageGb:FIELD_WRONG_TYPE");
        assertThat(codes(jsonErrors(GOOD_JSON.replace("128", "12345678901234567890"))))
                .isEqualTo("storageGb:FIELD_OUT_OF_RANGE");
    }

    @Test
    void request_hash_depends_on_kind_format_and_every_byte() {
        final byte[] file = (HEADER + "\n" + GOOD).getBytes(StandardCharsets.UTF_8);
        final String hash = ImportService.requestHash(ImportService.Kind.COLLECTIONS, ImportFormat.CSV, file);

        assertThat(hash).matches("[0-9a-f]{64}")
                .isEqualTo(ImportService.requestHash(ImportService.Kind.COLLECTIONS, ImportFormat.CSV, file.clone()));
        assertThat(ImportService.requestHash(ImportService.Kind.COLLECTIONS, ImportFormat.JSONL, file))
                .isNotEqualTo(hash);
        file[file.length - 1] = 'x';
        assertThat(ImportService.requestHash(ImportService.Kind.COLLECTIONS, ImportFormat.CSV, file))
                .isNotEqualTo(hash);
    }

    @Test
    void reads_formats_from_media_types_and_file_names() {
        assertThat(ImportFormat.ofMediaType("text/csv; charset=UTF-8")).contains(ImportFormat.CSV);
        assertThat(ImportFormat.ofMediaType("application/x-ndjson")).contains(ImportFormat.JSONL);
        assertThat(ImportFormat.ofMediaType("application/jsonl")).contains(ImportFormat.JSONL);
        assertThat(ImportFormat.ofMediaType("application/octet-stream")).isEmpty();
        assertThat(ImportFormat.ofMediaType("not a type")).isEmpty();
        assertThat(ImportFormat.ofFileName("Devices.CSV")).contains(ImportFormat.CSV);
        assertThat(ImportFormat.ofFileName("devices.ndjson")).contains(ImportFormat.JSONL);
        assertThat(ImportFormat.ofFileName("devices.xlsx")).isEmpty();
        assertThatThrownBy(() -> ImportService.Kind.of("lots")).isInstanceOf(ApiException.class)
                .hasMessageContaining("kind must be one of [collections], not 'lots'");
    }
}
