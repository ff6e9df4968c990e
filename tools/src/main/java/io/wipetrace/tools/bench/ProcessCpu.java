package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
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
     * The CPU time so far of a process and all its descendants (PostgreSQL's postmaster with its backends): a
     * descendant that exits between two readings takes its time with it, so a pool's long-lived backends count fully,
     * short-lived ones not.
     */
    public static Supplier<Duration> ofTree(final ProcessHandle process) {
        final Supplier<Duration> own = of(process);
        return () -> process.descendants().map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(own.get(), Duration::plus);
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
