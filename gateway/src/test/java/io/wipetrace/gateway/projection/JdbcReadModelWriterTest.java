package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.projection.ReadModelChange.Collected;
import io.wipetrace.gateway.projection.ReadModelChange.ConsentRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.Origin;
import io.wipetrace.gateway.projection.ReadModelChange.Stepped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/**
 * The statements the writer sends, in the order it sends them (a recording template, no database): runs of new devices
 * as batches, every other change after the rows before it. What the SQL does is {@code ReadModelStoreChecks}' part.
 */
class JdbcReadModelWriterTest {

    private static final Instant AT = Instant.parse("2026-03-02T08:16:00Z");

    /** Records each statement: a batch as "batch:" and its devices, an update as "update:" and its last argument. */
    private static final class RecordingTemplate extends JdbcTemplate {

        final List<String> sent = new ArrayList<>();

        @Override
        public int update(final String sql, final Object... args) {
            sent.add("update:" + args[args.length - 1]);
            return 1;
        }

        @Override
        public <T> int[][] batchUpdate(final String sql, final Collection<T> batchArgs, final int batchSize,
                final ParameterizedPreparedStatementSetter<T> setter) {
            assertThat(sql).startsWith("INSERT INTO devices");
            assertThat(batchSize).isEqualTo(JdbcReadModelWriter.BATCH_SIZE);
            sent.add("batch:" + String.join(",", batchArgs.stream().map(c -> ((Collected) c).deviceId()).toList()));
            return new int[][] {};
        }
    }

    private final RecordingTemplate jdbc = new RecordingTemplate();
    private final JdbcReadModelWriter writer = new JdbcReadModelWriter(jdbc);

    private static Collected collected(final String device) {
        return new Collected(device, new Origin("tx:" + device, "tx", 7, AT), "CollectorOrgMSP", "SITE-COL",
                "STORE", "Huawei", "P30", 64, false, "a".repeat(64), "c".repeat(64), null, "PHONE", true);
    }

    private static Stepped stepped(final String device) {
        return new Stepped(device, new Origin("tx:s-" + device, "tx", 7, AT), "IN_TRANSIT", "CollectorOrgMSP", null,
                null);
    }

    @Test
    void sends_a_run_of_new_devices_as_one_batch() {
        writer.applyAll(IntStream.range(0, 250).mapToObj(i -> collected("D" + i)).map(ReadModelChange.class::cast)
                .toList());

        assertThat(jdbc.sent).hasSize(1);
        assertThat(jdbc.sent.getFirst()).startsWith("batch:D0,D1,").endsWith(",D249");
    }

    @Test
    void applies_every_other_change_after_the_new_devices_before_it_and_before_those_after_it() {
        writer.applyAll(List.of(collected("A"), collected("B"), stepped("A"), collected("C"),
                new ConsentRecorded("B", new Origin("tx:k", "tx", 7, AT)), collected("D"), collected("E")));

        assertThat(jdbc.sent).containsExactly("batch:A,B", "update:A", "batch:C", "update:B", "batch:D,E");
    }

    @Test
    void sends_nothing_for_a_block_without_changes_and_no_empty_batch_around_a_lone_change() {
        writer.applyAll(List.of());
        writer.applyAll(List.of(stepped("A")));

        assertThat(jdbc.sent).containsExactly("update:A");
    }
}
