package io.wipetrace.gateway.projection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A store for unit tests, with transactions that roll back on any exception, and a log of every call. The real
 * store and its SQL are exercised against PostgreSQL by the integration tests. Thread-safe: a listener thread writes
 * while the test reads.
 */
final class InMemoryStore implements ProjectionStore, TransactionOperations {

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private Map<String, Long> checkpoints = new HashMap<>();
    private List<ProjectedTransaction> rows = new ArrayList<>();

    @Override
    public synchronized <T> T execute(final TransactionCallback<T> action) {
        final Map<String, Long> savedCheckpoints = new HashMap<>(checkpoints);
        final List<ProjectedTransaction> savedRows = new ArrayList<>(rows);
        calls.add("begin");
        try {
            final TransactionStatus status = new SimpleTransactionStatus();
            final T result = action.doInTransaction(status);
            calls.add("commit");
            return result;
        } catch (RuntimeException | Error e) {
            checkpoints = savedCheckpoints;
            rows = savedRows;
            calls.add("rollback");
            throw e;
        }
    }

    @Override
    public synchronized long checkpoint(final String channel) {
        return checkpoints.getOrDefault(channel, NOTHING_PROJECTED);
    }

    @Override
    public synchronized long lockCheckpoint(final String channel) {
        calls.add("lock");
        return checkpoint(channel);
    }

    @Override
    public synchronized void insert(final List<ProjectedTransaction> transactions) {
        calls.add("insert " + transactions.stream().map(ProjectedTransaction::txId).toList());
        rows.addAll(transactions);
    }

    @Override
    public synchronized void saveCheckpoint(final String channel, final long blockNumber) {
        calls.add("checkpoint " + blockNumber);
        checkpoints.put(channel, blockNumber);
    }

    @Override
    public synchronized ProjectionChecksum checksum() {
        return new ProjectionChecksum(List.of(new ProjectionChecksum.Table("rows", rows.size(),
                Integer.toHexString(rows.hashCode()))));
    }

    synchronized List<ProjectedTransaction> rows() {
        return List.copyOf(rows);
    }

    synchronized void setCheckpoint(final String channel, final long blockNumber) {
        checkpoints.put(channel, blockNumber);
    }
}
