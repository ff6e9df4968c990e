package io.wipetrace.chaincode.probe;

/**
 * Payload of the {@value FoundationContract#VALUE_PUT_EVENT} chaincode event.
 *
 * @param key the key the value was stored under, as the client gave it
 * @param value the value stored
 * @param txId the transaction that stored it
 */
public record ValuePut(String key, String value, String txId) {}
