package io.wipetrace.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CPU time (user and system) that named processes used over a {@link LoadGenerator}'s measured part, to divide by
 * the operations done in it: what one operation costs each process, whatever else shares the machine. A process's
 * CPU time is read with {@link #of(ProcessHandle)}, from {@code /proc/<pid>/stat} (utime + stime) on Linux.
 */
public final class ProcessCpu implements LoadGenerator.Window {

    private final Map<String, Supplier<Duration>> processes;
    private final Map<String, Duration> atBegin = new LinkedHashMap<>();
    private volatile Map<String, Duration> used = Map.of();

    /** @param processes each process's CPU time so far, by the name the figures print it under, in that order */
    public ProcessCpu(final Map<String, Supplier<Duration>> processes) {
        this.processes = new LinkedHashMap<>(processes);
    }

    /** A process's CPU time so far; fails if the system does not tell it (or the process has exited). */
    public static Supplier<Duration> of(final ProcessHandle process) {
        return () -> process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "the CPU time of process " + process.pid() + " cannot be read"));
    }

    /**
     * The CPU time so far of a process and all its descendants (PostgreSQL's postmaster with its backends): its own,
     * that of the children it has reaped ({@code cutime} and {@code cstime} in {@code /proc/<pid>/stat}, where a
     * backend's time goes when it exits) and that of the descendants still running. Linux only.
     *
     * @param proc the proc file system ({@code /proc})
     */
    public static Supplier<Duration> ofTree(final ProcessHandle process, final Path proc) {
        final Supplier<Duration> own = of(process);
        final Duration tick = clockTick();
        return () -> {
            final Duration reaped;
            try {
                reaped = tick.multipliedBy(reapedTicks(Files.readString(proc.resolve(process.pid() + "/stat"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CPU time of process " + process.pid(), e);
            }
            return process.descendants().map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(own.get().plus(reaped), Duration::plus);
        };
    }

    /**
     * The CPU time so far of an instance's processes, summed by group: a group is every process whose pid file
     * ({@code <pids>/<name>.pid}) has a name starting with the group's prefix, each with its descendants
     * ({@link #ofTree}). Groups without a pid file are left out; a process named but not running fails when read.
     *
     * @param pids the instance's pid files ({@code <state>/pids})
     * @param proc the proc file system ({@code /proc})
     * @param prefixes each group's name and its pid files' prefix, in the order the figures print them
     * @return each present group's CPU time so far, by name, in that order
     */
    public static Map<String, Supplier<Duration>> groups(final Path pids, final Path proc,
            final Map<String, String> prefixes) throws IOException {
        final Map<String, Supplier<Duration>> groups = new LinkedHashMap<>();
        for (final Map.Entry<String, String> group : prefixes.entrySet()) {
            final List<Supplier<Duration>> members = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, group.getValue() + "*.pid")) {
                for (final Path file : files) {
                    final String pid = Files.readString(file).strip();
                    final ProcessHandle process = ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() ->
                            new IllegalStateException(file.getFileName() + " names process " + pid + ", not running"));
                    members.add(ofTree(process, proc));
                }
            }
            if (!members.isEmpty()) {
                groups.put(group.getKey(), () -> members.stream().map(Supplier::get).reduce(Duration.ZERO,
                        Duration::plus));
            }
        }
        return groups;
    }

    /** The CPU time of a process's reaped children in a {@code stat} line: cutime + cstime, in clock ticks. */
    static long reapedTicks(final String stat) {
        final String[] fields = ProcessMemory.fieldsAfterCommand(stat);
        if (fields.length < 15) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        return Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
    }

    /** The kernel's clock tick ({@code getconf CLK_TCK}, 100 a second nearly everywhere). */
    private static Duration clockTick() {
        try {
            final Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (getconf.waitFor() == 0 && answer.matches("[1-9][0-9]*")) {
                return Duration.ofNanos(1_000_000_000L / Long.parseLong(answer));
            }
        } catch (IOException e) {
            // no getconf: the usual tick
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofMillis(10);
    }

    @Override
    public synchronized void begins() {
        processes.forEach((name, cpu) -> atBegin.put(name, cpu.get()));
    }

    @Override
    public synchronized void ends() {
        final Map<String, Duration> spent = new LinkedHashMap<>();
        processes.forEach((name, cpu) -> spent.put(name, cpu.get().minus(atBegin.get(name))));
        used = spent;
    }

    /** The CPU time each process used over the last measured part, by name. */
    public Map<String, Duration> used() {
        return used;
    }

    /**
     * Each process's CPU time per operation over the last measured part, in milliseconds, by name.
     *
     * @param operations the operations done (or failed) in the measured part
     */
    public Map<String, Double> millisPerOperation(final long operations) {
        final Map<String, Double> perOperation = new LinkedHashMap<>();
        used.forEach((name, cpu) -> perOperation.put(name, operations == 0 ? Double.NaN
                : cpu.toNanos() / 1e6 / operations));
        return perOperation;
    }
}
