package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.HeadMap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head tree of the latest final anchor, which proof bundles prove heads from, kept in memory and moved forward
 * by the heads each newer window moved: a new final anchor costs its windows' moved heads, read and put, instead of
 * every key's head read and a head map rebuilt (0.4–3 s at 100,000 keys). Built whole the first time, and again
 * should the moved heads not lead to the anchored root. The tree holds the hashes of its buckets and above
 * ({@link BucketedHeadTree}); a proof reads the heads of the key's bucket as of the tree's anchor.
 *
 * <p>Bundles read the tree under a read lock; moving it forward takes the write lock, so a bundle never sees a tree
 * between two anchors.
 */
final class FinalHeads {

    private static final Logger LOG = LoggerFactory.getLogger(FinalHeads.class);

    /** Where the heads come from ({@link WindowStore}). */
    interface Source {

        /** Every key's head as of an anchor, in their tree of {@code bits} bits' buckets. */
        BucketedHeadTree heads(long anchor, int bits);

        /** The stored heads as of an anchor, bucket by bucket. */
        BucketedHeadTree.Buckets asOf(long anchor);

        /** The heads the windows after {@code after} up to {@code upTo} moved, window by window in order. */
        List<HeadMap.Head> moved(long after, long upTo);
    }

    private final Source source;
    private final int bits;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The anchor the tree is of; -1 before the first. Written under the write lock. */
    private volatile long anchor = -1;
    private BucketedHeadTree tree;

    /**
     * @param source where the heads are stored
     * @param bits the bits of a key's hash that choose its bucket
     */
    FinalHeads(final Source source, final int bits) {
        this.source = source;
        this.bits = bits;
    }

    /**
     * Reads the head tree as of the latest final anchor or a later one, which nothing changes while the reader runs.
     *
     * @param latest the latest final anchor with a head map
     * @param reader given the anchor the tree is of, and each key's head proof under it (empty for a key it does not
     *     hold)
     * @param <T> what the reader makes
     * @return what the reader made
     * @throws IllegalStateException if the heads stored for the anchor do not lead to its anchored root
     */
    <T> T read(final AnchorWindow latest, final BiFunction<Long, Function<String, Optional<HeadMap.Proof>>, T> reader) {
        if (anchor < latest.sequence()) {
            advance(latest);
        }
        lock.readLock().lock();
        try {
            final BucketedHeadTree.Buckets stored = source.asOf(anchor);
            return reader.apply(anchor, key -> tree.proof(key, stored));
        } finally {
            lock.readLock().unlock();
        }
    }

    private void advance(final AnchorWindow latest) {
        final long target = latest.sequence();
        lock.writeLock().lock();
        try {
            if (anchor >= target) {
                return;
            }
            if (tree != null) {
                final List<HeadMap.Head> moved = source.moved(anchor, target);
                boolean put;
                try {
                    tree.putAll(moved, source.asOf(anchor));
                    put = true;
                } catch (IllegalStateException e) {
                    // A bucket's stored heads are not those the tree holds: it is rebuilt below.
                    LOG.warn("moving the head tree from anchor {} to {}: {}", anchor, target, e.getMessage());
                    put = false;
                }
                if (put && Arrays.equals(tree.root(), latest.headsRoot())) {
                    LOG.debug("head tree moved from anchor {} to {} by {} heads", anchor, target, moved.size());
                    anchor = target;
                    return;
                }
                LOG.warn("the heads moved after anchor {} do not lead to anchor {}'s root; rebuilding its head tree",
                        anchor, target);
            }
            tree = null;
            anchor = -1;
            final long building = System.nanoTime();
            final BucketedHeadTree rebuilt = source.heads(target, bits);
            LOG.info("built the head tree as of final anchor {}: {} keys in {} ms", target, rebuilt.size(),
                    (System.nanoTime() - building) / 1_000_000);
            tree = latest.requireHeadsRoot(rebuilt);
            anchor = target;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
