package io.wipetrace.gateway.anchoring;

import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.HeadMap;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The anchoring service's tables ({@code V4__anchoring.sql}), and what it reads of the projection through the
 * projection's {@link EventReads}.
 */
final class WindowStore implements FinalHeads.Source {

    private static final String WINDOW_COLUMNS = "sequence, first_block, last_block, event_count, merkle_root,"
            + " last_block_hash, previous_anchor, anchor_hash, status, evm_transaction, evm_raw, evm_block,"
            + " fabric_tx_id, events_root, heads_root";

    private static final RowMapper<AnchorWindow> WINDOW = (rs, row) -> new AnchorWindow(
            rs.getLong("sequence"), rs.getLong("first_block"), rs.getLong("last_block"), rs.getInt("event_count"),
            rs.getBytes("merkle_root"), rs.getBytes("last_block_hash"), rs.getBytes("previous_anchor"),
            rs.getBytes("anchor_hash"), rs.getString("status"), rs.getString("evm_transaction"),
            rs.getString("evm_raw"), nullableLong(rs, "evm_block"), rs.getString("fabric_tx_id"),
            rs.getBytes("events_root"), rs.getBytes("heads_root"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventReads projected;
    private final HeadTreeBuilds builds;

    WindowStore(final JdbcTemplate jdbc, final TransactionTemplate transactions, final EventReads projected) {
        this(jdbc, transactions, projected, new HeadTreeBuilds());
    }

    /**
     * @param builds whole head trees' reads, shared with the other stores of the gateway that read them
     */
    WindowStore(final JdbcTemplate jdbc, final TransactionTemplate transactions, final EventReads projected,
            final HeadTreeBuilds builds) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.projected = projected;
        this.builds = builds;
    }

    /** One leaf of a window. */
    record Leaf(String eventId, int leafIndex, byte[] salt, byte[] leafHash) {}

    Optional<AnchorWindow> latest() {
        return jdbc.query("SELECT " + WINDOW_COLUMNS + " FROM anchor_window ORDER BY sequence DESC LIMIT 1", WINDOW)
                .stream().findFirst();
    }

    Optional<AnchorWindow> oldestOpen() {
        return jdbc.query("SELECT " + WINDOW_COLUMNS + " FROM anchor_window WHERE status <> 'RECORDED'"
                + " ORDER BY sequence LIMIT 1", WINDOW).stream().findFirst();
    }

    Optional<AnchorWindow> window(final long sequence) {
        return jdbc.query("SELECT " + WINDOW_COLUMNS + " FROM anchor_window WHERE sequence = ?", WINDOW, sequence)
                .stream().findFirst();
    }

    Optional<AnchorWindow> latestRecorded() {
        return jdbc.query("SELECT " + WINDOW_COLUMNS + " FROM anchor_window WHERE status = 'RECORDED'"
                + " ORDER BY sequence DESC LIMIT 1", WINDOW).stream().findFirst();
    }

    /** @return the latest window final on the EVM chain (CONFIRMED or RECORDED) that commits to a head map */
    Optional<AnchorWindow> latestFinalWithHeads() {
        return jdbc.query("SELECT " + WINDOW_COLUMNS + " FROM anchor_window WHERE status IN ('CONFIRMED', 'RECORDED')"
                + " AND heads_root IS NOT NULL ORDER BY sequence DESC LIMIT 1", WINDOW).stream().findFirst();
    }

    /** @return the last block the projection has fully written, or -1 */
    long checkpoint(final String channel) {
        return projected.checkpoint(channel);
    }

    /** The last block of first..last that keeps the range within {@code limit} events (see EventReads). */
    long lastBlockWithin(final long firstBlock, final long lastBlock, final int limit) {
        return projected.lastBlockWithin(firstBlock, lastBlock, limit);
    }

    /** The projection's events in blocks first..last, in ledger order. */
    List<EventReads.Event> events(final long firstBlock, final long lastBlock) {
        return projected.inBlocks(firstBlock, lastBlock);
    }

    /**
     * The events of one window with their leaf hashes, in leaf order (which is ledger order), their payloads read
     * through the projection's {@link EventReads}: one window at a time, never every anchored event at once.
     */
    List<Heads.Leaf> anchoredLeaves(final long sequence) {
        final List<Leaf> leaves = leaves(sequence);
        final Map<String, String> payloads = projected.payloads(leaves.stream().map(Leaf::eventId).toList());
        final List<Heads.Leaf> anchored = new ArrayList<>(leaves.size());
        for (final Leaf leaf : leaves) {
            final String payload = payloads.get(leaf.eventId());
            if (payload == null) {
                throw new IllegalStateException("the projection no longer holds event " + leaf.eventId()
                        + " of anchor " + sequence);
            }
            anchored.add(new Heads.Leaf(payload, leaf.leafHash()));
        }
        return anchored;
    }

    /**
     * Where an event's leaf is, in a window final on the EVM chain.
     *
     * @param sequence the window
     * @param leafIndex its index in the window's events tree
     * @param salt its salt
     */
    record Placed(long sequence, int leafIndex, byte[] salt) {}

    /**
     * @param eventIds some events
     * @param upTo the newest window to look in
     * @return the leaf of each of them that a window final on the EVM chain (CONFIRMED or RECORDED) up to
     *     {@code upTo} holds, by event ID; the others are absent
     */
    Map<String, Placed> finalLeaves(final Collection<String> eventIds, final long upTo) {
        final Map<String, Placed> placed = new HashMap<>();
        if (eventIds.isEmpty()) {
            return placed;
        }
        jdbc.query("""
                SELECT l.event_id, l.sequence, l.leaf_index, l.salt
                FROM anchor_leaf l JOIN anchor_window w ON w.sequence = l.sequence
                WHERE l.event_id = ANY (CAST(? AS text[])) AND l.sequence <= ? AND w.status IN ('CONFIRMED', 'RECORDED')""",
                rs -> {
                    placed.put(rs.getString(1), new Placed(rs.getLong(2), rs.getInt(3), rs.getBytes(4)));
                }, (Object) eventIds.toArray(String[]::new), upTo);
        return placed;
    }

    /**
     * @param anchor an anchor's sequence
     * @param bits the bits of a key's hash that choose its bucket
     * @return the tree of every key's head as of that anchor (its row of the greatest anchor sequence up to it),
     *     built bucket by bucket as the rows are read: one bucket's heads are held at a time
     */
    @Override
    public BucketedHeadTree heads(final long anchor, final int bits) {
        return builds.heads(anchor, bits, this::read);
    }

    private BucketedHeadTree read(final long anchor, final int bits) {
        final BucketedHeadTree.Builder heads = new BucketedHeadTree.Builder(bits);
        jdbc.query("""
                SELECT DISTINCT ON (key_prefix, head_key) head_key, sequence, leaf_hash
                FROM anchor_head WHERE anchor_sequence <= ?
                ORDER BY key_prefix, head_key, anchor_sequence DESC""",
                rs -> {
                    heads.add(new HeadMap.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
                }, anchor);
        return heads.build();
    }

    /**
     * @param anchor an anchor's sequence
     * @return the heads as of that anchor, read bucket by bucket: each bucket a range of {@code key_prefix}, the first
     *     32 bits of the key's hash
     */
    @Override
    public BucketedHeadTree.Buckets asOf(final long anchor) {
        return (bits, buckets) -> {
            final long width = 1L << (32 - bits);
            final Long[] firsts = new Long[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                firsts[i] = buckets[i] * width;
            }
            // A bucket at a time, each a range of the index in its order: a join of the ranges had the planner
            // filter every row of the table against every bucket.
            return jdbc.query("""
                    SELECT h.head_key, h.sequence, h.leaf_hash
                    FROM unnest(CAST(? AS bigint[])) AS b(first)
                    CROSS JOIN LATERAL (
                        SELECT DISTINCT ON (key_prefix, head_key) head_key, sequence, leaf_hash
                        FROM anchor_head
                        WHERE key_prefix >= b.first AND key_prefix < b.first + ? AND anchor_sequence <= ?
                        ORDER BY key_prefix, head_key, anchor_sequence DESC) h""",
                    (rs, row) -> new HeadMap.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)),
                    firsts, width, anchor);
        };
    }

