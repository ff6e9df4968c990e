package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.CompositeKeys;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The device contract's world state: point reads by composite key (one at a time, or many in one message to the
 * peer), prefix reads of indexes, and the writes, which are held and sent together by {@link #flush()} ({@link
 * Changes#commit()} does): see {@link BatchedState}.
 */
final class DeviceStore {

    /** Value of index keys that need none. */
    private static final byte[] EMPTY_OBJECT = LedgerJson.toBytes(Map.of());

    static final Pattern EVENT_ID = Pattern.compile("([A-Za-z0-9]{1,128}):([0-9]{1,6})");

    private final ChaincodeStub stub;
    private final BatchedState batched;

    DeviceStore(final ChaincodeStub stub) {
        this(stub, new BatchedState(stub));
    }

    /** A store that reads and writes through the transaction's batched state, with what it prefetched. */
    DeviceStore(final ChaincodeStub stub, final BatchedState batched) {
        this.stub = stub;
        this.batched = batched;
    }

    static String deviceKey(final String deviceId) {
        return key(DeviceKeys.DEVICE, deviceId);
    }

    static String receiptKey(final String receiptHash) {
        return key(DeviceKeys.RECEIPT, receiptHash);
    }

    static String reportKey(final String reportId) {
        return key(DeviceKeys.REPORT, reportId);
    }

    Optional<Device> findDevice(final String deviceId) {
        return read(deviceKey(deviceId), Device.class);
    }

    Device requireDevice(final String deviceId) {
        return findDevice(deviceId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.DEVICE_NOT_FOUND, "no device " + deviceId));
    }

    Optional<String> deviceIdForReceipt(final String receiptHash) {
        return readTree(receiptKey(receiptHash)).map(node -> node.get("deviceId").textValue());
    }

    /**
     * The devices and the receipt index entries of many collections, read in as few messages to the peer as it takes.
     *
     * @param deviceIds device IDs
     * @param receiptHashes receipt hashes
     * @return what the ledger holds under them
     */
    Lookup lookUp(final List<String> deviceIds, final List<String> receiptHashes) {
        final List<String> keys = new ArrayList<>(deviceIds.size() + receiptHashes.size());
        deviceIds.forEach(id -> keys.add(deviceKey(id)));
        receiptHashes.forEach(hash -> keys.add(receiptKey(hash)));
        final List<byte[]> values = batched.getStates(keys);
        final Map<String, Device> devices = new HashMap<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            final byte[] stored = values.get(i);
            if (stored != null) {
                devices.put(deviceIds.get(i), LedgerJson.read(stored, Device.class));
            }
        }
        final Map<String, String> receipts = new HashMap<>();
        for (int i = 0; i < receiptHashes.size(); i++) {
            final byte[] stored = values.get(deviceIds.size() + i);
            if (stored != null) {
                receipts.put(receiptHashes.get(i), LedgerJson.readTree(stored).get("deviceId").textValue());
            }
        }
        return new Lookup(devices, receipts);
    }

    /**
     * Devices and receipt index entries read together.
     *
     * @param devices stored devices by device ID (those found)
     * @param receipts device IDs by receipt hash (those found)
     */
    record Lookup(Map<String, Device> devices, Map<String, String> receipts) {

        Optional<Device> device(final String deviceId) {
            return Optional.ofNullable(devices.get(deviceId));
        }

        Optional<String> deviceIdForReceipt(final String receiptHash) {
            return Optional.ofNullable(receipts.get(receiptHash));
        }
    }

    Optional<Handover> findHandover(final String handoverId) {
        return read(key(DeviceKeys.HANDOVER, handoverId), Handover.class);
    }

    Optional<SmeltingLot> findLot(final String lotId) {
        return read(key(DeviceKeys.LOT, lotId), SmeltingLot.class);
    }

    boolean reportRecorded(final String reportId) {
        return readTree(reportKey(reportId)).isPresent();
    }

    /**
     * Finds one of a device's events by its ID ({@code txId:index}): a prefix read of the device's event keys, which
     * the peers validate as a range when the transaction commits. Only corrections look an event up by ID, so no
     * index from event IDs to devices is kept.
     *
     * @param device the stored device
     * @param eventId the event's ID
     * @return the event, if the device has one with that ID
     */
    Optional<EventRecord> findEvent(final Device device, final String eventId) {
        try (QueryResultsIterator<KeyValue> results =
                stub.getStateByPartialCompositeKey(DeviceKeys.EVENT, device.deviceId())) {
            for (final KeyValue result : results) {
                final EventRecord event = LedgerJson.read(result.getValue(), EventRecord.class);
                if (event.eventId().equals(eventId)) {
                    return Optional.of(event);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The hash the device's next event names as its previous one: over the public form of the stored event, with
     * the proof module's canonical JSON, exactly as every verifier computes it from a proof bundle.
     *
     * @param deviceId the device
     * @param sequence the stored event's sequence
     * @return 64 hex digits
     */
    String eventHash(final String deviceId, final long sequence) {
        final byte[] stored = stub.getState(key(DeviceKeys.EVENT, deviceId, DeviceKeys.sequence(sequence)));
        if (stored == null || stored.length == 0) {
            // Every device has events 0 to eventCount - 1; a missing one means the world state is corrupt.
            throw new IllegalStateException("device " + deviceId + " has no event " + sequence);
        }
        return PublicForm.eventHash(LedgerJson.readTree(stored));
    }

    /**
     * A device's events in sequence order: one prefix read of its event keys.
     *
     * @param deviceId the device
     * @return the stored events
     */
    List<JsonNode> history(final String deviceId) {
        final List<JsonNode> events = new ArrayList<>();
        try (QueryResultsIterator<KeyValue> results = stub.getStateByPartialCompositeKey(DeviceKeys.EVENT, deviceId)) {
            for (final KeyValue result : results) {
                events.add(LedgerJson.readTree(result.getValue()));
            }
        }
        return events;
    }

    /**
     * One page of the custodian~state~deviceId index.
     *
     * @param custodianMspId the custodian
     * @param state the state, or null for every state
     * @param pageSize most devices returned
     * @param bookmark Fabric's bookmark from the previous page, or empty for the first
     * @return the devices and Fabric's bookmark for the next page (empty when there is none)
     */
    Page custodyPage(final String custodianMspId, final DeviceState state, final int pageSize, final String bookmark) {
        final CompositeKey prefix = state == null
                ? stub.createCompositeKey(DeviceKeys.CUSTODY, custodianMspId)
                : stub.createCompositeKey(DeviceKeys.CUSTODY, custodianMspId, state.name());
        final List<Device> devices = new ArrayList<>();
        final String next;
        try (QueryResultsIteratorWithMetadata<KeyValue> results =
                stub.getStateByPartialCompositeKeyWithPagination(prefix, pageSize, bookmark)) {
            for (final KeyValue result : results) {
                final List<String> attributes = stub.splitCompositeKey(result.getKey()).getAttributes();
                devices.add(requireDevice(attributes.get(2)));
            }
            next = results.getMetadata() == null ? "" : results.getMetadata().getBookmark();
        }
        return new Page(devices, next);
    }

    /** A page of devices and the bookmark of the next one. */
    record Page(List<Device> devices, String bookmark) {}

    /**
     * Writes a device and keeps the custody index in step.
     *
     * @param before the stored version, or null for a new device
     * @param after the new version
     */
    void putDevice(final Device before, final Device after) {
        if (before != null
                && (!before.custodianMspId().equals(after.custodianMspId()) || before.state() != after.state())) {
            batched.delete(custodyKey(before));
        }
        if (before == null || !custodyKey(before).equals(custodyKey(after))) {
            batched.put(custodyKey(after), EMPTY_OBJECT);
        }
        batched.put(deviceKey(after.deviceId()), LedgerJson.toBytes(after));
    }

    void putReceipt(final String receiptHash, final String deviceId) {
        batched.put(receiptKey(receiptHash), LedgerJson.toBytes(Map.of("deviceId", deviceId)));
    }

    void putHandover(final Handover handover) {
        batched.put(key(DeviceKeys.HANDOVER, handover.handoverId()), LedgerJson.toBytes(handover));
    }

    void putLot(final SmeltingLot lot) {
        batched.put(key(DeviceKeys.LOT, lot.lotId()), LedgerJson.toBytes(lot));
    }

    void putReport(final String reportId, final String deviceId, final String eventId) {
        batched.put(
                key(DeviceKeys.REPORT, reportId),
                LedgerJson.toBytes(Map.of("deviceId", deviceId, "eventId", eventId)));
    }

    /**
     * Writes an event.
     *
     * @param event the event
     * @param stored its canonical JSON ({@link LedgerJson#toBytes}), already written once to hash it
     */
    void putEvent(final EventRecord event, final byte[] stored) {
        batched.put(key(DeviceKeys.EVENT, event.deviceId(), DeviceKeys.sequence(event.sequence())), stored);
    }

    /** Sends every write held so far to the peer; a transaction that writes ends with this. */
    void flush() {
        batched.flush();
    }

    private String custodyKey(final Device device) {
        return key(DeviceKeys.CUSTODY, device.custodianMspId(), device.state().name(), device.deviceId());
    }

    private static String key(final String objectType, final String... attributes) {
        return CompositeKeys.of(objectType, attributes);
    }

    private <T> Optional<T> read(final String key, final Class<T> type) {
        final byte[] stored = batched.getState(key);
        return stored == null ? Optional.empty() : Optional.of(LedgerJson.read(stored, type));
    }

    private Optional<JsonNode> readTree(final String key) {
        final byte[] stored = batched.getState(key);
        return stored == null ? Optional.empty() : Optional.of(LedgerJson.readTree(stored));
    }
}
