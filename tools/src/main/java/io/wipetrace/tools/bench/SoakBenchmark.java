package io.wipetrace.tools.bench;

import io.wipetrace.tools.Arguments;
import io.wipetrace.tools.client.ApiClient;
import io.wipetrace.tools.demo.DemoData;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole system's memory under an hour of mixed load ({@code ./wipetrace bench soak [seconds] [devices per round]
 * [reads/s] [sample seconds]} on the running {@code up} system):
 *
 * <ul>
 *   <li>writes: the demo's rounds one after another, each a few hundred new devices through every path (collection,
 *       handovers accepted, rejected and accepted in part, erasures with signed reports, consent later, refurbishment,
 *       resale, export, return to the owner, dismantling, smelting, a correction, purges), so anchoring, the
 *       projection and the personal-data store work the whole time;</li>
 *   <li>reads: consumers' verifications and proof bundles at a fixed rate, of receipt codes from the rounds done;</li>
 *   <li>every {@code sample seconds}, the resident and proportional set size of each process of the instance (see
 *       {@link ProcessMemory}).</li>
 * </ul>
 *
 * It prints and writes {@code soak.md} (each process at the start, its peak and at the end, and the system's total)
 * and {@code soak.csv} (every sample) into the output directory, outside the clone. Benchmarks print figures; this one
 * asserts nothing.
 */
public final class SoakBenchmark {

    /** The system's budget for resident memory after an hour of mixed load. */
    static final long BUDGET_BYTES = 3L << 30;

    private static final double MIB = 1024.0 * 1024.0;
    /**
     * The receipt codes of each round the reads cycle through. The gateway allows one client address 30 new receipt
     * codes a minute (a code asked again within two minutes is free: the README's "Reading the ledger"), and all the
     * reads come from this one address: 20 a round, with a round every 40 s, had a sixth of the reads refused with 429.
     */
    static final int CODES_A_ROUND = 5;

    /** One reading of every process, {@code seconds} into the run. */
    record Sample(long seconds, Map<String, ProcessMemory.Usage> usage) {

        long totalPss() {
            return usage.values().stream().mapToLong(ProcessMemory.Usage::pssBytes).sum();
        }
    }

    /** One process over the run, in bytes of proportional set size, and its resident size at the end. */
    record Row(String name, long startPss, long peakPss, long endPss, long endRss) {}

    public static void main(final String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: SoakBenchmark <gateway URL> <state directory> <output directory> [seconds]"
                    + " [devices per round] [reads/s] [sample seconds]");
            System.exit(2);
        }
        final Path state = Path.of(args[1]);
        final Path out = Path.of(args[2]);
        final Duration length = Duration.ofSeconds(Arguments.integer(args, 3, "seconds", 3600));
        final int roundDevices = Arguments.integer(args, 4, "devices per round", 200);
        final int readRate = Arguments.integer(args, 5, "reads/s", 20);
        final Duration every = Duration.ofSeconds(Arguments.integer(args, 6, "sample seconds", 30));
        final ApiClient api = new ApiClient(URI.create(args[0]), ApiClient.demoKeys(state));
        final ProcessMemory memory = new ProcessMemory(Path.of("/proc"), state.resolve("pids"));
        Files.createDirectories(out);
        run(api, state, memory, out, length, roundDevices, readRate, every);
    }

    private static void run(final ApiClient api, final Path state, final ProcessMemory memory, final Path out,
            final Duration length, final int roundDevices, final int readRate, final Duration every)
            throws Exception {
        System.out.printf("WipeTrace soak: %d s of demo rounds of %d devices and %d reads/s; memory every %d s%n",
                length.toSeconds(), roundDevices, readRate, every.toSeconds());
        final long begin = System.nanoTime();
        final long end = begin + length.toNanos();
        final List<Sample> samples = new CopyOnWriteArrayList<>();
        final AtomicReference<List<String>> codes = new AtomicReference<>(List.of());
        final CountDownLatch firstRound = new CountDownLatch(1);
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger failedRounds = new AtomicInteger();
        final AtomicLong devices = new AtomicLong();

        final Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    final long now = System.nanoTime();
                    try {
                        final Sample sample = new Sample(TimeUnit.NANOSECONDS.toSeconds(now - begin), memory.sample());
                        samples.add(sample);
                        System.out.printf("  %5d s  %,8.0f MiB in all (PSS)%n", sample.seconds(),
                                sample.totalPss() / MIB);
                    } catch (IOException e) {
                        // One reading lost, not the rest of the hour's.
                        System.err.printf("  %5d s  memory not read: %s%n",
                                TimeUnit.NANOSECONDS.toSeconds(now - begin), e);
                    }
                    if (now >= end) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.sleep(Math.min(every.toNanos(), end - now));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // The reads wait for the first round that completes (a failed round gives them no receipt codes), or for the
        // writer to stop.
        final Thread writer = Thread.ofPlatform().start(() -> {
            try {
                while (System.nanoTime() < end) {
                    try {
                        final List<String> round = DemoData.drive(api, state, roundDevices);
                        devices.addAndGet(round.size());
                        codes.set(round.subList(0, Math.min(CODES_A_ROUND, round.size())));
                        rounds.incrementAndGet();
                        firstRound.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failedRounds.incrementAndGet();
                        System.err.println("a demo round failed: " + e.getMessage());
                    }
                }
            } finally {
                firstRound.countDown();
            }
        });

        // Consumers read only what has been written: the reads start with the first completed round's receipt codes.
        firstRound.await();
        final long left = end - System.nanoTime();
        LoadGenerator.Result reads = null;
        if (left > TimeUnit.SECONDS.toNanos(1) && !codes.get().isEmpty()) {
            final AtomicInteger next = new AtomicInteger();
            reads = new LoadGenerator().fixedRate("verify", readRate, Duration.ZERO, Duration.ofNanos(left), () -> {
                final List<String> current = codes.get();
                final int i = Math.floorMod(next.getAndIncrement(), current.size() * 4);
                final String code = current.get(i / 4);
                final boolean bundle = i % 4 == 3;
                final ApiClient.Response response = api.get(null, "/api/v1/verify/" + code
                        + (bundle ? "/proof-bundle" : ""));
                // A bundle asked for before its device's first anchoring window closed is rightly not there yet.
                final boolean notYetAnchored = response.status() == 404
                        && "PROOF_NOT_YET_ANCHORED".equals(response.body().path("code").asText());
                if (!response.ok() && !notYetAnchored) {
                    // Without the receipt code, so that the report counts the failures by their reason.
                    throw new IllegalStateException((bundle ? "proof bundle" : "verification") + ": HTTP "
                            + response.status() + " " + response.body().path("code").asText());
                }
            });
        }
        writer.join();
        sampler.join();

        final List<Row> rows = summarise(samples);
        final Map<String, String> load = new LinkedHashMap<>();
        load.put("length", length.toSeconds() + " s");
        load.put("demo rounds", rounds.get() + " of " + roundDevices + " devices (" + failedRounds.get() + " failed), "
                + devices.get() + " devices");
        load.put("reads", reads == null ? "none" : String.format(Locale.ROOT,
                "%d at %.1f/s, %d failed%s, p50 %.1f ms, p99 %.1f ms", reads.operations(), reads.perSecond(),
                reads.errors(), reads.errors() == 0 ? "" : " (most often " + reads.mostFrequentFailure() + ")",
                reads.millis(50), reads.millis(99)));
        final String report = report(Instant.now(), load, rows);
        System.out.println();
        System.out.print(report);
        Files.writeString(out.resolve("soak.md"), report);
        Files.writeString(out.resolve("soak.csv"), csv(samples));
        System.out.println("written: " + out.resolve("soak.md") + ", " + out.resolve("soak.csv"));
    }

    /**
     * Each process's proportional set size at the first and last sample and its peak, with its resident size at the
     * end, then the system's total (the sum at each sample, so its peak is the largest sum, not the sum of peaks).
     */
    static List<Row> summarise(final List<Sample> samples) {
        if (samples.isEmpty()) {
            return List.of();
        }
        final Sample first = samples.getFirst();
        final Sample last = samples.getLast();
        final List<Row> rows = new ArrayList<>();
        for (final String name : last.usage().keySet()) {
            final long peak = samples.stream().mapToLong(s -> pss(s, name)).max().orElse(0);
            rows.add(new Row(name, pss(first, name), peak, pss(last, name), last.usage().get(name).rssBytes()));
        }
        final long peakTotal = samples.stream().mapToLong(Sample::totalPss).max().orElse(0);
        final long endRss = last.usage().values().stream().mapToLong(ProcessMemory.Usage::rssBytes).sum();
        rows.add(new Row("total", first.totalPss(), peakTotal, last.totalPss(), endRss));
        return rows;
    }

    private static long pss(final Sample sample, final String name) {
        final ProcessMemory.Usage usage = sample.usage().get(name);
        return usage == null ? 0 : usage.pssBytes();
    }

    /** The run's table in Markdown, and whether the total at the end is within the budget. */
    static String report(final Instant at, final Map<String, String> load, final List<Row> rows) {
        final StringBuilder text = new StringBuilder("### Memory after a soak (" + at + ")\n\n");
        load.forEach((name, value) -> text.append("- ").append(name).append(": ").append(value).append('\n'));
        text.append("\n| process | PSS at start (MiB) | peak PSS (MiB) | PSS at end (MiB) | RSS at end (MiB) |\n");
        text.append("|---|---:|---:|---:|---:|\n");
        for (final Row row : rows) {
            text.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", row.name(),
                    row.startPss() / MIB, row.peakPss() / MIB, row.endPss() / MIB, row.endRss() / MIB));
        }
        if (!rows.isEmpty()) {
            final Row total = rows.getLast();
            text.append(String.format(Locale.ROOT, "%nThe system holds %.2f GiB at the end (PSS), %s the budget of"
                    + " %.0f GiB.%n", total.endPss() / (MIB * 1024), total.endPss() <= BUDGET_BYTES ? "within" : "over",
                    BUDGET_BYTES / (MIB * 1024)));
        }
        return text.toString();
    }

    static String csv(final List<Sample> samples) {
        final StringBuilder text = new StringBuilder("seconds,process,rss_mib,pss_mib\n");
        for (final Sample sample : samples) {
            sample.usage().forEach((name, usage) -> text.append(String.format(Locale.ROOT, "%d,%s,%.1f,%.1f%n",
                    sample.seconds(), name, usage.rssBytes() / MIB, usage.pssBytes() / MIB)));
        }
        return text.toString();
    }
}
