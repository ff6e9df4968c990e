package io.wipetrace.gateway.ledger;

import java.util.Optional;

/**
 * Where {@link LedgerClient#submit} records a transaction after endorsement and before it goes to the orderers, so
 * that after a crash or an ambiguous timeout the same transaction (same ID, same signed bytes) is checked or sent
 * again instead of a new one: Fabric never commits a transaction ID twice, so this cannot write twice.
 */
public interface TransactionJournal {

    /** A journal that remembers nothing (reads, tests, callers without idempotency). */
    TransactionJournal NONE = new TransactionJournal() {
        @Override
        public Optional<PreparedTransaction> prepared() {
            return Optional.empty();
        }

        @Override
        public void recordPrepared(final PreparedTransaction transaction) {}

        @Override
        public void clearPrepared() {}
    };

    /**
     * An endorsed, signed transaction.
     *
     * @param transactionId its Fabric transaction ID
     * @param bytes the serialised signed transaction ({@code Transaction.getBytes()})
     * @param result the chaincode's result as endorsed
     */
    record PreparedTransaction(String transactionId, byte[] bytes, byte[] result) {}

    /** @return the transaction recorded by an earlier attempt, if any */
    Optional<PreparedTransaction> prepared();

    /**
     * Records a transaction before it is submitted; must be durable when this returns.
     *
     * @param transaction the endorsed transaction
     */
    void recordPrepared(PreparedTransaction transaction);

    /** Forgets the recorded transaction: it was invalidated at commit, so it wrote nothing and a new one may go. */
    void clearPrepared();
}
