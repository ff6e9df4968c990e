package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Collection: devices registered one at a time or in batches, and the collector's sealed personal data of a device,
 * stored in and purged from its private data collection. Behind {@link DeviceContract}'s RegisterCollection,
 * RegisterCollections, StorePersonalData and PurgePersonalData.
 */
final class Collecting {

    private static final Set<String> BATCH_FIELDS = Set.of("collections");
    private static final Set<String> PERSONAL_FIELDS = Set.of("alg", "keyId", "nonce", "ciphertext");
    private static final int GCM_NONCE_BYTES = 12;
    private static final int GCM_TAG_BYTES = 16;
    private static final int MAX_SEALED_BYTES = 2048;

    private Collecting() {}

    /** RegisterCollection: one device, with its sealed personal data if the transient map holds it. */
    static String register(final Context ctx, final String collectionJson) {
        final CollectionInput collection =
                CollectionInput.parse(Fields.parse(collectionJson, "collectionJson", CollectionInput.FIELDS));

        final ChaincodeStub stub = ctx.getStub();
        final PersonalData personal = personalData(stub, collection.deviceId(), false);
        final String caller = ctx.getClientIdentity().getMSPID();
        final BatchedState state = new BatchedState(stub);
        state.prefetch(collection.keysChecked(caller));
        final Registry registry = new Registry(stub, state);
        registry.memberWithRole(caller, Role.COLLECTOR);
        final DeviceStore store = new DeviceStore(stub, state);
        collection.requireSite(registry, caller);
        collection.requireUnused(store);

        final Changes changes = new Changes(stub, store, caller);
        final byte[] personalBytes = personal == null ? null : LedgerJson.toBytes(personal);
        final Device device =
                collection.record(changes, store, caller, personalBytes == null ? null : sha256Hex(personalBytes));
        if (personalBytes != null) {
            stub.putPrivateData(personalCollection(caller), collection.deviceId(), personalBytes);
        }
        changes.commit();
        return LedgerJson.toText(device);
    }

    /** RegisterCollections: a batch, with a result per item (see {@link CollectionBatch}). */
    static String registerBatch(final Context ctx, final String batchJson) {
        final Fields in = Fields.parse(batchJson, "batchJson", BATCH_FIELDS, FieldLimits.MAX_BATCH_LENGTH);
        final JsonNode items = in.array("collections", 1, FieldLimits.MAX_DEVICES_PER_OPERATION);
        final ChaincodeStub stub = ctx.getStub();
        final Map<String, byte[]> transientData = stub.getTransient();
        if (transientData != null && !transientData.isEmpty()) {
            throw Fields.invalid("RegisterCollections takes no transient data; store personal data per device with"
                    + " StorePersonalData");
        }
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, Role.COLLECTOR);
        final DeviceStore store = new DeviceStore(stub);

