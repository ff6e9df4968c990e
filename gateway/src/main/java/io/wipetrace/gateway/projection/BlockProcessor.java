package io.wipetrace.gateway.projection;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Projects one block in one SQL transaction: the rows of its valid transactions and the checkpoint move together or
 * not at all. Blocks must come in order; a block at or below the checkpoint is skipped, so delivering a block twice
 * (after a reconnect, or to two gateway replicas) changes nothing.
 */
final class BlockProcessor {

    /**
     * What {@link #process} did with a block.
     *
     * @param blockNumber the block
     * @param projected {@code true} if its rows were written and the checkpoint moved to it now; {@code false} if it
     *     was at or below the checkpoint, that is projected before, and was left alone
     * @param transactions the valid transactions written (0 when not projected now)
     */
    public record Outcome(long blockNumber, boolean projected, int transactions) {}

    private final String channel;
    private final TransactionProcessor transactionProcessor;
    private final ProjectionStore store;
    private final TransactionOperations transactions;
    private final BlockCommitHook hook;

    /**
     * A processor for one channel.
     *
     * @param channel the channel the blocks come from; names the checkpoint
     * @param transactionProcessor turns each valid transaction into rows
     * @param store where rows and checkpoint go
     * @param transactions runs each block in one SQL transaction on the store's database
     * @param hook called between the rows and the checkpoint ({@link BlockCommitHook#NONE} in production)
     */
    public BlockProcessor(
            final String channel,
            final TransactionProcessor transactionProcessor,
            final ProjectionStore store,
            final TransactionOperations transactions,
            final BlockCommitHook hook) {
        this.channel = channel;
        this.transactionProcessor = transactionProcessor;
        this.store = store;
        this.transactions = transactions;
        this.hook = hook;
    }

    /**
     * Projects a block, unless it already is.
     *
     * @param block the next block of the channel
     * @return whether the block was projected now or before
     * @throws ProjectionException if the block is malformed or does not follow the checkpoint
     * @throws org.springframework.dao.DataAccessException if the database fails; nothing of the block is kept
     */
    public Outcome process(final Block block) {
        final long number = block.getHeader().getNumber();
        // Parsed before the SQL transaction opens, so that no lock is held while protobuf and JSON are decoded.
        final List<ProjectedTransaction> rows = validTransactions(block);
        return transactions.execute(status -> {
            final long checkpoint = store.lockCheckpoint(channel);
            if (number <= checkpoint) {
                return new Outcome(number, false, 0);
            }
            if (number != checkpoint + 1) {
                throw new ProjectionException("block " + number + " of channel " + channel
                        + " arrived, but the checkpoint is at block " + checkpoint + "; blocks must be projected in order");
            }
            store.insert(rows);
            hook.rowsWritten(channel, number);
            store.saveCheckpoint(channel, number);
            return new Outcome(number, true, rows.size());
        });
    }

    /**
     * The rows of a block's valid transactions, in block order. The committing peer records each transaction's
     * validation code in the block metadata's {@code TRANSACTIONS_FILTER}, one byte per envelope.
     *
     * @param block a committed block
     * @return one entry per valid endorser transaction
     * @throws ProjectionException if the block is malformed
     */
    public List<ProjectedTransaction> validTransactions(final Block block) {
        final long number = block.getHeader().getNumber();
        final int envelopes = block.getData().getDataCount();
        final int filterIndex = BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE;
        final ByteString filter = block.getMetadata().getMetadataCount() > filterIndex
                ? block.getMetadata().getMetadata(filterIndex)
                : ByteString.EMPTY;
        if (filter.size() != envelopes) {
            throw new ProjectionException("block " + number + " holds " + envelopes + " transactions but its"
                    + " TRANSACTIONS_FILTER has " + filter.size() + " validation codes; is it a committed block?");
        }
        final List<ProjectedTransaction> rows = new ArrayList<>();
        for (int i = 0; i < envelopes; i++) {
            if (Byte.toUnsignedInt(filter.byteAt(i)) != TxValidationCode.VALID_VALUE) {
                continue;
            }
            final Envelope envelope;
            try {
                envelope = Envelope.parseFrom(block.getData().getData(i));
            } catch (InvalidProtocolBufferException e) {
                throw new ProjectionException("block " + number + " transaction " + i + " is not an envelope", e);
            }
            transactionProcessor.process(number, i, envelope).ifPresent(rows::add);
        }
        return rows;
    }
}
