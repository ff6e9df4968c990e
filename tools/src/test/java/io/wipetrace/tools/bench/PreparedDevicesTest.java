package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedDevicesTest {

    @Test
    void a_level_gets_twice_the_best_rate_so_far_over_its_length() {
        assertThat(PreparedDevices.needed(64, 120, Duration.ofSeconds(35))).isEqualTo(8400);
    }

    @Test
    void before_any_level_is_measured_the_first_guess_stands_in_for_the_rate() {
        assertThat(PreparedDevices.needed(16, 0, Duration.ofSeconds(10)))
                .isEqualTo((int) (2 * PreparedDevices.FIRST_GUESS_PER_SECOND * 10));
    }

    @Test
    void every_transaction_in_flight_gets_at_least_four_devices() {
        assertThat(PreparedDevices.needed(2048, 10, Duration.ofSeconds(1))).isEqualTo(4 * 2048);
    }

    @Test
    void a_batch_registers_each_device_once_with_its_consent() throws Exception {
        final JsonNode batch = new ObjectMapper().readTree(PreparedDevices.collections(List.of("SWEEP-A-1",
                "SWEEP-A-2")));

        assertThat(batch.path("collections")).hasSize(2);
        assertThat(batch.path("collections").path(1).path("deviceId").asText()).isEqualTo("SWEEP-A-2");
        assertThat(batch.path("collections").path(1).path("consent").path("reference").asText())
                .isEqualTo(ChaincodeBenchmark.consentReference("SWEEP-A-2"));
    }

    @Test
    void a_batch_for_a_consent_recorded_later_carries_no_consent_and_otherwise_the_same_collection()
            throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final JsonNode batch = json.readTree(PreparedDevices.collections(List.of("SWEEP-B-1"),
                id -> ChaincodeBenchmark.collectionWithoutConsent(id).toString()));

        final JsonNode item = batch.path("collections").path(0);
        assertThat(item.has("consent")).isFalse();
        final JsonNode withConsent = json.readTree(ChaincodeBenchmark.collection("SWEEP-B-1"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) withConsent).remove("consent");
        assertThat(item).isEqualTo(withConsent);
    }
}
