package io.wipetrace.gateway.audit;

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
