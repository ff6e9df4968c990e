package io.wipetrace.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void leaves_plain_values_unquoted_and_writes_null_as_an_empty_field() {
        assertThat(write(Arrays.asList("DEV-1", null, 42, true, Instant.parse("2026-03-02T08:16:00Z"))))
                .isEqualTo("DEV-1,,42,true,2026-03-02T08:16:00Z\r\n");
    }

    @Test
    void quotes_fields_with_commas_quotes_and_line_breaks_and_doubles_their_quotes() {
        assertThat(Csv.field("Pudong, Shanghai")).isEqualTo("\"Pudong, Shanghai\"");
        assertThat(Csv.field("the \"P40\" Pro")).isEqualTo("\"the \"\"P40\"\" Pro\"");
        assertThat(Csv.field("line one\nline two")).isEqualTo("\"line one\nline two\"");
        assertThat(Csv.field("cr\r")).isEqualTo("\"cr\r\"");
        assertThat(Csv.field("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void neutralises_text_a_spreadsheet_would_run_as_a_formula_with_a_quote_prefix_in_a_quoted_field() {
        assertThat(Csv.field("=HYPERLINK(\"https://evil.example\",\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"");
        assertThat(Csv.field("+86 21 5555")).isEqualTo("\"'+86 21 5555\"");
        assertThat(Csv.field("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(Csv.field("@SUM(A1:A9)")).isEqualTo("\"'@SUM(A1:A9)\"");
        assertThat(Csv.field("\t=1")).isEqualTo("\"'\t=1\"");
        assertThat(Csv.field("\r=1")).isEqualTo("\"'\r=1\"");
    }

    @Test
    void writes_negative_numbers_and_text_with_a_formula_sign_inside_unchanged() {
        assertThat(write(Arrays.asList(-5, -1.5, "Mi 9 = Mi9", "a-b", "x@y"))).isEqualTo("-5,-1.5,Mi 9 = Mi9,a-b,x@y\r\n");
    }

    @Test
    void keeps_an_empty_text_distinct_from_nothing_only_by_position() {
        assertThat(write(Arrays.asList("", "x", ""))).isEqualTo(",x,\r\n");
    }

    @Test
    void keeps_non_ascii_text_as_it_is() {
        assertThat(write(List.of("华为", "浦东回收中心"))).isEqualTo("华为,浦东回收中心\r\n");
    }

    private static String write(final List<?> row) {
        final StringWriter out = new StringWriter();
        new Csv(out).row(row);
        return out.toString();
    }
}
