package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {

    @Test
    void writes_each_interval_what_ran_the_height_and_each_process_cpu_rate_over_that_interval(
            @TempDir final Path dir) throws Exception {
        final AtomicLong peer = new AtomicLong(1000);
        final AtomicLong height = new AtomicLong(40);
        final Map<String, Supplier<Duration>> processes = new LinkedHashMap<>();
        // Each reading adds 7 ms of CPU, and the clock 100 ms a row (it is read once a row): 70 ms a second.
        processes.put("peer", () -> Duration.ofMillis(peer.addAndGet(7)));
        final AtomicLong clock = new AtomicLong();
        processes.put("gone", () -> {
            throw new IllegalStateException("the process has exited");
        });
        final Path file = dir.resolve("timeline.csv");

        try (Timeline timeline = Timeline.start(file, processes, height::incrementAndGet, () -> "REST \"turn\" 1",
                Duration.ofMillis(20), () -> clock.getAndAdd(100_000_000))) {
            awaitRows(file, 3);
        }
        final List<String> lines = Files.readAllLines(file);
        final int written = lines.size();

        assertThat(lines.get(0)).isEqualTo(
                "seconds,phase,height,\"peer, CPU ms a second\",\"gone, CPU ms a second\"");
        for (int i = 1; i < lines.size(); i++) {
            final String[] cells = lines.get(i).split(",", -1);
            assertThat(cells).hasSize(5);
            assertThat(cells[0]).as("the row's time on the clock")
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", i * 0.1));
            assertThat(cells[1]).isEqualTo("\"REST \"\"turn\"\" 1\"");
            assertThat(Long.parseLong(cells[2])).isGreaterThan(40);
            assertThat(cells[3]).isEqualTo("70.0");
            assertThat(cells[4]).as("an unreadable process is left empty").isEmpty();
        }
        assertThat(lines.get(2).split(",")[2]).as("the height read anew each interval")
                .isNotEqualTo(lines.get(1).split(",")[2]);
        // Closed: no more rows.
        Thread.sleep(60);
        assertThat(Files.readAllLines(file)).hasSize(written);
    }

    private static void awaitRows(final Path file, final int rows) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.readAllLines(file).size() < rows + 1) {
            assertThat(System.nanoTime() - deadline).as("%d rows written within 30 s", rows).isNegative();
            Thread.sleep(5);
        }
    }
}
