package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The items of one RegisterCollections batch, decided one by one in index order: each is registered, found registered
 * already with the same values, or rejected with a code, and never fails the transaction. The ledger is read once for
 * the whole batch (every device and receipt index key the items name, in one message to the peer), not per item.
 */
final class CollectionBatch {

    /** The outcome of one item. */
    enum Status {
        /** Written by this transaction. */
        REGISTERED,
        /** On the ledger already with the same values; not written again. */
        ALREADY_REGISTERED,
        /** Refused; nothing written for it. */
        REJECTED
    }

    private final Registry registry;
    private final DeviceStore store;
    private final String caller;
    // Site checks by site ID: a batch usually names a handful of sites for hundreds of devices.
    private final Map<String, Optional<ChaincodeException>> siteChecks = new HashMap<>();
    private final Map<String, Integer> deviceIndex = new HashMap<>();
    private final Map<String, Integer> receiptIndex = new HashMap<>();
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final List<CollectionInput> accepted = new ArrayList<>();
    private long registered;
    private long already;

    CollectionBatch(final Registry registry, final DeviceStore store, final String caller) {
        this.registry = registry;
        this.store = store;
        this.caller = caller;
    }

    /**
     * Decides every item, in index order, and records its result: each item is parsed first, then the devices and
     * receipt index entries the parsed items name are read from the ledger together, then each is decided.
     */
    void decide(final JsonNode items) {
        final List<Parsed> parsed = new ArrayList<>(items.size());
        final List<String> deviceIds = new ArrayList<>(items.size());
        final List<String> receiptHashes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            final Parsed item = parse(i, items.get(i));
            parsed.add(item);
            if (item.collection() != null) {
                deviceIds.add(item.collection().deviceId());
                receiptHashes.add(item.collection().receiptHash());
            }
        }
        final DeviceStore.Lookup ledger = store.lookUp(deviceIds, receiptHashes);
        for (int i = 0; i < parsed.size(); i++) {
            decide(i, parsed.get(i), ledger);
        }
    }

    /** An item read: its collection, or why it was refused; its device ID when it has a well-formed one. */
    private record Parsed(String deviceId, CollectionInput collection, ChaincodeException rejection) {}

    private static Parsed parse(final int index, final JsonNode item) {
        final String where = "batchJson.collections[" + index + "]";
        String deviceId = null;
        try {
            if (!item.isObject()) {
                throw Fields.invalid(where + " must be a JSON object");
            }
            deviceId = wellFormedDeviceId(item);
            return new Parsed(deviceId,
                    CollectionInput.parse(Fields.of((ObjectNode) item, where, CollectionInput.FIELDS)), null);
        } catch (ChaincodeException e) {
            return new Parsed(deviceId, null, e);
        }
    }

    private void decide(final int index, final Parsed item, final DeviceStore.Lookup ledger) {
        if (item.rejection() != null) {
            results.add(result(index, item.deviceId(), Status.REJECTED, item.rejection()));
            return;
        }
        final CollectionInput collection = item.collection();
        try {
            requireFirstInBatch(index, collection);
            final Optional<Device> existing = ledger.device(collection.deviceId());
            if (existing.isPresent() && collection.sameAs(existing.get(), caller)) {
                results.add(result(index, item.deviceId(), Status.ALREADY_REGISTERED, null));
                already++;
                return;
            }
            requireSite(collection);
            collection.requireUnused(ledger);
            accepted.add(collection);
            results.add(result(index, item.deviceId(), Status.REGISTERED, null));
            registered++;
        } catch (ChaincodeException e) {
            results.add(result(index, item.deviceId(), Status.REJECTED, e));
        }
    }

    /** The collections to write, in index order. */
    List<CollectionInput> accepted() {
        return accepted;
    }

    /** The transaction's result: the counts and one result per item. */
    Map<String, Object> summary() {
        return Map.of(
                "registered", registered,
                "alreadyRegistered", already,
                "rejected", (long) results.size() - registered - already,
                "results", results);
    }

    /** The item's device ID when it has a well-formed one (reported even if the item is rejected), else null. */
    private static String wellFormedDeviceId(final JsonNode item) {
        final JsonNode id = item.get("deviceId");
        return id != null && id.isTextual() && Identifiers.DEVICE_ID_PATTERN.matcher(id.textValue()).matches()
                ? id.textValue() : null;
    }

    /** The device ID and the receipt hash must not be earlier in this batch: DEVICE_EXISTS, RECEIPT_EXISTS. */
    private void requireFirstInBatch(final int index, final CollectionInput collection) {
        final Integer sameDevice = deviceIndex.get(collection.deviceId());
        if (sameDevice != null) {
            throw ContractErrors.refuse(LedgerError.DEVICE_EXISTS,
                    "device " + collection.deviceId() + " is at index " + sameDevice + " of this batch already");
        }
        final Integer sameReceipt = receiptIndex.get(collection.receiptHash());
        if (sameReceipt != null) {
            throw ContractErrors.refuse(LedgerError.RECEIPT_EXISTS,
                    "this receipt hash is at index " + sameReceipt + " of this batch already");
        }
        deviceIndex.put(collection.deviceId(), index);
        receiptIndex.put(collection.receiptHash(), index);
    }

    /** The site check of {@link CollectionInput#requireSite}, made once per site ID. */
    private void requireSite(final CollectionInput collection) {
        final Optional<ChaincodeException> failure = siteChecks.computeIfAbsent(collection.siteId(), site -> {
            try {
                collection.requireSite(registry, caller);
                return Optional.empty();
            } catch (ChaincodeException e) {
                return Optional.of(e);
            }
        });
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    private static Map<String, Object> result(final int index, final String deviceId, final Status status,
            final ChaincodeException rejection) {
        final Map<String, Object> result = new TreeMap<>();
        result.put("index", (long) index);
        result.put("status", status.name());
        if (deviceId != null) {
            result.put("deviceId", deviceId);
        }
        if (rejection != null) {
            final byte[] payload = rejection.getPayload();
            final String code = payload == null || payload.length == 0
                    ? LedgerError.INVALID_ARGUMENT.name() : new String(payload, StandardCharsets.UTF_8);
            final String message = String.valueOf(rejection.getMessage());
            result.put("code", code);
            result.put("message", message.startsWith(code + ": ") ? message.substring(code.length() + 2) : message);
        }
        return result;
    }
}
