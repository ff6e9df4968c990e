package io.wipetrace.tools.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.tools.drill.FaultDrill.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultDrillTest {

    private static Outcome accepted(final String key, final String device, final int attempts) {
        return new Outcome(key, "ACCEPTED", device, attempts, "");
    }

    @Test
    void an_outcome_line_reads_back_as_the_outcome_written_with_commas_in_failures_made_semicolons() {
        final Outcome written = new Outcome("k1", "ACCEPTED", "DEV-1", 3, "IOException", 1700000000123L,
                "IOException×1,409 IDEMPOTENCY_REQUEST_IN_PROGRESS×2");

        final Outcome read = Outcome.parse(written.line());

        assertThat(read).isEqualTo(new Outcome("k1", "ACCEPTED", "DEV-1", 3, "IOException", 1700000000123L,
                "IOException×1;409 IDEMPOTENCY_REQUEST_IN_PROGRESS×2"));
    }

    @Test
    void accepted_writes_each_with_its_own_device_leave_nothing_to_report() {
        final FaultDrill.Writes writes = FaultDrill.Writes.of(List.of(accepted("k1", "D1", 1), accepted("k2", "D2", 2),
                accepted("k3", "D3", 1)));

        assertThat(writes.problems()).isEmpty();
        assertThat(writes.accepted()).containsExactly("D1", "D2", "D3");
        assertThat(writes.retried()).isEqualTo(1);
    }

    @Test
    void two_accepted_writes_answered_with_one_device_and_a_write_never_resolved_are_problems() {
        final FaultDrill.Writes writes = FaultDrill.Writes.of(List.of(accepted("k1", "D1", 1), accepted("k2", "D1", 1),
                new Outcome("k3", "UNRESOLVED", "", 0, "ConnectException")));

        assertThat(writes.problems()).containsExactly("two accepted writes answered with the same device D1",
                "write k3 ended UNRESOLVED (first failure: ConnectException)");
        assertThat(writes.accepted()).containsExactly("D1");
    }

    @Test
    void a_drill_in_which_no_write_was_accepted_fails() {
        assertThat(FaultDrill.Writes.of(List.of()).problems()).containsExactly("no write was accepted at all");
    }

    @Test
    void the_projection_must_hold_exactly_the_accepted_devices_of_the_bag() {
        assertThat(FaultDrill.againstProjection(Set.of("D1", "D2"), Set.of("D1", "D2"))).isEmpty();

        assertThat(FaultDrill.againstProjection(Set.of("D1", "D2"), Set.of("D1", "D3"))).containsExactly(
                "1 device(s) in the bag that no accepted write answered with (written twice?): D3",
                "1 accepted device(s) missing from the projection: D2");
    }

    @Test
    void an_accepted_device_needs_one_collection_event_on_the_ledger_and_a_projection_that_agrees() throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final var once = json.readTree("""
                {"ledger": [{"type": "COLLECTED"}, {"type": "HANDOVER_OFFERED"}], "consistent": true}""");
        final var twice = json.readTree("""
                {"ledger": [{"type": "COLLECTED"}, {"type": "COLLECTED"}], "consistent": false,
                 "differences": ["state"]}""");

        assertThat(FaultDrill.againstLedger("D1", once)).isEmpty();
        assertThat(FaultDrill.againstLedger("D1", twice)).containsExactly("D1 has 2 collection events on the ledger",
                "D1: projection differs from the ledger: [\"state\"]");
        assertThat(FaultDrill.againstLedger("D1", json.createObjectNode())).containsExactly(
                "D1 has 0 collection events on the ledger", "D1: projection differs from the ledger: ");
    }

    @Test
    void recovery_counts_from_ready_and_sums_the_failed_attempts_of_writes_retried_across_the_kill() {
        final long ready = 10_000;
        final List<Outcome> outcomes = List.of(
                new Outcome("before", "ACCEPTED", "D0", 1, "", 9_000, ""),
                new Outcome("calm", "ACCEPTED", "D1", 1, "", 10_400, ""),
                new Outcome("timed-out", "ACCEPTED", "D2", 2, "HttpTimeoutException", 10_600,
                        "HttpTimeoutException×1"),
                new Outcome("across", "ACCEPTED", "D3", 4, "ConnectException", 12_500,
                        "ConnectException×2;503 GATEWAY_STARTING×1"),
                new Outcome("across-too", "ACCEPTED", "D4", 2, "IOException", 11_000, "IOException×1"),
                new Outcome("slow-before", "ACCEPTED", "D5", 2, "504 LEDGER_TIMEOUT", 9_500, "504 LEDGER_TIMEOUT×1"),
                new Outcome("slow-after", "ACCEPTED", "D6", 5, "IOException", 11_500,
                        "IOException×1;504 LEDGER_TIMEOUT×2;504 LEDGER_OUTCOME_UNKNOWN×1"));

        final FaultDrill.Recovery recovery = FaultDrill.Recovery.of(outcomes, ready).orElseThrow();

        assertThat(recovery.firstMillis()).isEqualTo(400);
        assertThat(recovery.lastMillis()).isEqualTo(2_500);
        assertThat(recovery.across()).isEqualTo(3);
        assertThat(recovery.meanwhile()).isEqualTo(Map.of("ConnectException", 2, "503 GATEWAY_STARTING", 1,
                "IOException", 2, "504 LEDGER_TIMEOUT", 2, "504 LEDGER_OUTCOME_UNKNOWN", 1));
        assertThat(recovery.timeouts()).isEqualTo(4);
        assertThat(recovery.timeoutsAfterReady()).isEqualTo(3);
        assertThat(recovery.withinGoal()).isTrue();
        assertThat(recovery.report()).contains("succeed again 0.4 s after ready", "goal 15 s: met",
                "the 3 writes retried", "504 answers: 4 in the whole load, 3 of them to writes answered after ready");
    }

    @Test
    void recovery_later_than_the_goal_says_so() {
        final FaultDrill.Recovery recovery = FaultDrill.Recovery.of(List.of(
                new Outcome("late", "ACCEPTED", "D1", 30, "ConnectException", 26_000, "ConnectException×29")),
                10_000).orElseThrow();

        assertThat(recovery.firstMillis()).isEqualTo(16_000);
        assertThat(recovery.withinGoal()).isFalse();
        assertThat(recovery.report()).contains("goal 15 s: NOT met");
    }

    @Test
    void recovery_has_no_figure_when_no_write_was_answered_after_ready() {
        assertThat(FaultDrill.Recovery.of(List.of(new Outcome("k", "ACCEPTED", "D", 1, "", 5, "")), 10)).isEmpty();
    }
}