        final CollectionBatch batch = new CollectionBatch(registry, store, caller);
        batch.decide(items);
        if (!batch.accepted().isEmpty()) {
            final Changes changes = new Changes(stub, store, caller);
            for (final CollectionInput collection : batch.accepted()) {
                collection.record(changes, store, caller, null);
            }
            changes.commit();
        }
        return LedgerJson.toText(batch.summary());
    }

    /** StorePersonalData: only a private data write, for a device collected without personal data. */
    static String storePersonalData(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final ChaincodeStub stub = ctx.getStub();
        final PersonalData personal = personalData(stub, deviceId, true);
        final String caller = ctx.getClientIdentity().getMSPID();
        final Device device = new DeviceStore(stub).requireDevice(deviceId);
        requireCollector(device, caller);
        final String collection = personalCollection(caller);
        final byte[] existing = stub.getPrivateDataHash(collection, deviceId);
        if (device.personalDataHash() != null || device.personalDataPurgedAt() != null
                || (existing != null && existing.length > 0)) {
            throw ContractErrors.refuse(LedgerError.PERSONAL_DATA_EXISTS,
                    "personal data of device " + deviceId + " was stored before");
        }

        final byte[] bytes = LedgerJson.toBytes(personal);
        stub.putPrivateData(collection, deviceId, bytes);
        return LedgerJson.toText(
                Map.of("collection", collection, "deviceId", deviceId, "personalDataHash", sha256Hex(bytes)));
    }

    /** PurgePersonalData: gone from the private data collection, the purge recorded on the device. */
    static String purgePersonalData(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final DeviceStore store = new DeviceStore(stub);
        final Device device = store.requireDevice(deviceId);
        requireCollector(device, caller);
        final String collection = personalCollection(caller);
        final byte[] hash = stub.getPrivateDataHash(collection, deviceId);
        if (device.personalDataPurgedAt() != null || hash == null || hash.length == 0) {
            throw ContractErrors.refuse(LedgerError.PERSONAL_DATA_NOT_FOUND,
                    "no personal data of device " + deviceId + " is held in " + collection);
        }

        final Changes changes = new Changes(stub, store, caller);
        final String hashHex = HexFormat.of().formatHex(hash);
        final Device.Builder next = device.toBuilder().personalDataHash(hashHex).personalDataPurgedAt(changes.now());
        final Device purged = changes.change(device, next, EventType.PERSONAL_DATA_PURGED, device.siteId(),
                Changes.details("collection", collection, "personalDataHash", hashHex)).device();
        stub.purgePrivateData(collection, deviceId);
        changes.commit();
        return LedgerJson.toText(purged);
    }

    private static void requireCollector(final Device device, final String caller) {
        if (!device.collectorMspId().equals(caller)) {
            throw ContractErrors.refuse(LedgerError.NOT_COLLECTING_ORG, "device " + device.deviceId()
                    + " was not collected by " + caller + "; only its collector holds the personal data");
        }
    }

    /** The sealed personal data of the transient map, checked; null if absent and not required. */
    private static PersonalData personalData(final ChaincodeStub stub, final String deviceId, final boolean required) {
        final String key = DeviceContract.PERSONAL_TRANSIENT_KEY;
        final Map<String, byte[]> transientData = stub.getTransient();
        final byte[] raw = transientData == null ? null : transientData.get(key);
        if (raw == null || raw.length == 0) {
            if (required) {
                throw Fields.invalid("transient data " + key + " is required");
            }
            return null;
        }
        final String where = "transient " + key;
        final Fields in = Fields.parse(new String(raw, StandardCharsets.UTF_8), where, PERSONAL_FIELDS);
        final String alg = in.text("alg", FieldLimits.SHORT_TEXT);
        if (!PersonalData.ALGORITHM.equals(alg)) {
            throw Fields.invalid(where + ".alg must be " + PersonalData.ALGORITHM);
        }
        final String keyId = in.matching("keyId", Fields.ID, Fields.ID_RULE);
        final String nonce = in.text("nonce", FieldLimits.SHORT_TEXT);
        final String ciphertext = in.text("ciphertext", MAX_SEALED_BYTES * 4 / 3 + 4);
        if (base64Length(nonce, where + ".nonce") != GCM_NONCE_BYTES) {
            throw Fields.invalid(where + ".nonce must be " + GCM_NONCE_BYTES + " bytes");
        }
        final int sealed = base64Length(ciphertext, where + ".ciphertext");
        if (sealed <= GCM_TAG_BYTES || sealed > MAX_SEALED_BYTES) {
            throw Fields.invalid(where + ".ciphertext must be " + (GCM_TAG_BYTES + 1) + " to " + MAX_SEALED_BYTES
                    + " bytes (sealed data and its tag)");
        }
        return new PersonalData(deviceId, alg, keyId, nonce, ciphertext);
    }

    /** The decoded length of standard, padded base64, rejecting any other text. */
    private static int base64Length(final String text, final String where) {
        if (text.length() % 4 != 0) {
            throw Fields.invalid(where + " must be padded base64");
        }
        try {
            return Base64.getDecoder().decode(text).length;
        } catch (IllegalArgumentException e) {
            throw Fields.invalid(where + " must be padded base64");
        }
    }

    private static String personalCollection(final String collectorMspId) {
        return DeviceKeys.PERSONAL_COLLECTION_PREFIX + collectorMspId;
    }

    private static String sha256Hex(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }
}
