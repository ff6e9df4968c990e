package io.wipetrace.gateway.projection;

import java.util.Objects;

/**
 * One domain event from a {@value TransactionProcessor#WIPETRACE_EVENTS} chaincode event, or one registry change
 * from a {@value TransactionProcessor#WIPETRACE_REGISTRY} event (no device; its type is the change), as the projection
 * stores it. Generic on purpose: the projection keeps every element of the payload's {@code events} array whatever its
 * type, and features read the fields they know from {@code payloadJson}.
 *
 * @param eventId the event's ID, unique on the channel
 * @param deviceId the device it concerns, or {@code null} for an event about no single device (e.g. an aggregation)
 * @param type the event's type, e.g. {@code COLLECTED}
 * @param blockNumber the block of the transaction that carried it
 * @param txId that transaction
 * @param txIndex that transaction's position in its block
 * @param eventIndex the event's position in the payload's {@code events} array
 * @param payloadJson the whole element, as JSON
 */
record LedgerEvent(
        String eventId,
        String deviceId,
        String type,
        long blockNumber,
        String txId,
        int txIndex,
        int eventIndex,
        String payloadJson) {

    /** Checks the required fields. */
    public LedgerEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
