package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnerFiguresTest {

    private static PartnerFigures figures(final Map<String, Long> received, final Map<String, Long> erasures) {
        return new PartnerFigures("ProcessorOrgMSP", Map.of(), Map.of(), received, erasures,
                new PartnerFigures.Lots(0, 0, 0, 0));
    }

    @Test
    void the_rejection_rate_is_the_rejected_share_of_every_handover_offered_to_the_partner() {
        assertThat(figures(Map.of("ACCEPTED", 6L, "REJECTED", 3L, "PENDING", 1L), Map.of()).handoverRejectionRate())
                .isEqualTo(0.3);
        assertThat(figures(Map.of("ACCEPTED", 2L), Map.of()).handoverRejectionRate()).isZero();
        assertThat(figures(Map.of(), Map.of()).handoverRejectionRate()).isNull();
    }

    @Test
    void erasures_are_split_into_erased_with_exceptions_and_not_erased() {
        assertThat(figures(Map.of(), Map.of("ERASED", 7L, "NOT_ERASED", 2L)).erasureOutcomes())
                .containsExactly(Map.entry("ERASED", 7L), Map.entry("ERASED_WITH_EXCEPTIONS", 0L),
                        Map.entry("NOT_ERASED", 2L));
    }

    @Test
    void the_json_carries_the_rate_and_the_outcomes() throws Exception {
        final JsonNode json = new ObjectMapper().valueToTree(figures(Map.of("ACCEPTED", 3L, "REJECTED", 1L),
                Map.of("ERASED_WITH_EXCEPTIONS", 4L)));
        assertThat(json.path("handoverRejectionRate").asDouble()).isEqualTo(0.25);
        assertThat(json.path("erasureOutcomes").path("ERASED_WITH_EXCEPTIONS").asLong()).isEqualTo(4);
        assertThat(json.path("erasureOutcomes").path("ERASED").asLong()).isZero();
        assertThat(json.has("mspId")).isTrue();
    }
}
