package io.wipetrace.gateway.projection;

/**
 * Called inside a block's SQL transaction after its rows are written and before the checkpoint moves. Whatever it
 * throws rolls the whole block back. Production defines none; tests define one to crash the projection at the worst
 * moment and prove that nothing is lost or doubled.
 */
@FunctionalInterface
interface BlockCommitHook {

    /** The hook that does nothing. */
    BlockCommitHook NONE = (channel, blockNumber) -> {};

    /**
     * The block's rows are written; its checkpoint is not.
     *
     * @param channel the channel
     * @param blockNumber the block being projected
     */
    void rowsWritten(String channel, long blockNumber);
}
