package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.tools.bench.ProcessMemory.Usage;
import io.wipetrace.tools.bench.SoakBenchmark.Row;
import io.wipetrace.tools.bench.SoakBenchmark.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SoakBenchmarkTest {

    private static final long MIB = 1 << 20;

    private static Sample sample(final long seconds, final long gatewayMib, final long peerMib) {
        final Map<String, Usage> usage = new TreeMap<>();
        usage.put("gateway", new Usage((gatewayMib + 10) * MIB, gatewayMib * MIB));
        usage.put("peer0.collector", new Usage((peerMib + 5) * MIB, peerMib * MIB));
        return new Sample(seconds, usage);
    }

    @Test
    void each_process_shows_its_start_peak_and_end_and_the_total_peaks_at_the_largest_sum() {
        final List<Row> rows = SoakBenchmark.summarise(List.of(sample(0, 300, 100), sample(30, 700, 100),
                sample(60, 400, 500), sample(90, 500, 200)));

        assertThat(rows).containsExactly(
                new Row("gateway", 300 * MIB, 700 * MIB, 500 * MIB, 510 * MIB),
                new Row("peer0.collector", 100 * MIB, 500 * MIB, 200 * MIB, 205 * MIB),
                // The peaks came at different samples: the system never held 1,200 MiB, only 900 at most.
                new Row("total", 400 * MIB, 900 * MIB, 700 * MIB, 715 * MIB));
    }

    @Test
    void a_process_that_started_late_counts_from_zero() {
        final Sample first = new Sample(0, new TreeMap<>(Map.of("gateway", new Usage(MIB, MIB))));
        final List<Row> rows = SoakBenchmark.summarise(List.of(first, sample(30, 2, 3)));

        assertThat(rows).contains(new Row("peer0.collector", 0, 3 * MIB, 3 * MIB, 8 * MIB));
    }

    @Test
    void the_report_says_whether_the_system_ends_within_its_budget() {
        final Map<String, String> load = Map.of("length", "3600 s");
        final String within = SoakBenchmark.report(Instant.EPOCH, load,
                SoakBenchmark.summarise(List.of(sample(0, 1000, 1000), sample(60, 1500, 1400))));
        final String over = SoakBenchmark.report(Instant.EPOCH, load,
                SoakBenchmark.summarise(List.of(sample(0, 1000, 1000), sample(60, 1600, 1600))));

        assertThat(within).contains("| gateway | 1000 | 1500 | 1500 | 1510 |").contains("- length: 3600 s")
                .contains("2.83 GiB at the end (PSS), within the budget of 3 GiB");
        assertThat(over).contains("3.13 GiB at the end (PSS), over the budget of 3 GiB");
    }

    @Test
    void every_sample_becomes_a_line_per_process() {
        assertThat(SoakBenchmark.csv(List.of(sample(0, 1, 2), sample(30, 3, 4)))).isEqualTo("""
                seconds,process,rss_mib,pss_mib
                0,gateway,11.0,1.0
                0,peer0.collector,7.0,2.0
                30,gateway,13.0,3.0
                30,peer0.collector,9.0,4.0
                """);
    }

    @Test
    void no_sample_gives_no_rows() {
        assertThat(SoakBenchmark.summarise(List.of())).isEmpty();
    }
}
