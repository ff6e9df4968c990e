package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportBenchmarkTest {

    @Test
    void the_import_file_has_the_template_header_and_one_row_per_device_in_one_bag() {
        final List<String> lines = Arrays.asList(ImportBenchmark.csv("r1", 3).split("\r\n"));

        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).startsWith("make,model,storageGb,channel,siteId,consentReference,");
        assertThat(lines.subList(1, 4)).allSatisfy(row -> assertThat(row.split(",", -1))
                .hasSameSizeAs(lines.getFirst().split(",")).contains("BAG-r1"));
        assertThat(lines.get(3)).contains("CONSENT-r1-2");
    }

    @Test
    void writes_as_the_collectors_partner_key_not_its_admin_or_another_organisation() throws Exception {
        final var keys = new ObjectMapper().readTree("""
                {"keys": [
                  {"organisation": "processor", "role": "PARTNER", "apiKey": "p"},
                  {"organisation": "collector", "role": "ADMIN", "apiKey": "a"},
                  {"organisation": "collector", "role": "PARTNER", "apiKey": "c"}]}""");

        assertThat(ImportBenchmark.collectorKey(keys)).contains("c");
        assertThat(ImportBenchmark.collectorKey(new ObjectMapper().readTree("{}"))).isEmpty();
    }
}
