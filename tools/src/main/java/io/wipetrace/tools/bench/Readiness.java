package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for a system to be ready by trying an operation until it succeeds, pausing between tries, up to a deadline.
 * What readiness takes varies: right after a start the peers may still be learning of each other ("no combination of
 * peers can be derived"), or connecting to a chaincode server, for a few seconds or for longer on a busy machine.
 */
final class Readiness {

    /** One try; any exception means not yet. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    /** Pauses between tries. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final Duration limit;
    private final Duration pause;
    private final LongSupplier nanoTime;
    private final Pause sleeper;

    Readiness(final Duration limit, final Duration pause, final LongSupplier nanoTime, final Pause sleeper) {
        this.limit = limit;
        this.pause = pause;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Two minutes, half a second between tries. */
    static Readiness standard() {
        return new Readiness(Duration.ofMinutes(2), Duration.ofMillis(500), System::nanoTime,
                p -> Thread.sleep(p.toMillis()));
    }

    /**
     * @param what what is awaited, for the failure's message
     * @param attempt the operation
     * @return how many tries it took
     * @throws IllegalStateException when no try succeeded before the deadline, its cause the last try's failure
     */
    int await(final String what, final Attempt attempt) throws InterruptedException {
        final long deadline = nanoTime.getAsLong() + limit.toNanos();
        for (int tries = 1; ; tries++) {
            try {
                attempt.run();
                return tries;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (nanoTime.getAsLong() - deadline >= 0) {
                    throw new IllegalStateException(
                            what + " did not succeed in " + tries + " tries over " + limit.toSeconds() + " s", e);
                }
            }
            sleeper.sleep(pause);
        }
    }
}
