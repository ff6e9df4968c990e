package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.HeadTree;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head tree of the latest final anchor, which proof bundles prove heads from, kept in memory and moved forward
 * by the heads each newer window moved: a new final anchor costs its windows' moved heads, read and put, instead of
 * every key's head read and a head map rebuilt (0.4–3 s at 100,000 keys). Built whole the first time, and again
 * should the moved heads not lead to the anchored root.
 *
 * <p>Bundles read the tree under a read lock; moving it forward takes the write lock, so a bundle never sees a tree
 * between two anchors.
 */
final class FinalHeads {

    private static final Logger LOG = LoggerFactory.getLogger(FinalHeads.class);
    private static final HexFormat HEX = HexFormat.of();

    /** Where the heads come from ({@link WindowStore}). */
    interface Source {

        /** Every key's head as of an anchor, in their tree. */
        HeadTree heads(long anchor);

        /** The heads the windows after {@code after} up to {@code upTo} moved, window by window in order. */
        List<HeadMap.Head> moved(long after, long upTo);
    }

    private final Source source;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The anchor the tree is of; -1 before the first. Written under the write lock. */
    private volatile long anchor = -1;
    private HeadTree tree;

    FinalHeads(final Source source) {
        this.source = source;
    }

    /**
     * Reads the head tree as of the latest final anchor or a later one, which nothing changes while the reader runs.
     *
     * @param latest the latest final anchor with a head map
     * @param reader given the anchor the tree is of, and the tree
     * @param <T> what the reader makes
     * @return what the reader made
     * @throws IllegalStateException if the heads stored for the anchor do not lead to its anchored root
     */
    <T> T read(final AnchorWindow latest, final BiFunction<Long, HeadTree, T> reader) {
        if (anchor < latest.sequence()) {
            advance(latest);
        }
        lock.readLock().lock();
        try {
            return reader.apply(anchor, tree);
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
                moved.forEach(tree::put);
                if (Arrays.equals(tree.root(), latest.headsRoot())) {
                    LOG.debug("head tree moved from anchor {} to {} by {} heads", anchor, target, moved.size());
                    anchor = target;
                    return;
                }
                LOG.warn("the heads moved after anchor {} do not lead to anchor {}'s root; rebuilding its head tree",
                        anchor, target);
            }
            tree = null;
            anchor = -1;
            final HeadTree rebuilt = source.heads(target);
            if (!Arrays.equals(rebuilt.root(), latest.headsRoot())) {
                throw new IllegalStateException("the head tree rebuilt for anchor " + target + " has root "
                        + HEX.formatHex(rebuilt.root()) + ", not the anchored " + HEX.formatHex(latest.headsRoot()));
            }
            tree = rebuilt;
            anchor = target;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
