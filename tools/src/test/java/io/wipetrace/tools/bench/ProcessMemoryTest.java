package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {

    @TempDir
    Path dir;

    private void process(final int pid, final String comm, final int parent, final long rssKb, final long pssKb)
            throws IOException {
        final Path entry = Files.createDirectories(dir.resolve("proc").resolve(String.valueOf(pid)));
        Files.writeString(entry.resolve("stat"), pid + " (" + comm + ") S " + parent + " " + pid + " 0 0 -1\n");
        Files.writeString(entry.resolve("smaps_rollup"), "00400000-7fff [rollup]\nRss:            " + rssKb
                + " kB\nPss:            " + pssKb + " kB\nPss_Anon:        1 kB\n");
    }

    private void pidFile(final String name, final String pid) throws IOException {
        Files.createDirectories(dir.resolve("pids"));
        Files.writeString(dir.resolve("pids").resolve(name + ".pid"), pid + "\n");
    }

    @Test
    void a_named_process_counts_with_all_its_descendants_and_nothing_else() throws IOException {
        process(100, "postgres", 1, 50_000, 20_000);
        process(101, "postgres: checkpointer", 100, 30_000, 2_000);
        process(102, "postgres: walwriter", 100, 30_000, 1_000);
        process(103, "postgres: backend (x)", 101, 10_000, 500);
        process(200, "java", 1, 400_000, 390_000);
        process(300, "someone else's", 1, 999_000, 999_000);
        pidFile("postgres", "100");
        pidFile("gateway", "200");

        final Map<String, ProcessMemory.Usage> usage =
                new ProcessMemory(dir.resolve("proc"), dir.resolve("pids")).sample();

        assertThat(usage).containsOnlyKeys("gateway", "postgres");
        assertThat(usage.get("postgres")).isEqualTo(new ProcessMemory.Usage(120_000L * 1024, 23_500L * 1024));
        assertThat(usage.get("gateway")).isEqualTo(new ProcessMemory.Usage(400_000L * 1024, 390_000L * 1024));
    }

    @Test
    void a_stopped_process_and_a_garbled_pid_file_are_left_out() throws IOException {
        process(200, "java", 1, 10, 10);
        pidFile("gateway", "200");
        pidFile("portal", "4242");
        pidFile("orderer1", "not a pid");
        Files.writeString(dir.resolve("pids").resolve("gateway.started"), "123");

        assertThat(new ProcessMemory(dir.resolve("proc"), dir.resolve("pids")).sample()).containsOnlyKeys("gateway");
    }

    @Test
    void the_parent_is_read_after_a_command_name_that_holds_spaces_and_parentheses() {
        assertThat(ProcessMemory.parentPid("42 (a (b) c) S 7 42 0")).isEqualTo(7);
        assertThat(ProcessMemory.parentPid("42 broken")).isNull();
    }

    @Test
    void a_rollup_field_is_read_in_kilobytes_and_an_absent_one_is_zero() {
        final String rollup = "Rss:  2048 kB\nPss:  1024 kB\nPss_Anon:  7 kB\n";
        assertThat(ProcessMemory.kilobytes(rollup, "Pss")).isEqualTo(1024);
        assertThat(ProcessMemory.kilobytes(rollup, "Rss")).isEqualTo(2048);
        assertThat(ProcessMemory.kilobytes(rollup, "Swap")).isZero();
    }

    @Test
    void counts_a_process_that_exited_while_it_was_read_as_gone_and_any_other_failure_as_a_failure(
            @TempDir final Path proc) throws IOException {
        final Path running = Files.createDirectories(proc.resolve("42"));

        assertThat(ProcessMemory.gone(running, new java.nio.file.NoSuchFileException("42/stat"))).isTrue();
        assertThat(ProcessMemory.gone(running, new IOException("No such process"))).as("ESRCH").isTrue();
        assertThat(ProcessMemory.gone(proc.resolve("43"), new IOException("Input/output error")))
                .as("its directory is gone").isTrue();
        assertThat(ProcessMemory.gone(running, new java.nio.file.AccessDeniedException("42/smaps_rollup")))
                .as("still there, not readable").isFalse();
    }
}
