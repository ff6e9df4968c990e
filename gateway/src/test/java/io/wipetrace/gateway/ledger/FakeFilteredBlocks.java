package io.wipetrace.gateway.ledger;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Filtered block streams a test feeds: each block, or failure, it offers goes to the stream open then. */
final class FakeFilteredBlocks implements CommitWatch.FilteredBlocks {

    /** The block each stream was asked to start at, in order. */
    final List<Long> starts = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public CloseableIterator<FilteredBlock> from(final long block) {
        starts.add(block);
        return new CloseableIterator<>() {
            private FilteredBlock next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                final Object taken;
                try {
                    taken = queue.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("stream cancelled", e);
                }
                if (taken instanceof RuntimeException failure) {
                    throw failure;
                }
                next = (FilteredBlock) taken;
                return true;
            }

            @Override
            public FilteredBlock next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                final FilteredBlock block = next;
                next = null;
                return block;
            }

            @Override
            public void close() {}
        };
    }

    /** The open stream delivers a block holding these transactions, each with its code. */
    void block(final long number, final Object... transactionIdsAndCodes) {
        final FilteredBlock.Builder block = FilteredBlock.newBuilder().setChannelId("wipetrace").setNumber(number);
        for (int i = 0; i < transactionIdsAndCodes.length; i += 2) {
            block.addFilteredTransactions(FilteredTransaction.newBuilder()
                    .setTxid((String) transactionIdsAndCodes[i])
                    .setTxValidationCode((TxValidationCode) transactionIdsAndCodes[i + 1]));
        }
        queue.add(block.build());
    }

    /** The open stream fails. */
    void fail() {
        queue.add(new IllegalStateException("the peer went away"));
    }
}
