package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void charges_each_process_what_it_used_between_begin_and_end_per_operation() {
        final AtomicLong server = new AtomicLong(700);
        final AtomicLong client = new AtomicLong(50);
        final Map<String, Supplier<Duration>> processes = new LinkedHashMap<>();
        processes.put("server", () -> Duration.ofMillis(server.get()));
        processes.put("client", () -> Duration.ofMillis(client.get()));
        final ProcessCpu cpu = new ProcessCpu(processes);

        cpu.begins();
        server.addAndGet(300);
        client.addAndGet(100);
        cpu.ends();
        // What a process uses after the measured part is not charged to it.
        server.addAndGet(5000);

        assertThat(cpu.used()).containsExactly(Map.entry("server", Duration.ofMillis(300)),
                Map.entry("client", Duration.ofMillis(100)));
        assertThat(cpu.millisPerOperation(100)).containsEntry("server", 3.0).containsEntry("client", 1.0);
        assertThat(cpu.millisPerOperation(0).get("server")).isNaN();
    }

    @Test
    void reads_a_real_process_cpu_time_which_grows_while_it_works() {
        final ProcessCpu cpu = new ProcessCpu(Map.of("this JVM", ProcessCpu.of(ProcessHandle.current())));

        cpu.begins();
        final long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        long spin = 0;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        cpu.ends();

        assertThat(spin).isPositive();
        // 300 ms of spinning on one thread; the kernel counts in ticks (10 ms), and the test may share its core.
        assertThat(cpu.used().get("this JVM")).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void counts_a_process_tree_with_its_children() throws Exception {
        // A child that spins for a while: the tree's CPU time includes it, the parent's own does not.
        final Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 30")
                .start();
        try {
            final Duration tree;
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Duration seen = Duration.ZERO;
            while (seen.compareTo(Duration.ofMillis(50)) < 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                seen = ProcessCpu.ofTree(ProcessHandle.current()).get()
                        .minus(ProcessCpu.of(ProcessHandle.current()).get());
            }
            tree = seen;
            assertThat(tree).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
