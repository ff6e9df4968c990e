package io.wipetrace.gateway.ledger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the commits of the transactions this gateway submits from one stream of filtered blocks per organisation,
 * from that organisation's own peer, instead of one signed commit-status request per transaction.
 *
 * <p>A commit-status request costs the gateway an ECDSA signature and a call, and the peer a signature check and a
 * call; a filtered block names every transaction it holds with its validation code, so one stream answers them all.
 * The stream is only a faster way to the same answer:
 *
 * <ul>
 *   <li>A transaction is expected ({@link #expect}) before it is submitted. While the organisation's stream is open,
 *       it started at a block no later than the chain's height before the expectation, and it resumes after a
 *       failure from the block after the last one it delivered, so no block after the expectation is missed.
 *   <li>When the stream is not open (not yet started, or failed), an expectation is not watched, and every waiting
 *       one is released when it fails: the caller asks for the commit status as before ({@link Expected#await}
 *       answers empty). The stream starts on the first expectation for an organisation and reopens by itself.
 * </ul>
 *
 * <p>One daemon thread per organisation that writes; {@link #close()} stops them.
 */
final class CommitWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitWatch.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Watches nothing: every expectation is answered by the commit-status request. */
    static final CommitWatch OFF = new CommitWatch(organisation -> null, organisation -> -1, Duration.ZERO, false);

    /** A transaction's commit, as its block reports it. */
    record Outcome(String transactionId, long blockNumber, TxValidationCode code) {

        /** The same, from a commit-status answer. */
        static Outcome of(final Status status) {
            return new Outcome(status.getTransactionId(), status.getBlockNumber(), status.getCode());
        }

        boolean successful() {
            return code == TxValidationCode.VALID;
        }
    }

    /** Opens a stream of filtered blocks of the channel, from a block on. */
    @FunctionalInterface
    interface FilteredBlocks {
        CloseableIterator<FilteredBlock> from(long block);
    }

    /** A transaction expected to commit; {@link #await} or {@link #cancel} it. */
    interface Expected {
        /**
         * @param timeout how long to wait for its block
         * @return its commit; empty when its organisation's stream is not open (not yet, or it failed), and the
         *     caller asks for the commit status instead
         * @throws TimeoutException when the stream is open but brought no block with it within the time
         */
        Optional<Outcome> await(Duration timeout) throws TimeoutException;

        /** Gives up watching (the transaction was not submitted). */
        void cancel();
    }

    private static final Expected UNWATCHED = new Expected() {
        @Override
        public Optional<Outcome> await(final Duration timeout) {
            return Optional.empty();
        }

        @Override
        public void cancel() {}
    };

    private final Function<String, FilteredBlocks> streams;
    private final ToLongFunction<String> height;
    private final Duration initialBackoff;
    private final boolean enabled;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final AtomicLong reported = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param streams each organisation's filtered block streams, from its own peer
     * @param height the chain's height on an organisation's peer
     * @param initialBackoff the first pause before a failed stream is opened again (doubling up to 5 s)
     * @param enabled false to watch nothing
     */
    CommitWatch(final Function<String, FilteredBlocks> streams, final ToLongFunction<String> height,
            final Duration initialBackoff, final boolean enabled) {
        this.streams = streams;
        this.height = height;
        this.initialBackoff = initialBackoff;
        this.enabled = enabled;
    }

    /**
     * Expects a transaction about to be submitted as an organisation.
     *
     * @param organisation the submitting organisation
     * @param transactionId its transaction ID
     * @return the expectation; unwatched when the organisation's stream is not open
     */
    Expected expect(final String organisation, final String transactionId) {
        if (!enabled || closed) {
            return UNWATCHED;
        }
        final Follower follower = followers.computeIfAbsent(organisation, Follower::new);
        return follower.expect(transactionId);
    }

    /**
     * @param organisation an organisation key
     * @return whether its stream is open now
     */
    boolean watching(final String organisation) {
        final Follower follower = followers.get(organisation);
        return follower != null && follower.open;
    }

    /**
     * @return how many expected transactions' commits the streams have reported so far
     */
    long reported() {
        return reported.get();
    }

    @Override
    public void close() {
        closed = true;
        followers.values().forEach(Follower::stop);
    }

    /** One organisation's stream and the transactions waiting for it. */
    private final class Follower {
        private final String organisation;
        private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
        private final Thread thread;
        /** Set once the stream is open, and cleared before the waiting are released when it fails. */
        private volatile boolean open;
        private volatile CloseableIterator<FilteredBlock> stream;

        Follower(final String organisation) {
            this.organisation = organisation;
            this.thread = Thread.ofPlatform().name("commit-watch-" + organisation).daemon().start(this::follow);
        }

        Expected expect(final String transactionId) {
            final CompletableFuture<Outcome> commit = new CompletableFuture<>();
            waiting.put(transactionId, commit);
            // Checked after the put: a stream that fails from now on releases this one; one already failed is seen.
            if (!open) {
                waiting.remove(transactionId, commit);
                return UNWATCHED;
            }
            return new Expected() {
                @Override
                public Optional<Outcome> await(final Duration timeout) throws TimeoutException {
                    try {
                        return Optional.ofNullable(commit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
                    } catch (ExecutionException e) {
                        return Optional.empty();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    } finally {
                        waiting.remove(transactionId, commit);
                    }
                }

                @Override
                public void cancel() {
                    waiting.remove(transactionId, commit);
                }
            };
        }

        private void follow() {
            long next = -1;
            Duration backoff = initialBackoff;
            while (!closed) {
                try {
                    if (next < 0) {
                        next = height.applyAsLong(organisation);
                    }
                    try (CloseableIterator<FilteredBlock> blocks = streams.apply(organisation).from(next)) {
                        stream = blocks;
                        if (closed) {
                            break;
                        }
                        // Every block from the height read before this on is delivered, in order.
                        open = true;
                        LOG.info("watching commits of {} from block {}", organisation, next);
                        while (!closed && blocks.hasNext()) {
                            final FilteredBlock block = blocks.next();
                            deliver(block);
                            next = block.getNumber() + 1;
                            backoff = initialBackoff;
                        }
                    } finally {
                        stream = null;
                    }
                    if (!closed) {
                        throw new IllegalStateException("the peer ended the stream");
                    }
                } catch (RuntimeException e) {
                    release();
                    if (closed) {
                        break;
                    }
                    LOG.warn("the commit stream of {} failed; writes ask for their commit status until it reopens"
                            + " (in {}): {}", organisation, backoff, e.toString());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        break;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                            : backoff.multipliedBy(2);
                }
            }
            release();
        }

        private void deliver(final FilteredBlock block) {
            for (final FilteredTransaction transaction : block.getFilteredTransactionsList()) {
                final CompletableFuture<Outcome> commit = waiting.remove(transaction.getTxid());
                if (commit != null) {
                    reported.incrementAndGet();
                    commit.complete(new Outcome(transaction.getTxid(), block.getNumber(),
                            transaction.getTxValidationCode()));
                }
            }
        }

        /** The stream is not open: whoever waits asks for the commit status instead. */
        private void release() {
            open = false;
            waiting.forEach((transactionId, commit) -> {
                waiting.remove(transactionId, commit);
                commit.complete(null);
            });
        }

        void stop() {
            final CloseableIterator<FilteredBlock> blocks = stream;
            if (blocks != null) {
                blocks.close();
            }
            thread.interrupt();
        }
    }
}
