package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Warms a JVM under test up until its just-in-time compiler has settled, not for a fixed time: rounds of load, each
 * followed by a look at how long the JVM spent compiling during it (its {@code jvm.compilation.time}), until the
 * compiling took at most a given share of a round's wall time. On two cores a fixed warm-up of a few seconds left a
 * Spring service's C2 compiler working through the whole measured level, a third of the service's CPU, which a
 * service running for hours does not pay. The rounds are bounded: a JVM that never settles is measured anyway, and
 * the result says so.
 */
public final class WarmUp {

    /**
     * One round of warm-up load.
     *
     * @param number the round, from 1
     * @param wall how long it took
     * @param compiling how long the JVM spent compiling in it (summed over its compiler threads)
     */
    public record Round(int number, Duration wall, Duration compiling) {

        /** The compiling time over the round's wall time (above 1 when several compiler threads worked at once). */
        public double compilingShare() {
            return wall.isZero() ? Double.POSITIVE_INFINITY : (double) compiling.toNanos() / wall.toNanos();
        }
    }

    /**
     * What a warm-up did.
     *
     * @param rounds every round, in order
     * @param settled whether the last round's compiling share was within the bound
     */
    public record Outcome(List<Round> rounds, boolean settled) {

        public Outcome {
            rounds = List.copyOf(rounds);
        }
    }

    /** One round of load. */
    @FunctionalInterface
    public interface Load {
        void run() throws InterruptedException;
    }

    private final double maxCompilingShare;
    private final int maxRounds;
    private final LongSupplier nanoTime;

    /**
     * @param maxCompilingShare the largest share of a round's wall time spent compiling that counts as settled (0.05:
     *     a twentieth of one core)
     * @param maxRounds the most rounds run
     */
    public WarmUp(final double maxCompilingShare, final int maxRounds) {
        this(maxCompilingShare, maxRounds, System::nanoTime);
    }

    WarmUp(final double maxCompilingShare, final int maxRounds, final LongSupplier nanoTime) {
        if (!(maxCompilingShare > 0) || maxRounds < 1) {
            throw new IllegalArgumentException("a warm-up needs a positive compiling share and at least one round");
        }
        this.maxCompilingShare = maxCompilingShare;
        this.maxRounds = maxRounds;
        this.nanoTime = nanoTime;
    }

    /**
     * Runs rounds until the compiler has settled or the rounds are used up.
     *
     * @param compilationTime the JVM's accumulated compiling time so far
     * @param round one round of load
     * @param each told of every round when it ends
     * @return the rounds and whether the compiler settled
     * @throws InterruptedException if interrupted during a round
     */
    public Outcome run(final Supplier<Duration> compilationTime, final Load round, final Consumer<Round> each)
            throws InterruptedException {
        final List<Round> rounds = new ArrayList<>();
        Duration compiledBefore = compilationTime.get();
        for (int number = 1; number <= maxRounds; number++) {
            final long began = nanoTime.getAsLong();
            round.run();
            final Duration wall = Duration.ofNanos(nanoTime.getAsLong() - began);
            final Duration compiledAfter = compilationTime.get();
            final Round done = new Round(number, wall, compiledAfter.minus(compiledBefore));
            compiledBefore = compiledAfter;
            rounds.add(done);
            each.accept(done);
            if (done.compilingShare() <= maxCompilingShare) {
                return new Outcome(rounds, true);
            }
        }
        return new Outcome(rounds, false);
    }
}
