package io.wipetrace.gateway.ledger;

/**
 * Where a write landed on the ledger.
 *
 * @param transactionId the Fabric transaction ID
 * @param blockNumber the block it committed in
 */
public record LedgerReference(String transactionId, long blockNumber) {

    /**
     * @param committed a committed write
     * @return its reference
     */
    public static LedgerReference of(final LedgerClient.Committed committed) {
        return new LedgerReference(committed.transactionId(), committed.blockNumber());
    }
}
