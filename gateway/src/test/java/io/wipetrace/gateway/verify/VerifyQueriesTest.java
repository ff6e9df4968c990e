package io.wipetrace.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.VerificationReads;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifyQueriesTest {

    private static final String COLLECTED = """
            {"eventId": "tx1:0", "txId": "tx1", "blockNumber": 5, "payload": {"sequence": 0,
             "type": "DEVICE_COLLECTED", "state": "COLLECTED", "txTimestamp": "2026-03-02T08:16:00.123456789Z",
             "actorMspId": "CollectorOrgMSP", "siteId": "SITE-COL-SH-01", "details": {"channel": "STORE"}}}""";
    private static final String RECEIVED = """
            {"eventId": "tx2:0", "txId": "tx2", "blockNumber": 8, "payload": {"sequence": 1,
             "type": "HANDOVER_ACKNOWLEDGED", "state": "RECEIVED", "txTimestamp": "2026-03-02T09:00:00Z",
             "actorMspId": "ProcessorOrgMSP", "siteId": "SITE-PRC-SZ-01", "details": {}}}""";

    private final VerificationReads reads = mock(VerificationReads.class);
    private final ObjectMapper json = new ObjectMapper();

    private static VerificationReads.Device device(final String id, final long checkpoint, final String... events) {
        return new VerificationReads.Device(id, "Huawei", "P30", 64, "c".repeat(64), "COLLECTED",
                "CollectorOrgMSP", "SITE-COL-SH-01", null, null, null, null, null, null, null, null, null, null, null,
                null, null, checkpoint, "[" + String.join(",", events) + "]",
                "{\"CollectorOrgMSP\": \"Green Collect\"}",
                "{\"SITE-COL-SH-01\": {\"name\": \"Store 1\", \"city\": \"Shanghai\"}}");
    }

    private static long size(final VerificationReads.Device row) {
        return row.events().length() + row.organisations().length() + row.sites().length();
    }

    private void reads(final String receiptHash, final VerificationReads.Device row) {
        when(reads.byReceiptHash(receiptHash)).thenReturn(Optional.of(row));
    }

    @Test
    void answers_what_a_fresh_build_answers_stating_each_reads_checkpoint() {
        final VerifyQueries keeping = new VerifyQueries(reads, json, VerifyQueries.KEPT_CHARACTERS);
        final VerifyQueries building = new VerifyQueries(reads, json, 0);

        reads("r1", device("D-1", 7, COLLECTED));
        final Verification first = keeping.byReceiptHash("r1").orElseThrow();
        assertThat(first).isEqualTo(building.byReceiptHash("r1").orElseThrow());
        assertThat(first.projectedToBlock()).isEqualTo(7);

        // Blocks of other devices projected meanwhile: the same row at a later checkpoint.
        reads("r1", device("D-1", 9, COLLECTED));
        final Verification again = keeping.byReceiptHash("r1").orElseThrow();
        assertThat(again).isEqualTo(building.byReceiptHash("r1").orElseThrow());
        assertThat(again.projectedToBlock()).isEqualTo(9);
        assertThat(again.timeline()).isSameAs(first.timeline());
    }

    @Test
    void builds_again_when_the_devices_row_changed() {
        final VerifyQueries queries = new VerifyQueries(reads, json, VerifyQueries.KEPT_CHARACTERS);
        reads("r1", device("D-1", 7, COLLECTED));
        final Verification before = queries.byReceiptHash("r1").orElseThrow();

        reads("r1", device("D-1", 8, COLLECTED, RECEIVED));
        final Verification after = queries.byReceiptHash("r1").orElseThrow();

        assertThat(before.timeline()).extracting(Verification.Step::step).containsExactly("DEVICE_COLLECTED");
        assertThat(after.timeline()).extracting(Verification.Step::step)
                .containsExactly("DEVICE_COLLECTED", "HANDOVER_ACKNOWLEDGED");
        assertThat(after.projectedToBlock()).isEqualTo(8);
    }

    @Test
    void keeps_no_more_rows_than_its_bound_lets_go_of_the_least_recently_used() {
        // Room for one row of one event and a half, not for two.
        final VerifyQueries queries = new VerifyQueries(reads, json, size(device("D-1", 7, COLLECTED)) * 3 / 2);
        reads("r1", device("D-1", 7, COLLECTED));
        reads("r2", device("D-2", 7, COLLECTED));

        final Verification first = queries.byReceiptHash("r1").orElseThrow();
        assertThat(queries.byReceiptHash("r1").orElseThrow().timeline()).isSameAs(first.timeline());
        queries.byReceiptHash("r2");

        assertThat(queries.byReceiptHash("r1").orElseThrow().timeline()).isNotSameAs(first.timeline())
                .isEqualTo(first.timeline());
    }

    @Test
    void lets_go_of_the_row_read_least_recently_not_the_one_kept_longest() {
        // Room for two rows of one event.
        final VerifyQueries queries = new VerifyQueries(reads, json, size(device("D-1", 7, COLLECTED)) * 2);
        reads("r1", device("D-1", 7, COLLECTED));
        reads("r2", device("D-2", 7, COLLECTED));
        reads("r3", device("D-3", 7, COLLECTED));
        final Verification one = queries.byReceiptHash("r1").orElseThrow();
        final Verification two = queries.byReceiptHash("r2").orElseThrow();

        queries.byReceiptHash("r1");
        queries.byReceiptHash("r3");

        assertThat(queries.byReceiptHash("r1").orElseThrow().timeline()).isSameAs(one.timeline());
        assertThat(queries.byReceiptHash("r2").orElseThrow().timeline()).isNotSameAs(two.timeline());
    }

    @Test
    void shares_nothing_an_answer_could_change() {
        reads("r1", device("D-1", 7, COLLECTED));
        final Verification verification = new VerifyQueries(reads, json, VerifyQueries.KEPT_CHARACTERS).byReceiptHash("r1")
                .orElseThrow();

        assertThatThrownBy(() -> verification.timeline().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> verification.organisations().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> verification.sites().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(verification.organisations()).containsEntry("CollectorOrgMSP", "Green Collect");
    }
}
