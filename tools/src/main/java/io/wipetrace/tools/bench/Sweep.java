package io.wipetrace.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Throughput against the number of operations in flight: the levels a sweep measures, the knee of each curve, and the
 * curves as Markdown and CSV tables. Pure arithmetic and text, so that the rules are unit-tested apart from the network.
 *
 * <p>A sweep measures the base levels (16, 64 and 256 in flight), then keeps doubling while the last level raised the
 * best throughput so far by at least {@link #RISE}, up to a ceiling. The <em>knee</em> is the lowest level that reached
 * {@link #KNEE_SHARE} of the curve's highest throughput: past it, more in flight buys latency, not throughput.
 */
public final class Sweep {

    /** The levels every sweep measures, in order. */
    public static final List<Integer> BASE_LEVELS = List.of(16, 64, 256);

    /** The gain over the best earlier level that keeps a sweep doubling past its base levels. */
    public static final double RISE = 0.05;

    /** The share of the highest throughput at which a curve's knee is. */
    public static final double KNEE_SHARE = 0.95;

    private Sweep() {}

    /**
     * One measured level.
     *
     * @param inFlight operations kept in flight
     * @param perSecond completed operations (or devices, for a batch scenario) per second
     * @param p50Millis median latency of one operation
     * @param p99Millis 99th percentile latency
     * @param done operations completed in the measured part
     * @param failed operations that failed in the measured part
     * @param cpuMillis the CPU time each group of processes used in the measured part per unit done (transaction, or
     *     device for a batch scenario), in milliseconds, by group in print order; empty when not measured
     */
    public record Point(int inFlight, double perSecond, double p50Millis, double p99Millis, long done, long failed,
            Map<String, Double> cpuMillis) {

        public Point {
            cpuMillis = Collections.unmodifiableMap(new LinkedHashMap<>(cpuMillis));
        }

        /** A level measured without the processes' CPU time. */
        public Point(final int inFlight, final double perSecond, final double p50Millis, final double p99Millis,
                final long done, final long failed) {
            this(inFlight, perSecond, p50Millis, p99Millis, done, failed, Map.of());
        }

        /** The CPU time of every group together per unit done, in milliseconds; NaN when not measured. */
        public double cpuMillisTotal() {
            return cpuMillis.isEmpty() ? Double.NaN
                    : cpuMillis.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * One scenario's measured levels, lowest first.
     *
     * @param name the scenario
     * @param unit what {@link Point#perSecond()} counts, e.g. {@code tx/s} or {@code devices/s}
     * @param points the levels measured
     */
    public record Curve(String name, String unit, List<Point> points) {

        public Curve {
            points = points.stream().sorted(Comparator.comparingInt(Point::inFlight)).toList();
        }

        /** The point with the highest throughput. */
        public Point peak() {
            return points.stream().max(Comparator.comparingDouble(Point::perSecond))
                    .orElseThrow(() -> new IllegalStateException(name + " has no measured level"));
        }

        /** The lowest level within {@link #KNEE_SHARE} of the peak's throughput. */
        public Point knee() {
            final double threshold = KNEE_SHARE * peak().perSecond();
            return points.stream().filter(p -> p.perSecond() >= threshold).findFirst().orElseThrow();
        }

        /** The point measured at {@code inFlight}, if any. */
        public java.util.Optional<Point> at(final int inFlight) {
            return points.stream().filter(p -> p.inFlight() == inFlight).findFirst();
        }
    }

    /**
     * The next level to measure, or none when the curve is done: the base levels at or under {@code ceiling} first,
     * then twice the last level while that one raised the best earlier throughput by at least {@link #RISE} and the
     * doubled level stays at or under {@code ceiling}. A level where more operations failed than succeeded ends it.
     *
     * @param measured the levels measured so far, in the order measured
     * @param ceiling the most in flight a sweep may try
     */
    public static OptionalInt nextLevel(final List<Point> measured, final int ceiling) {
        final List<Integer> base = BASE_LEVELS.stream().filter(level -> level <= ceiling).toList();
        if (!measured.isEmpty()) {
            final Point last = measured.getLast();
            if (last.failed() > last.done()) {
                return OptionalInt.empty();
            }
        }
        if (measured.size() < base.size()) {
            return OptionalInt.of(base.get(measured.size()));
        }
        if (measured.size() < 2) {
            return OptionalInt.empty();
        }
        final Point last = measured.getLast();
        final double bestBefore = measured.subList(0, measured.size() - 1).stream()
                .mapToDouble(Point::perSecond).max().orElse(0);
        final int next = last.inFlight() * 2;
        if (last.perSecond() >= (1 + RISE) * bestBefore && next <= ceiling) {
            return OptionalInt.of(next);
        }
        return OptionalInt.empty();
    }

    /**
     * The curves as one Markdown table (a row per level, its knee marked) followed by a table of knees and of each
     * curve's throughput as a share of the first curve's (the floor) at the same level.
     */
    public static String markdown(final List<Curve> curves) {
        final StringBuilder md = new StringBuilder();
        md.append("| Scenario | In flight | Rate | p50 | p99 | Done | Failed |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (final Curve curve : curves) {
            final Point knee = curve.knee();
            for (final Point p : curve.points()) {
                md.append(String.format(Locale.ROOT, "| %s | %d%s | %.1f %s | %.0f ms | %.0f ms | %d | %d |%n",
                        curve.name(), p.inFlight(), p == knee ? " (knee)" : "", p.perSecond(), curve.unit(),
                        p.p50Millis(), p.p99Millis(), p.done(), p.failed()));
            }
        }
        if (curves.isEmpty()) {
            return md.toString();
        }
        final Curve floor = curves.getFirst();
        md.append("\n| Scenario | Knee | Peak |");
        final List<Integer> levels = new ArrayList<>();
        floor.points().forEach(p -> levels.add(p.inFlight()));
        for (final int level : levels) {
            md.append(" × ").append(floor.name()).append(" at ").append(level).append(" |");
        }
        md.append('\n').append("|---|---|---|").append("---|".repeat(levels.size())).append('\n');
        for (final Curve curve : curves) {
            final Point knee = curve.knee();
            final Point peak = curve.peak();
            md.append(String.format(Locale.ROOT, "| %s | %d in flight, %.1f %s | %.1f %s at %d | ", curve.name(),
                    knee.inFlight(), knee.perSecond(), curve.unit(), peak.perSecond(), curve.unit(),
                    peak.inFlight()));
            for (final int level : levels) {
                final double base = floor.at(level).map(Point::perSecond).orElse(0.0);
                md.append(curve.at(level).filter(p -> base > 0)
                        .map(p -> String.format(Locale.ROOT, "%.2f", p.perSecond() / base)).orElse("–"))
                        .append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        md.append(cpuMarkdown(curves));
        return md.toString();
    }

    /**
     * Where each level's CPU went, per unit done (a table with a column per group of processes and their sum), or
     * nothing when no level measured it.
     */
    static String cpuMarkdown(final List<Curve> curves) {
        final List<String> groups = groups(curves);
        if (groups.isEmpty()) {
            return "";
        }
        final StringBuilder md = new StringBuilder("\nCPU time per transaction done (per device for a batch), in ms:\n\n");
        md.append("| Scenario | In flight | ").append(String.join(" | ", groups)).append(" | all |\n");
        md.append("|---|---|").append("---|".repeat(groups.size() + 1)).append('\n');
        for (final Curve curve : curves) {
            for (final Point p : curve.points()) {
                if (p.cpuMillis().isEmpty()) {
                    continue;
                }
                md.append("| ").append(curve.name()).append(" | ").append(p.inFlight()).append(" | ");
                for (final String group : groups) {
                    md.append(millis(p.cpuMillis().get(group))).append(" | ");
                }
                md.append(millis(p.cpuMillisTotal())).append(" |\n");
            }
        }
        return md.toString();
    }

    /** The groups of processes any level measured, in the order first met. */
    private static List<String> groups(final List<Curve> curves) {
        final Set<String> groups = new LinkedHashSet<>();
        curves.forEach(curve -> curve.points().forEach(p -> groups.addAll(p.cpuMillis().keySet())));
        return List.copyOf(groups);
    }

    private static String millis(final Double value) {
        return value == null || value.isNaN() ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The curves as CSV: a header, then a line per level of each curve. */
    public static String csv(final List<Curve> curves) {
        final List<String> groups = groups(curves);
        final StringBuilder csv = new StringBuilder("scenario,unit,in_flight,rate,p50_ms,p99_ms,done,failed,knee");
        groups.forEach(group -> csv.append(",cpu_ms_").append(group.replaceAll("[^A-Za-z0-9]+", "_")));
        csv.append('\n');
        for (final Curve curve : curves) {
            final Point knee = curve.knee();
            for (final Point p : curve.points()) {
                csv.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%.2f,%.1f,%.1f,%d,%d,%b",
                        curve.name().replace("\"", "\"\""), curve.unit(), p.inFlight(), p.perSecond(), p.p50Millis(),
                        p.p99Millis(), p.done(), p.failed(), p == knee));
                for (final String group : groups) {
                    final Double value = p.cpuMillis().get(group);
                    csv.append(',').append(value == null ? "" : String.format(Locale.ROOT, "%.3f", value));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }
}
