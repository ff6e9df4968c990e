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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A benchmark's run second by second, as CSV: what ran (the phase), the channel's height, and the rate at which each
 * process used CPU time since the row before (milliseconds a second: 1,000 is one core). A run's totals say what a
 * scenario cost; this says when, so that a slow turn can be traced to what began it (a burst of compiling, a process
 * that took the cores, a gap between blocks).
 *
 * <p>Rows are a second apart after the previous one was written, however long reading took (a value read over HTTP
 * from a saturated server can take seconds); each rate is over the time since that value was last read. A value that
 * cannot be read (a process gone, a peer not answering) is left empty in that row, and the next rate is over the time
 * since the last one read.
 */
public final class Timeline implements AutoCloseable {

    private final BufferedWriter out;
    private final Map<String, Supplier<Duration>> processes;
    private final LongSupplier height;
    private final Supplier<String> phase;
    private final LongSupplier clock;
    /** Each process's last CPU time read, and when (the clock's nanoseconds). */
    private final Map<String, Duration> last = new LinkedHashMap<>();
    private final Map<String, Long> lastAt = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler;
    private final long start;

    private Timeline(final BufferedWriter out, final Map<String, Supplier<Duration>> processes,
            final LongSupplier height, final Supplier<String> phase, final LongSupplier clock) {
        this.out = out;
        this.processes = new LinkedHashMap<>(processes);
        this.height = height;
        this.phase = phase;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "timeline");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts writing one row a second to {@code file}. */
    public static Timeline start(final Path file, final Map<String, Supplier<Duration>> processes,
            final LongSupplier height, final Supplier<String> phase) throws IOException {
        return start(file, processes, height, phase, Duration.ofSeconds(1), System::nanoTime);
    }

    /**
     * Starts writing a row an interval after the last to {@code file}: a header, then {@code seconds,phase,height} and
     * each process's CPU milliseconds a second, in the map's order.
     *
     * @param clock nanoseconds, for the rows' times and the rates' intervals
     */
    static Timeline start(final Path file, final Map<String, Supplier<Duration>> processes, final LongSupplier height,
            final Supplier<String> phase, final Duration interval, final LongSupplier clock) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final Timeline timeline = new Timeline(Files.newBufferedWriter(file, StandardCharsets.UTF_8), processes,
                height, phase, clock);
        final List<String> header = new ArrayList<>(List.of("seconds", "phase", "height"));
        processes.keySet().forEach(name -> header.add(quoted(name + ", CPU ms a second")));
        timeline.write(String.join(",", header));
        final long now = timeline.start;
        processes.forEach((name, cpu) -> timeline.read(name, cpu, now));
        timeline.sampler.scheduleWithFixedDelay(timeline::sample, interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
        return timeline;
    }

    private void sample() {
        final long at = clock.getAsLong();
        final List<String> row = new ArrayList<>();
        row.add(String.format(Locale.ROOT, "%.1f", (at - start) / 1e9));
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
            final Long beforeAt = lastAt.get(name);
            final Duration now = read(name, cpu, at);
            row.add(before == null || now == null || at == beforeAt ? "" : String.format(Locale.ROOT, "%.1f",
                    now.minus(before).toNanos() / 1e6 / ((at - beforeAt) / 1e9)));
        });
        write(String.join(",", row));
    }

    /**
     * A process's CPU time now, kept (with {@code at}) as the next interval's start; null, and the last reading kept,
     * if unreadable.
     */
    private Duration read(final String name, final Supplier<Duration> cpu, final long at) {
        try {
            final Duration now = cpu.get();
            last.put(name, now);
            lastAt.put(name, at);
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
