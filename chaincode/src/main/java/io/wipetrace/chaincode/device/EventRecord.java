package io.wipetrace.chaincode.device;

import io.wipetrace.proof.ledger.DeviceState;
import java.util.Map;

/**
 * One step in a device's history, stored under {@code ("event", deviceId, sequence as 10 zero-padded digits)} and
 * carried in the transaction's chaincode event.
 *
 * @param eventId {@code txId + ":" + index}, the index counting the transaction's events from 0
 * @param txId the transaction
 * @param sequence position in the device's history, from 0
 * @param deviceId the device
 * @param type what happened
 * @param actorMspId the organisation that submitted it (verified caller identity)
 * @param siteId the site where it happened, absent for corrections
 * @param txTimestamp the transaction timestamp (ISO-8601), the record time
 * @param previousState the device's state before, absent for COLLECTED
 * @param state the device's state after
 * @param custodianMspId the custodian after
 * @param details type-specific members (see the chaincode README), keys sorted
 * @param previousEventHash the hex SHA-256 of the canonical JSON of the public form of the device's previous event
 *     (docs/proof-bundle.md, hash rule 6), absent for sequence 0: each event names the one before it, so a gap or a
 *     reordering shows in the events alone
 */
public record EventRecord(
        String eventId,
        String txId,
        long sequence,
        String deviceId,
        EventType type,
        String actorMspId,
        String siteId,
        String txTimestamp,
        DeviceState previousState,
        DeviceState state,
        String custodianMspId,
        Map<String, Object> details,
        String previousEventHash) {}
