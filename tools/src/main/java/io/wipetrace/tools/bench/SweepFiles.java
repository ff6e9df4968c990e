package io.wipetrace.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where a sweep's results go: its run directory always ({@code sweep.md}, {@code sweep.csv} and two plots); the
 * documentation only when asked, by rewriting the text between the sweep's markers in {@code performance.md} and
 * copying the plots into {@code perf/}.
 */
final class SweepFiles {

    static final String BEGIN = "<!-- ./wipetrace bench sweep: begin -->";
    static final String END = "<!-- ./wipetrace bench sweep: end -->";
    static final List<String> PLOTS = List.of("sweep-throughput.png", "sweep-latency.png");

    private SweepFiles() {}

    /** Writes the tables and the plots of a sweep into {@code runDir}, which it makes if needed. */
    static void write(final Path runDir, final String header, final List<Sweep.Curve> curves) throws IOException {
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("sweep.md"), section(header, curves, "perf/"), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("sweep.csv"), Sweep.csv(curves), StandardCharsets.UTF_8);
        Plots.sweep(runDir.resolve(PLOTS.get(0)), "Throughput against transactions in flight", "per second", curves,
                Sweep.Point::perSecond);
        Plots.sweep(runDir.resolve(PLOTS.get(1)), "Median latency against transactions in flight", "ms (p50)", curves,
                Sweep.Point::p50Millis);
    }

    /**
     * Rewrites the sweep's section of {@code docsDir/performance.md} (between its markers, which must be there) with
     * these curves and copies the run's plots into {@code docsDir/perf/}.
     */
    static void updateDocs(final Path docsDir, final Path runDir, final String header, final List<Sweep.Curve> curves)
            throws IOException {
        final Path file = docsDir.resolve("performance.md");
        Files.writeString(file, replaceSection(Files.readString(file), section(header, curves, "perf/")),
                StandardCharsets.UTF_8);
        Files.createDirectories(docsDir.resolve("perf"));
        for (final String plot : PLOTS) {
            Files.copy(runDir.resolve(plot), docsDir.resolve("perf").resolve(plot), StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("updated " + file + " and its plots in " + docsDir.resolve("perf"));
    }

    /** The section between the markers: the header line, the tables and the plots. */
    static String section(final String header, final List<Sweep.Curve> curves, final String plotDir) {
        final StringBuilder md = new StringBuilder(header).append("\n\n").append(Sweep.markdown(curves)).append('\n');
        md.append("![throughput against in flight](").append(plotDir).append(PLOTS.get(0)).append(")\n");
        md.append("![median latency against in flight](").append(plotDir).append(PLOTS.get(1)).append(")\n");
        return md.toString();
    }

    /** {@code document} with the text between the sweep's markers replaced by {@code section}. */
    static String replaceSection(final String document, final String section) {
        final int begin = document.indexOf(BEGIN);
        final int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("performance.md has no sweep section: add the lines " + BEGIN + " and "
                    + END + " where its tables should go");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + section + document.substring(end);
    }
}
