package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ChaincodeBenchmarkTest {

    @Test
    void a_made_up_collection_names_its_device_and_commits_to_it_without_personal_data() throws Exception {
        final JsonNode one = new ObjectMapper().readTree(ChaincodeBenchmark.collection("BENCH-a-1"));
        final JsonNode other = new ObjectMapper().readTree(ChaincodeBenchmark.collection("BENCH-a-2"));

        assertThat(one.path("deviceId").asText()).isEqualTo("BENCH-a-1");
        assertThat(one.path("receiptHash").asText()).matches("[0-9a-f]{64}")
                .isNotEqualTo(other.path("receiptHash").asText());
        assertThat(one.path("identifierCommitment").asText()).matches("[0-9a-f]{64}")
                .isNotEqualTo(one.path("receiptHash").asText());
        assertThat(one.path("consent").path("reference").asText()).isEqualTo("CONSENT-BENCH-a-1");
    }

    @Test
    void a_percentile_is_the_nearest_rank_in_milliseconds() {
        final long[] sorted = {1_000_000, 2_000_000, 3_000_000, 4_000_000, 100_000_000};

        assertThat(ChaincodeBenchmark.Timing.percentile(sorted, 50)).isEqualTo(3);
        assertThat(ChaincodeBenchmark.Timing.percentile(sorted, 95)).isEqualTo(100);
        assertThat(ChaincodeBenchmark.Timing.percentile(new long[0], 95)).isZero();
    }
}
