package io.wipetrace.gateway.projection;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One valid endorser transaction as the projection stores it.
 *
 * @param txId the transaction ID
 * @param blockNumber the block that holds it
 * @param txIndex its position in the block, counting every envelope (valid or not) from 0
 * @param chaincode the chaincode it invoked, e.g. {@code wipetrace} or {@code _lifecycle}
 * @param creatorMspId the MSP ID of the client that signed it
 * @param timestamp the client's timestamp from the channel header
 * @param eventName the name of the chaincode event it emitted, when it invoked the projected chaincode and emitted
 *     one; otherwise {@code null}
 * @param eventPayload that event's payload, or {@code null} with {@code eventName}
 * @param events the domain events the transaction carries (from a {@value TransactionProcessor#WIPETRACE_EVENTS}
 *     event, in payload order, or the one registry change of a {@value TransactionProcessor#WIPETRACE_REGISTRY}
 *     event); empty for any other transaction
 */
record ProjectedTransaction(
        String txId,
        long blockNumber,
        int txIndex,
        String chaincode,
        String creatorMspId,
        Instant timestamp,
        String eventName,
        byte[] eventPayload,
        List<LedgerEvent> events) {

    /** Checks the required fields and copies the collections. */
    public ProjectedTransaction {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(chaincode, "chaincode");
        Objects.requireNonNull(creatorMspId, "creatorMspId");
        Objects.requireNonNull(timestamp, "timestamp");
        if ((eventName == null) != (eventPayload == null)) {
            throw new IllegalArgumentException("an event needs both a name and a payload");
        }
        eventPayload = eventPayload == null ? null : eventPayload.clone();
        events = List.copyOf(events);
    }

    @Override
    public byte[] eventPayload() {
        return eventPayload == null ? null : eventPayload.clone();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ProjectedTransaction that
                && txId.equals(that.txId)
                && blockNumber == that.blockNumber
                && txIndex == that.txIndex
                && chaincode.equals(that.chaincode)
                && creatorMspId.equals(that.creatorMspId)
                && timestamp.equals(that.timestamp)
                && Objects.equals(eventName, that.eventName)
                && Arrays.equals(eventPayload, that.eventPayload)
                && events.equals(that.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(txId, blockNumber, txIndex, chaincode, creatorMspId, timestamp, eventName,
                Arrays.hashCode(eventPayload), events);
    }

    @Override
    public String toString() {
        return "ProjectedTransaction[txId=" + txId + ", block=" + blockNumber + ", txIndex=" + txIndex + ", chaincode="
                + chaincode + ", creator=" + creatorMspId + ", event=" + eventName + ", events=" + events.size() + "]";
    }
}
