package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void reads_the_reaped_childrens_time_after_the_command_name_whatever_it_holds() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        assertThat(ProcessCpu.reapedTicks("812 (postgres: a) b) S 1 812 812 0 -1 4194560 900 40 0 0 35 12 250 31 20"))
                .isEqualTo(281);
    }

    @Test
    void counts_a_process_tree_with_the_children_it_runs_and_those_it_has_reaped() throws Exception {
        final Supplier<Duration> tree = ProcessCpu.ofTree(ProcessHandle.current(), Path.of("/proc"));
        final Duration before = tree.get();
        // A child that spins, then exits and is reaped: its time stays in the tree's.
        final Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
                .start();
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        final Duration own = ProcessCpu.of(ProcessHandle.current()).get();

        assertThat(tree.get().minus(before)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(tree.get()).isGreaterThan(own);
    }

    @Test
    void sums_each_group_of_an_instances_pid_files_and_leaves_out_groups_without_one(@TempDir final Path pids)
            throws Exception {
        final String self = Long.toString(ProcessHandle.current().pid());
        Files.writeString(pids.resolve("peer0.a.pid"), self + "\n");
        Files.writeString(pids.resolve("peer0.b.pid"), self + "\n");
        Files.writeString(pids.resolve("orderer1.pid"), self + "\n");
        Files.writeString(pids.resolve("peer0.a.started"), "not a pid file");
        final Map<String, String> prefixes = new LinkedHashMap<>();
        prefixes.put("peers", "peer");
        prefixes.put("chaincode server", "chaincode");
        prefixes.put("orderers", "orderer");

        final Map<String, Supplier<Duration>> groups = ProcessCpu.groups(pids, Path.of("/proc"), prefixes);

        assertThat(groups.keySet()).containsExactly("peers", "orderers");
        final Duration peers = groups.get("peers").get();
        final Duration orderers = groups.get("orderers").get();
        // Two files name this process: the group counts it twice, read a moment after the one file of the other.
        assertThat(peers).isGreaterThanOrEqualTo(orderers.multipliedBy(2).minus(Duration.ofSeconds(1)))
                .isGreaterThan(Duration.ZERO);
    }

    @Test
    void a_pid_file_naming_no_running_process_is_an_error_not_a_zero(@TempDir final Path pids) throws Exception {
        final Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(1, TimeUnit.MINUTES)).isTrue();
        Files.writeString(pids.resolve("chaincode.pid"), gone.pid() + "\n");

        assertThatThrownBy(() -> ProcessCpu.groups(pids, Path.of("/proc"), Map.of("chaincode server", "chaincode")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chaincode.pid");
    }
}
