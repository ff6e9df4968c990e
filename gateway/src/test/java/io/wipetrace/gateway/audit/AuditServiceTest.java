package io.wipetrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.DeviceSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the ledger's history and the projection's are compared. */
class AuditServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(final String id, final String type, final String state) {
        return JSON.createObjectNode().put("eventId", id).put("type", type).put("state", state)
                .put("custodianMspId", "ProcessorOrgMSP");
    }

    private static DeviceSummary row(final String state, final int events) {
        final Instant at = Instant.parse("2026-03-02T08:16:00Z");
        return new DeviceSummary("DEV-0123456789abcdef", state, "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                "CollectorOrgMSP", "SITE-COL-SH-01", "STORE", "Xiaomi", "Mi 9", false, at, at, null, null, null, null,
                null, null, at, at, null, null, null, null, null, null, events, 9, "PHONE", null, null);
    }

    @Test
    void finds_nothing_to_report_when_both_sides_hold_the_same_events_and_state() {
        final List<JsonNode> events = List.of(event("a:0", "COLLECTED", "COLLECTED"),
                event("b:0", "HANDOVER_ACCEPTED", "RECEIVED"));

        assertThat(AuditService.compare(events, List.copyOf(events), row("RECEIVED", 2), 9)).isEmpty();
    }

    @Test
    void reports_an_event_the_projection_has_not_reached_yet_with_its_checkpoint() {
        final List<JsonNode> ledger = List.of(event("a:0", "COLLECTED", "COLLECTED"),
                event("b:0", "HANDOVER_ACCEPTED", "RECEIVED"));

        assertThat(AuditService.compare(ledger, List.of(ledger.getFirst()), row("COLLECTED", 1), 7))
                .containsExactly("event b:0 (HANDOVER_ACCEPTED) is on the ledger but not in the projection"
                        + " (projected to block 7)");
    }

    @Test
    void reports_a_changed_event_and_one_the_ledger_does_not_have() {
        final List<JsonNode> ledger = List.of(event("a:0", "COLLECTED", "COLLECTED"));
        final List<JsonNode> projection = List.of(event("a:0", "COLLECTED", "RECEIVED"),
                event("z:0", "SMELTED", "SMELTED"));

        assertThat(AuditService.compare(ledger, projection, row("COLLECTED", 1), 9)).containsExactly(
                "event a:0 differs between the ledger and the projection",
                "event z:0 (SMELTED) is in the projection but not on the ledger");
    }

    @Test
    void reports_a_read_model_row_that_disagrees_with_the_ledgers_last_event() {
        final List<JsonNode> events = List.of(event("a:0", "COLLECTED", "COLLECTED"));

        assertThat(AuditService.compare(events, events, row("WIPED", 1), 9)).singleElement().asString()
                .contains("the read model says WIPED").contains("the ledger says COLLECTED");
        assertThat(AuditService.compare(events, events, null, 9))
                .containsExactly("the read model has no row for the device");
    }
}
