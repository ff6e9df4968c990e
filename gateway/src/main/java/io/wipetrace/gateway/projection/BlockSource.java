package io.wipetrace.gateway.projection;

import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;

/** A stream of a channel's committed blocks, in order, as a peer delivers them. */
@FunctionalInterface
interface BlockSource {

    /**
     * Opens a stream of blocks from {@code startBlock} on, waiting for new blocks once it reaches the ledger's height.
     * Closing the iterator ends the stream; a failing stream throws from {@code hasNext}.
     *
     * @param startBlock the first block wanted
     * @return the blocks, to be closed by the caller
     */
    CloseableIterator<Block> blocksFrom(long startBlock);
}
