package io.wipetrace.gateway.projection;

import java.util.List;

/**
 * Where the projection lives. Every method except {@link #checkpoint} and {@link #checksum} runs inside the block's
 * SQL transaction, which the {@link BlockProcessor} opens.
 */
public interface ProjectionStore {

    /** The checkpoint of a channel none of whose blocks has been projected yet. */
    long NOTHING_PROJECTED = -1;

    /**
     * Reads the channel's checkpoint without locking it.
     *
     * @param channel the channel
     * @return the number of the last block fully projected, or {@link #NOTHING_PROJECTED}
     */
    long checkpoint(String channel);

    /**
     * Reads the channel's checkpoint and locks it until the current transaction ends, so that two listeners (two
     * gateway replicas, say) never project the same block twice: the second waits, then sees the block done.
     *
     * @param channel the channel
     * @return the number of the last block fully projected, or {@link #NOTHING_PROJECTED}
     */
    long lockCheckpoint(String channel);

    /**
     * Inserts the transactions, their domain events and what those events change in the read model (devices,
     * custody, erasures, lots).
     *
     * @param transactions rows of one block
     */
    void insert(List<ProjectedTransaction> transactions);

    /**
     * Moves the channel's checkpoint, which {@link #lockCheckpoint} has locked, to a newly projected block.
     *
     * @param channel the channel
     * @param blockNumber the block whose rows were just inserted
     */
    void saveCheckpoint(String channel, long blockNumber);

    /**
     * Digests every projection table in a canonical row order: equal checksums mean equal contents.
     *
     * @return one checksum per table
     */
    ProjectionChecksum checksum();
}
