package io.wipetrace.gateway.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.gateway.bulk.CsvReader.Record;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<List<String>> fields(final List<Record> records) {
        return records.stream().map(Record::fields).toList();
    }

    @Test
    void reads_fields_and_records_separated_by_crlf_lf_or_cr() {
        final List<Record> records = CsvReader.read("a,b\r\nc,d\ne,f\rg,h", 10);

        assertThat(fields(records)).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"),
                List.of("g", "h"));
        assertThat(records).extracting(Record::line).containsExactly(1, 2, 3, 4);
        assertThat(records).allSatisfy(record -> assertThat(record.malformed()).isNull());
    }

    @Test
    void keeps_commas_line_breaks_and_doubled_quotes_inside_quoted_fields() {
        final List<Record> records = CsvReader.read("\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,x\n", 10);

        assertThat(fields(records)).containsExactly(List.of("a, b", "say \"hi\"", "two\r\nlines"),
                List.of("next", "x"));
        assertThat(records.get(1).line()).as("the quoted line break counts").isEqualTo(3);
    }

    @Test
    void keeps_empty_fields_and_values_as_written() {
        assertThat(fields(CsvReader.read(",, a ,\"\",", 10))).containsExactly(List.of("", "", " a ", "", ""));
    }

    @Test
    void skips_empty_lines_and_a_trailing_line_break() {
        final List<Record> records = CsvReader.read("a\r\n\r\n\nb\r\n", 10);

        assertThat(fields(records)).containsExactly(List.of("a"), List.of("b"));
        assertThat(records.get(1).line()).isEqualTo(4);
    }

    @Test
    void flags_a_record_that_breaks_the_quoting_rules_and_reads_on() {
        final List<Record> records = CsvReader.read("ok,1\nbad\"quote,2\n\"closed\"extra,3\nok,4", 10);

        assertThat(records).hasSize(4);
        assertThat(records.get(1).malformed()).isEqualTo(
                "field 1 holds a double quote but is not enclosed in double quotes");
        assertThat(records.get(2).malformed()).isEqualTo("field 1 has text after its closing double quote");
        assertThat(records.get(2).fields()).containsExactly("closedextra", "3");
        assertThat(records.get(3).fields()).containsExactly("ok", "4");
        assertThat(records.get(3).malformed()).isNull();
    }

    @Test
    void fails_on_a_quote_that_is_never_closed_naming_its_line() {
        assertThatThrownBy(() -> CsvReader.read("a,b\nc,\"open\nd,e\n", 10))
                .isInstanceOf(CsvReader.UnterminatedQuoteException.class)
                .hasMessage("the double quote opened on line 2 is never closed");
    }

    @Test
    void stops_one_record_past_the_limit() {
        assertThat(CsvReader.read("1\n2\n3\n4\n5\n", 2)).hasSize(3);
    }
}
