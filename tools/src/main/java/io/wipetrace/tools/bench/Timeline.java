package io.wipetrace.tools.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A benchmark's run second by second, as CSV: what ran (the phase), the channel's height, and what each process used in
 * CPU time over that interval. A run's totals say what a scenario cost; this says when, so that a slow turn can be
 * traced to what began it (a burst of compiling, a process that took the cores, a gap between blocks).
 *
 * <p>A value that cannot be read in an interval (a process gone, a peer not answering) is left empty in that row, and
 * the next row's value is over the intervals since the last one read.
 */
public final class Timeline implements AutoCloseable {

    private final BufferedWriter out;
    private final Map<String, Supplier<Duration>> processes;
    private final LongSupplier height;
    private final Supplier<String> phase;
    private final Map<String, Duration> last = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler;
    private final long startNanos = System.nanoTime();

    private Timeline(final BufferedWriter out, final Map<String, Supplier<Duration>> processes,
            final LongSupplier height, final Supplier<String> phase) {
        this.out = out;
        this.processes = new LinkedHashMap<>(processes);
        this.height = height;
        this.phase = phase;
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "timeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts writing one row a second to {@code file}. */
    public static Timeline start(final Path file, final Map<String, Supplier<Duration>> processes,
            final LongSupplier height, final Supplier<String> phase) throws IOException {
        return start(file, processes, height, phase, Duration.ofSeconds(1));
    }

    /**
     * Starts writing one row an interval to {@code file}: a header, then {@code seconds,phase,height} and each
     * process's CPU milliseconds over the interval, in the map's order.
     */
    static Timeline start(final Path file, final Map<String, Supplier<Duration>> processes, final LongSupplier height,
            final Supplier<String> phase, final Duration interval) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final Timeline timeline = new Timeline(Files.newBufferedWriter(file, StandardCharsets.UTF_8), processes,
                height, phase);
        final List<String> header = new ArrayList<>(List.of("seconds", "phase", "height"));
        processes.keySet().forEach(name -> header.add(quoted(name + ", CPU ms")));
        timeline.write(String.join(",", header));
        processes.forEach((name, cpu) -> timeline.read(name, cpu));
        timeline.sampler.scheduleAtFixedRate(timeline::sample, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        return timeline;
    }

    private void sample() {
        final List<String> row = new ArrayList<>();
        row.add(String.format("%.1f", (System.nanoTime() - startNanos) / 1e9));
        row.add(quoted(phase.get()));
        String blocks;
        try {
            blocks = Long.toString(height.getAsLong());
        } catch (RuntimeException unanswered) {
            blocks = "";
        }
        row.add(blocks);
        processes.forEach((name, cpu) -> {
            final Duration before = last.get(name);
            final Duration now = read(name, cpu);
            row.add(before == null || now == null ? "" : String.format("%.1f", now.minus(before).toNanos() / 1e6));
        });
        write(String.join(",", row));
    }

    /** A process's CPU time now, kept as the next interval's start; null (and the last reading kept) if unreadable. */
    private Duration read(final String name, final Supplier<Duration> cpu) {
        try {
            final Duration now = cpu.get();
            last.put(name, now);
            return now;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private synchronized void write(final String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(final String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            out.close();
        }
    }
}
