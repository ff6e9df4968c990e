package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.BucketedHeadTree;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Whole head trees read from {@code anchor_head}, one read shared by every caller that asks for the same anchor's tree
 * while it is being read. After a start the anchorer builds the tree of the latest recorded window and the proof
 * bundles that of the latest final one, which are the same window whenever the latest is recorded: one read of every
 * head then serves both, where two reads at once took seconds each on a large ledger. Each caller gets a tree of its
 * own, and nothing is kept once a read has been handed out.
 */
final class HeadTreeBuilds {

    /** Reads every key's head as of an anchor into a tree. */
    interface Read {

        BucketedHeadTree heads(long anchor, int bits);
    }

    /** A read under way, and how many callers wait for it. */
    private static final class Build {

        final long anchor;
        final int bits;
        /** A copy no caller changes, from which each waiting caller copies its own; null when none waited. */
        final CompletableFuture<BucketedHeadTree> pristine = new CompletableFuture<>();
        int waiting;

        Build(final long anchor, final int bits) {
            this.anchor = anchor;
            this.bits = bits;
        }
    }

    /** The read under way, or null. Guarded by {@code this}. */
    private Build current;

    /**
     * The tree of every key's head as of an anchor: read by {@code read}, or copied from a read of the same anchor
     * already under way.
     *
     * @param anchor the anchor
     * @param bits the bits that choose a bucket
     * @param read how a tree is read
     * @return a tree of the caller's own
     */
    BucketedHeadTree heads(final long anchor, final int bits, final Read read) {
        final Build joined;
        final Build mine;
        synchronized (this) {
            if (current != null && current.anchor == anchor && current.bits == bits) {
                current.waiting++;
                joined = current;
                mine = null;
            } else if (current == null) {
                current = new Build(anchor, bits);
                joined = null;
                mine = current;
            } else {
                // Another anchor's tree is being read: this one is read apart.
                return read.heads(anchor, bits);
            }
        }
        if (joined != null) {
            try {
                return joined.pristine.join().copy();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        final BucketedHeadTree tree;
        try {
            tree = read.heads(anchor, bits);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                current = null;
            }
            mine.pristine.completeExceptionally(e);
            throw e;
        }
        final int waiting;
        synchronized (this) {
            waiting = mine.waiting;
            current = null;
        }
        mine.pristine.complete(waiting > 0 ? tree.copy() : null);
        return tree;
    }

    /** @return how many callers wait for the read under way (for tests) */
    synchronized int waiting() {
        return current == null ? 0 : current.waiting;
    }
}
