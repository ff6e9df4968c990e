package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    private static Sweep.Point point(final int inFlight, final double perSecond) {
        return new Sweep.Point(inFlight, perSecond, inFlight * 10.0, inFlight * 20.0, (long) (perSecond * 30), 0);
    }

    @Test
    void the_knee_is_the_lowest_level_within_five_percent_of_the_peak() {
        final Sweep.Curve curve = new Sweep.Curve("floor", "tx/s",
                List.of(point(16, 27), point(64, 90), point(256, 173), point(512, 176), point(1024, 170)));

        assertThat(curve.peak().inFlight()).isEqualTo(512);
        assertThat(curve.knee().inFlight()).as("173 is within 5 %% of 176").isEqualTo(256);
    }

    @Test
    void a_curve_still_rising_at_its_last_level_has_its_knee_there() {
        final Sweep.Curve curve = new Sweep.Curve("c", "tx/s", List.of(point(64, 80), point(16, 25), point(256, 150)));

        assertThat(curve.points()).extracting(Sweep.Point::inFlight).containsExactly(16, 64, 256);
        assertThat(curve.knee().inFlight()).isEqualTo(256);
    }

    @Test
    void a_sweep_measures_the_base_levels_then_doubles_while_throughput_rises_by_five_percent() {
        final List<Sweep.Point> measured = new ArrayList<>();
        assertThat(Sweep.nextLevel(measured, 2048)).hasValue(16);
        measured.add(point(16, 27));
        assertThat(Sweep.nextLevel(measured, 2048)).hasValue(64);
        measured.add(point(64, 90));
        assertThat(Sweep.nextLevel(measured, 2048)).hasValue(256);
        measured.add(point(256, 173));
        assertThat(Sweep.nextLevel(measured, 2048)).as("173 > 1.05 × 90").hasValue(512);
        measured.add(point(512, 185));
        assertThat(Sweep.nextLevel(measured, 2048)).as("185 > 1.05 × 173").hasValue(1024);
        measured.add(point(1024, 190));
        assertThat(Sweep.nextLevel(measured, 2048)).as("190 < 1.05 × 185: it stopped rising").isEmpty();
    }

    @Test
    void a_sweep_stops_at_its_ceiling_and_when_most_operations_fail() {
        final List<Sweep.Point> rising = List.of(point(16, 20), point(64, 80), point(256, 300));
        assertThat(Sweep.nextLevel(rising, 256)).isEmpty();
        assertThat(Sweep.nextLevel(rising, 511)).isEmpty();
        assertThat(Sweep.nextLevel(List.of(point(16, 20)), 64)).hasValue(64);
        assertThat(Sweep.nextLevel(List.of(point(16, 20), point(64, 80)), 64)).as("the base levels above it skipped")
                .isEmpty();

        final Sweep.Point failing = new Sweep.Point(64, 5, 1, 2, 10, 11);
        assertThat(Sweep.nextLevel(List.of(point(16, 20), failing), 2048)).isEmpty();
    }

    @Test
    void the_tables_mark_each_knee_and_give_each_curve_as_a_share_of_the_first() {
        final Sweep.Curve floor = new Sweep.Curve("floor", "tx/s",
                List.of(point(16, 20), point(64, 80), point(256, 160)));
        final Sweep.Curve collection = new Sweep.Curve("RegisterCollection", "tx/s",
                List.of(point(16, 19), point(64, 72), point(256, 80)));

        final String md = Sweep.markdown(List.of(floor, collection));

        assertThat(md).contains("| floor | 256 (knee) | 160.0 tx/s | 2560 ms | 5120 ms | 4800 | 0 |");
        assertThat(md).contains("| RegisterCollection | 64 | 72.0 tx/s |");
        assertThat(md).contains("| RegisterCollection | 256 (knee) | 80.0 tx/s |");
        assertThat(md).contains("| Scenario | Knee | Peak | × floor at 16 | × floor at 64 | × floor at 256 |");
        assertThat(md).contains("| RegisterCollection | 256 in flight, 80.0 tx/s | 80.0 tx/s at 256 | 0.95 | 0.90 | 0.50 |");
        assertThat(md).contains("| floor | 256 in flight, 160.0 tx/s | 160.0 tx/s at 256 | 1.00 | 1.00 | 1.00 |");

        final String csv = Sweep.csv(List.of(floor, collection));
        assertThat(csv.lines()).hasSize(7).first().isEqualTo("scenario,unit,in_flight,rate,p50_ms,p99_ms,done,failed,knee");
        assertThat(csv).contains("\"RegisterCollection\",tx/s,64,72.00,640.0,1280.0,2160,0,false")
                .contains("\"floor\",tx/s,256,160.00,2560.0,5120.0,4800,0,true");
    }

    @Test
    void the_tables_give_each_levels_cpu_per_unit_by_group_and_their_sum() {
        final Map<String, Double> floorCpu = new LinkedHashMap<>();
        floorCpu.put("peers", 11.0);
        floorCpu.put("client", 2.25);
        final Map<String, Double> collectionCpu = new LinkedHashMap<>();
        collectionCpu.put("peers", 17.125);
        collectionCpu.put("client", 2.0);
        final Sweep.Curve floor = new Sweep.Curve("floor", "tx/s",
                List.of(new Sweep.Point(256, 100, 1, 2, 2000, 0, floorCpu)));
        final Sweep.Curve collection = new Sweep.Curve("RegisterCollection", "tx/s",
                List.of(new Sweep.Point(256, 60, 1, 2, 1200, 0, collectionCpu), point(512, 50)));

        final String md = Sweep.markdown(List.of(floor, collection));

        assertThat(md).contains("| Scenario | In flight | peers | client | all |")
                .contains("| floor | 256 | 11.00 | 2.25 | 13.25 |")
                .contains("| RegisterCollection | 256 | 17.13 | 2.00 | 19.13 |");
        assertThat(Sweep.cpuMarkdown(List.of(floor, collection))).as("a level measured without CPU times has no row")
                .contains("| RegisterCollection | 256 | ").doesNotContain("| RegisterCollection | 512 | ");
        assertThat(Sweep.csv(List.of(floor, collection)).lines().toList()).startsWith(
                "scenario,unit,in_flight,rate,p50_ms,p99_ms,done,failed,knee,cpu_ms_peers,cpu_ms_client",
                "\"floor\",tx/s,256,100.00,1.0,2.0,2000,0,true,11.000,2.250")
                .contains("\"RegisterCollection\",tx/s,512,50.00,5120.0,10240.0,1500,0,false,,");
        assertThat(Sweep.cpuMarkdown(List.of(new Sweep.Curve("floor", "tx/s", List.of(point(16, 20))))))
                .as("no table when nothing measured CPU").isEmpty();
    }

    @Test
    void a_run_writes_its_tables_and_plots_and_only_the_docs_section_changes(@TempDir final Path dir) throws Exception {
        final List<Sweep.Curve> curves = List.of(new Sweep.Curve("floor", "tx/s",
                List.of(point(16, 20), point(64, 80), point(256, 160))));
        final Path run = dir.resolve("bench/run");

        SweepFiles.write(run, "Written by a test.", curves);

        assertThat(Files.readString(run.resolve("sweep.md"))).startsWith("Written by a test.\n\n| Scenario |")
                .contains("| floor | 256 (knee) |").contains("](perf/sweep-throughput.png)");
        assertThat(Files.readString(run.resolve("sweep.csv"))).isEqualTo(Sweep.csv(curves));
        final BufferedImage plot = ImageIO.read(run.resolve("sweep-throughput.png").toFile());
        assertThat(plot).isNotNull();

        final Path docs = dir.resolve("docs");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("performance.md"),
                "# Performance\nbefore\n" + SweepFiles.BEGIN + "\nold table\n" + SweepFiles.END + "\nafter\n");
        SweepFiles.updateDocs(docs, run, "Written by a test.", curves);

        final String updated = Files.readString(docs.resolve("performance.md"));
        assertThat(updated).startsWith("# Performance\nbefore\n" + SweepFiles.BEGIN + "\nWritten by a test.")
                .doesNotContain("old table").endsWith(SweepFiles.END + "\nafter\n").contains("| floor | 256 (knee) |");
        assertThat(docs.resolve("perf/sweep-latency.png")).exists();
    }

    @Test
    void the_docs_are_left_alone_without_the_markers() {
        assertThatThrownBy(() -> SweepFiles.replaceSection("# Performance\nno markers\n", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(SweepFiles.BEGIN);
    }

    @Test
    void the_header_names_the_command_as_typed_without_the_machines_paths() {
        assertThat(SweepBenchmark.commandLine(new String[] {"/state/bench/run", "20", "--levels=16,64",
            "--update-docs=/repo/docs"})).isEqualTo("20 --levels=16,64 --update-docs");
    }
}