    /**
     * @param after an anchor's sequence
     * @param upTo a later anchor's sequence
     * @return the heads the windows after {@code after} up to {@code upTo} moved, window by window in order
     */
    @Override
    public List<HeadMap.Head> moved(final long after, final long upTo) {
        return jdbc.query("""
                SELECT head_key, sequence, leaf_hash FROM anchor_head
                WHERE anchor_sequence > ? AND anchor_sequence <= ? ORDER BY anchor_sequence""",
                (rs, row) -> new HeadMap.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)), after, upTo);
    }

    /** Stores a planned window with all its leaves and the heads it moved, or nothing. */
    void plan(final AnchorWindow window, final List<Leaf> leaves, final List<HeadMap.Head> heads) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO anchor_window (sequence, first_block, last_block, event_count, merkle_root,
                        last_block_hash, previous_anchor, anchor_hash, status, events_root, heads_root)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?)""",
                    window.sequence(), window.firstBlock(), window.lastBlock(), window.eventCount(),
                    window.merkleRoot(), window.lastBlockHash(), window.previousAnchor(), window.anchorHash(),
                    window.eventsRoot(), window.headsRoot());
            jdbc.batchUpdate("INSERT INTO anchor_head (head_key, anchor_sequence, sequence, leaf_hash, key_prefix)"
                    + " VALUES (?, ?, ?, ?, ?)", heads, 500, (ps, head) -> {
                        ps.setString(1, head.key());
                        ps.setLong(2, window.sequence());
                        ps.setLong(3, head.sequence());
                        ps.setBytes(4, head.leaf());
                        ps.setLong(5, BucketedHeadTree.prefix(head.key()));
                    });
            jdbc.batchUpdate("INSERT INTO anchor_leaf (event_id, sequence, leaf_index, salt, leaf_hash)"
                    + " VALUES (?, ?, ?, ?, ?)", leaves, 500, (ps, leaf) -> {
                        ps.setString(1, leaf.eventId());
                        ps.setLong(2, window.sequence());
                        ps.setInt(3, leaf.leafIndex());
                        ps.setBytes(4, leaf.salt());
                        ps.setBytes(5, leaf.leafHash());
                    });
        });
    }

    List<Leaf> leaves(final long sequence) {
        return jdbc.query("SELECT event_id, leaf_index, salt, leaf_hash FROM anchor_leaf WHERE sequence = ?"
                + " ORDER BY leaf_index", (rs, row) -> new Leaf(rs.getString(1), rs.getInt(2), rs.getBytes(3),
                        rs.getBytes(4)), sequence);
    }

    void signed(final long sequence, final String transactionHash, final String raw) {
        update(sequence, "status = 'SIGNED', evm_transaction = ?, evm_raw = ?", transactionHash, raw);
    }

    void sent(final long sequence, final String transactionHash) {
        update(sequence, "status = 'SENT', evm_transaction = ?", transactionHash);
    }

    void confirmed(final long sequence, final long evmBlock) {
        update(sequence, "status = 'CONFIRMED', evm_block = ?", evmBlock);
    }

    void recorded(final long sequence, final String fabricTxId) {
        update(sequence, "status = 'RECORDED', fabric_tx_id = ?", fabricTxId);
    }

    void failed(final long sequence, final String reason) {
        update(sequence, "status = 'FAILED', failure = ?", reason);
    }

    long failedCount() {
        final Long count = jdbc.queryForObject("SELECT count(*) FROM anchor_window WHERE status = 'FAILED'", Long.class);
        return count == null ? 0 : count;
    }

    private void update(final long sequence, final String assignments, final Object... values) {
        final Object[] arguments = new Object[values.length + 1];
        System.arraycopy(values, 0, arguments, 0, values.length);
        arguments[values.length] = sequence;
        jdbc.update("UPDATE anchor_window SET " + assignments + ", updated_at = now() WHERE sequence = ?", arguments);
    }

    private static Long nullableLong(final ResultSet rs, final String column) throws SQLException {
        final long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
