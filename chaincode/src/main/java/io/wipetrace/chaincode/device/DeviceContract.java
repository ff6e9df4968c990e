package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Organisation;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.chaincode.registry.Station;
import io.wipetrace.chaincode.registry.StationStatus;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The device lifecycle ledger: collection, handovers of aggregations, erasure with station signatures, dismantling,
 * storage destruction, smelting lots and refurbishment, each checked against the registry, the caller's verified MSP
 * ID and the {@link Lifecycle} table.
 *
 * <p>Every transaction validates all of its input and reads before its first write. Every write transaction appends
 * one {@link EventRecord} per device it changes and emits exactly one {@value #EVENT_NAME} chaincode event whose payload
 * is the canonical JSON {@code {"events":[...]}} of those records, in index order (a {@link #RegisterCollections}
 * batch that registers no device changes none and emits none). Results are canonical JSON.
 */
@Contract(
        name = "device",
        info = @Info(
                title = "WipeTrace device lifecycle",
                description = "Custody chain and destruction evidence of recycled phones",
                version = "0.1.0",
                license = @License(name = "Apache-2.0"),
                contact = @Contact(name = "WipeTrace")))
public final class DeviceContract implements ContractInterface {

    /** Name of the chaincode event every device write transaction emits. */
    public static final String EVENT_NAME = "wipetrace.events";
    /** Transient map key of the optional personal data of a collection. */
    public static final String PERSONAL_TRANSIENT_KEY = "personal";
    /** Most devices in one handover or smelting lot. */
    public static final int MAX_DEVICES_PER_OPERATION = FieldLimits.MAX_DEVICES_PER_OPERATION;
    /** Longest {@code batchJson} of {@link #RegisterCollections}, in characters (500 full collections fit). */
    public static final int MAX_BATCH_LENGTH = FieldLimits.MAX_BATCH_LENGTH;
    /** Most devices in one page of {@link #ListDevicesByCustodian}. */
    public static final int MAX_PAGE_SIZE = FieldLimits.MAX_PAGE_SIZE;
    /** How far an erasure's end may lie after the transaction timestamp (station clock skew). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    static final Pattern DEVICE_ID = Identifiers.DEVICE_ID_PATTERN;
    static final String DEVICE_ID_RULE = Identifiers.DEVICE_ID_RULE;
    private static final int MAX_SHORT_TEXT = FieldLimits.SHORT_TEXT;
    private static final int MAX_TEXT = FieldLimits.TEXT;
    private static final int MAX_LONG_TEXT = FieldLimits.LONG_TEXT;
    private static final int MAX_CORRECTION_BYTES = 8192;
    private static final long MAX_GRAMS = FieldLimits.MAX_GRAMS;

    private static final Set<String> COLLECTION_FIELDS = Set.of("deviceId", "receiptHash", "identifierCommitment",
            "make", "model", "storageGb", "channel", "productType", "siteId", "consent", "bagId", "sealId", "locked");
    private static final Set<String> BATCH_FIELDS = Set.of("collections");
    private static final Set<String> CONSENT_FIELDS = Set.of("reference", "scope", "method", "impact");
    private static final Set<String> PERSONAL_FIELDS = Set.of("alg", "keyId", "nonce", "ciphertext");
    private static final int GCM_NONCE_BYTES = 12;
    private static final int GCM_TAG_BYTES = 16;
    private static final int MAX_SEALED_BYTES = 2048;
    private static final Set<String> OFFER_FIELDS =
            Set.of("handoverId", "deviceIds", "containerId", "toMspId", "toSiteId", "sealId", "waybill");
    private static final Set<String> ACCEPT_FIELDS = Set.of("sealIntact", "note");
    private static final Set<String> ERASURE_FIELDS = Set.of("deviceId", "reportId", "reportSha256", "reportSm3",
            "method", "technique", "standard", "tool", "toolVersion", "result", "resultReason", "verification",
            "startedAt", "endedAt", "siteId", "operator", "witness", "consentReference", "stationId", "signature");
    private static final Set<String> VERIFICATION_FIELDS = Set.of("mode", "by");
    private static final Set<String> DISMANTLING_FIELDS = Set.of("deviceId", "storageComponentCommitment", "siteId");
    private static final Set<String> DESTRUCTION_FIELDS = Set.of("deviceId", "method", "siteId", "evidenceSha256");
    private static final Set<String> LOT_FIELDS = Set.of(
            "lotId", "deviceIds", "inputCount", "inputWeightGrams", "outputWeightGrams", "siteId");
    private static final Set<String> REFURBISHMENT_FIELDS = Set.of("deviceId", "siteId", "channel");
    private static final Set<String> RESALE_FIELDS = Set.of("deviceId", "siteId", "channel");
    private static final Set<String> EXPORT_FIELDS =
            Set.of("deviceId", "siteId", "destinationCountry", "declarationNumber");
    private static final Pattern COUNTRY = Identifiers.COUNTRY_PATTERN;
    /** The country the alliance operates in: an export goes anywhere else. */
    static final String HOME_COUNTRY = Identifiers.HOME_COUNTRY;
    private static final Set<String> CORRECTION_FIELDS = Set.of("eventId", "reason", "correction");

    // ---------------------------------------------------------------------------------------------------------------
    // Collection and personal data

    /**
     * Registers a device handed in by a consumer. The caller's organisation must hold COLLECTOR and own the site; it
     * becomes the custodian and the device is COLLECTED.
     *
     * <p>Optional transient data under {@value #PERSONAL_TRANSIENT_KEY}: sealed personal data {@code {"alg":"A256GCM",
     * "keyId","nonce","ciphertext"}} ({@link PersonalData}: the collector's gateway encrypted it, the chaincode never
     * sees a clear value) is written to the private data collection {@code personal_<caller MSP ID>} under the device
     * ID; the device keeps only the SHA-256 of the stored bytes.
     *
     * @param ctx the transaction context
     * @param collectionJson {@code {"deviceId","receiptHash","identifierCommitment","make","model","storageGb",
     *     "channel":"HOME_PICKUP"|"STORE"|"MAIL_BAG","productType"? (a {@link ProductType}; absent = PHONE),"siteId",
     *     "consent"?:{"reference","scope","method","impact"},"bagId"?,"sealId"?,"locked"}}; a collection without
     *     {@code consent} is recorded, but nothing that could reach its user data is allowed later (CONSENT_MISSING)
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, SITE_NOT_FOUND, SITE_NOT_OWNED, DEVICE_EXISTS or
     *     RECEIPT_EXISTS.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterCollection(final Context ctx, final String collectionJson) {
        final CollectionInput collection =
                CollectionInput.parse(Fields.parse(collectionJson, "collectionJson", COLLECTION_FIELDS));

        final ChaincodeStub stub = ctx.getStub();
        final PersonalData personal = personalData(stub, collection.deviceId(), false);
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, Role.COLLECTOR);
        final DeviceStore store = new DeviceStore(stub);
        collection.requireSite(registry, caller);
        collection.requireUnused(store);

        final Changes changes = new Changes(stub, store, caller);
        final byte[] personalBytes = personal == null ? null : LedgerJson.toBytes(personal);
        final Device device =
                collection.record(changes, store, caller, personalBytes == null ? null : sha256Hex(personalBytes));
        if (personalBytes != null) {
            stub.putPrivateData(collection(caller), collection.deviceId(), personalBytes);
        }
        changes.commit();
        return LedgerJson.toText(device);
    }

    /**
     * Registers up to {@value #MAX_DEVICES_PER_OPERATION} collected devices in one transaction, each checked exactly as
     * {@link #RegisterCollection} checks one, with a result per item: a bulk import sends many devices per transaction
     * and must know which landed.
     *
     * <p>Whole-transaction failures (nothing written): a malformed {@code batchJson} (not an object, unknown members,
     * {@code collections} not an array of 1 to {@value #MAX_DEVICES_PER_OPERATION}, longer than {@value
     * #MAX_BATCH_LENGTH} characters), transient data (personal data is not taken in a batch), NOT_REGISTERED and
     * ROLE_NOT_HELD. Everything else is decided per item, in index order, and never fails the transaction:
     *
     * <ul>
     *   <li>{@code REGISTERED}: valid and new; written and announced exactly as by RegisterCollection, one COLLECTED
     *       event per device in the transaction's one {@value #EVENT_NAME} event (event index = order among the
     *       registered items).
     *   <li>{@code ALREADY_REGISTERED}: a device with this ID exists, collected by the caller with exactly these values
     *       (receipt hash, commitment, site, make, model, storage, channel, consent, bag, seal, locked): the same
     *       registration sent again (a batch resubmitted after a crash). Nothing is written for it.
     *   <li>{@code REJECTED} with {@code code} and {@code message}: INVALID_ARGUMENT (item malformed),
     *       SITE_NOT_FOUND, SITE_NOT_OWNED, DEVICE_EXISTS or RECEIPT_EXISTS (on the ledger with other values, or
     *       earlier in this batch). Nothing is written for it.
     * </ul>
     *
     * @param ctx the transaction context
     * @param batchJson {@code {"collections":[collection, ...]}}, each collection as RegisterCollection takes it
     * @return {@code {"alreadyRegistered","registered","rejected","results":[{"code"?,"deviceId"?,"index","message"?,
     *     "status"}]}}, one result per item in order ({@code deviceId} when the item has a well-formed one)
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED or ROLE_NOT_HELD.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterCollections(final Context ctx, final String batchJson) {
        final Fields in = Fields.parse(batchJson, "batchJson", BATCH_FIELDS, MAX_BATCH_LENGTH);
        final JsonNode items = in.array("collections", 1, MAX_DEVICES_PER_OPERATION);
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
        // Site checks by site ID: a batch usually names a handful of sites for hundreds of devices.
        final Map<String, Optional<ChaincodeException>> siteChecks = new HashMap<>();

        final List<Map<String, Object>> results = new ArrayList<>(items.size());
        final List<CollectionInput> accepted = new ArrayList<>();
        final Map<String, Integer> deviceIndex = new HashMap<>();
        final Map<String, Integer> receiptIndex = new HashMap<>();
        int registered = 0;
        int already = 0;
        for (int i = 0; i < items.size(); i++) {
            final String where = "batchJson.collections[" + i + "]";
            final JsonNode item = items.get(i);
            String deviceId = null;
            try {
                if (!item.isObject()) {
                    throw Fields.invalid(where + " must be a JSON object");
                }
                final JsonNode id = item.get("deviceId");
                deviceId = id != null && id.isTextual() && DEVICE_ID.matcher(id.textValue()).matches()
                        ? id.textValue() : null;
                final CollectionInput collection = CollectionInput.parse(Fields.of((ObjectNode) item, where, COLLECTION_FIELDS));
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
                deviceIndex.put(collection.deviceId(), i);
                receiptIndex.put(collection.receiptHash(), i);
                final Optional<Device> existing = store.findDevice(collection.deviceId());
                if (existing.isPresent() && collection.sameAs(existing.get(), caller)) {
                    results.add(result(i, deviceId, BatchStatus.ALREADY_REGISTERED, null));
                    already++;
                    continue;
                }
                final Optional<ChaincodeException> siteFailure = siteChecks.computeIfAbsent(collection.siteId(),
                        site -> {
                            try {
                                collection.requireSite(registry, caller);
                                return Optional.empty();
                            } catch (ChaincodeException e) {
                                return Optional.of(e);
                            }
                        });
                if (siteFailure.isPresent()) {
                    throw siteFailure.get();
                }
                collection.requireUnused(store);
                accepted.add(collection);
                results.add(result(i, deviceId, BatchStatus.REGISTERED, null));
                registered++;
            } catch (ChaincodeException e) {
                results.add(result(i, deviceId, BatchStatus.REJECTED, e));
            }
        }

        if (!accepted.isEmpty()) {
            final Changes changes = new Changes(stub, store, caller);
            for (final CollectionInput collection : accepted) {
                collection.record(changes, store, caller, null);
            }
            changes.commit();
        }
        return LedgerJson.toText(Map.of(
                "registered", (long) registered,
                "alreadyRegistered", (long) already,
                "rejected", (long) (items.size() - registered - already),
                "results", results));
    }

    /** The outcome of one item of {@link #RegisterCollections}. */
    enum BatchStatus {
        /** Written by this transaction. */
        REGISTERED,
        /** On the ledger already with the same values; not written again. */
        ALREADY_REGISTERED,
        /** Refused; nothing written for it. */
        REJECTED
    }

    private static Map<String, Object> result(final int index, final String deviceId, final BatchStatus status,
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

    /**
     * One collection as RegisterCollection and RegisterCollections take it, checked member by member: the one place
     * that validates, checks against the ledger and records a collection.
     */
    private record CollectionInput(String deviceId, String receiptHash, String commitment, String make, String model,
            long storageGb, CollectionChannel channel, ProductType productType, String siteId, Consent consent,
            String bagId, String sealId, boolean locked) {

        /** Reads and checks every member; fails with INVALID_ARGUMENT. */
        static CollectionInput parse(final Fields in) {
            final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
            final String receiptHash = in.matching("receiptHash", Fields.HEX_256, Fields.HEX_256_RULE);
            final String commitment = in.matching("identifierCommitment", Fields.HEX_256, Fields.HEX_256_RULE);
            final String make = in.text("make", MAX_SHORT_TEXT);
            final String model = in.text("model", MAX_SHORT_TEXT);
            final long storageGb = in.integer("storageGb", 1, 16_384);
            final CollectionChannel channel = in.enumValue("channel", CollectionChannel.class);
            final ProductType productType =
                    in.has("productType") ? in.enumValue("productType", ProductType.class) : ProductType.PHONE;
            final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
            Consent consent = null;
            if (in.has("consent")) {
                final Fields consentIn = in.object("consent", CONSENT_FIELDS);
                consent = new Consent(
                        consentIn.text("reference", MAX_TEXT),
                        consentIn.text("scope", MAX_LONG_TEXT),
                        consentIn.text("method", MAX_TEXT),
                        consentIn.text("impact", MAX_LONG_TEXT));
            }
            final String bagId = in.optionalMatching("bagId", Fields.ID, Fields.ID_RULE);
            final String sealId = in.optionalMatching("sealId", Fields.ID, Fields.ID_RULE);
            final boolean locked = in.bool("locked");
            return new CollectionInput(deviceId, receiptHash, commitment, make, model, storageGb, channel, productType,
                    siteId, consent, bagId, sealId, locked);
        }

        /** The site must be the caller's: SITE_NOT_FOUND, SITE_NOT_OWNED. */
        void requireSite(final Registry registry, final String caller) {
            registry.siteOwnedBy(siteId, caller);
        }

        /** The device ID and the receipt hash must be unused on the ledger: DEVICE_EXISTS, RECEIPT_EXISTS. */
        void requireUnused(final DeviceStore store) {
            if (store.findDevice(deviceId).isPresent()) {
                throw ContractErrors.refuse(LedgerError.DEVICE_EXISTS, "device " + deviceId + " exists already");
            }
            if (store.deviceIdForReceipt(receiptHash).isPresent()) {
                throw ContractErrors.refuse(LedgerError.RECEIPT_EXISTS, "a device with this receipt hash exists already");
            }
        }

        /** Whether a stored device is this very collection by this caller (sent again), not another one. */
        boolean sameAs(final Device stored, final String caller) {
            return stored.collectorMspId().equals(caller)
                    && stored.receiptHash().equals(receiptHash)
                    && stored.identifierCommitment().equals(commitment)
                    && stored.collectionSiteId().equals(siteId)
                    && stored.make().equals(make)
                    && stored.model().equals(model)
                    && stored.storageGb() == storageGb
                    && stored.channel() == channel
                    && stored.productType() == productType
                    && Objects.equals(consent, stored.consent())
                    && Objects.equals(stored.bagId(), bagId)
                    && Objects.equals(stored.sealId(), sealId)
                    && stored.locked() == locked;
        }

        /** Records the new device, its COLLECTED event and its receipt index; the caller commits the changes. */
        Device record(final Changes changes, final DeviceStore store, final String caller,
                final String personalHash) {
            final Device device = new Device(deviceId, receiptHash, commitment, make, model, storageGb, channel,
                    productType, consent, bagId, sealId, locked, caller, siteId, changes.now(), DeviceState.COLLECTED, null, caller,
                    siteId, null, null, null, null, personalHash, null, 1, changes.now());
            changes.create(device, EventType.COLLECTED, Changes.details(
                    "channel", channel,
                    "make", make,
                    "model", model,
                    "storageGb", storageGb,
                    "productType", productType,
                    "locked", locked,
                    "bagId", bagId,
                    "sealId", sealId,
                    "receiptHash", receiptHash,
                    "identifierCommitment", commitment,
                    "consent", consent,
                    "personalDataHash", personalHash));
            store.putReceipt(receiptHash, deviceId);
            return device;
        }
    }

    /**
     * Stores the personal data of a device collected without it, writing only the private data collection {@code
     * personal_<caller MSP ID>}: the transaction has no public writes, so the collection's own endorsement policy can
     * let the collecting organisation endorse it alone and the transient data reaches no other organisation's peer. It
     * appends no event and emits no chaincode event (that would need a public write); Fabric's private data hash on the
     * channel is the evidence, and PurgePersonalData records it.
     *
     * @param ctx the transaction context; transient {@value #PERSONAL_TRANSIENT_KEY} is required: sealed personal
     *     data, as {@link #RegisterCollection} takes it
     * @param deviceId the device
     * @return {@code {"collection","deviceId","personalDataHash"}}
     *     <p>Fails with INVALID_ARGUMENT, DEVICE_NOT_FOUND, NOT_COLLECTING_ORG or PERSONAL_DATA_EXISTS (stored, or
     *     purged, before).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String StorePersonalData(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final ChaincodeStub stub = ctx.getStub();
        final PersonalData personal = personalData(stub, deviceId, true);
        final String caller = ctx.getClientIdentity().getMSPID();
        final Device device = new DeviceStore(stub).requireDevice(deviceId);
        requireCollector(device, caller);
        final String collection = collection(caller);
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

    /**
     * Purges the device's personal data from the collecting organisation's private data collection ({@code
     * stub.purgePrivateData}: gone from every peer, history included). The public record keeps the identifier
     * commitment and the private data hash. The collector's gateway destroys the device's data key before it submits
     * this, so the sealed bytes are unreadable even where a peer's files still hold them until a compaction.
     *
     * @param ctx the transaction context
     * @param deviceId the device
     * @return the device as stored, {@code personalDataPurgedAt} set
     *     <p>Fails with INVALID_ARGUMENT, DEVICE_NOT_FOUND, NOT_COLLECTING_ORG or PERSONAL_DATA_NOT_FOUND (never
     *     stored, or purged already).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String PurgePersonalData(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final DeviceStore store = new DeviceStore(stub);
        final Device device = store.requireDevice(deviceId);
        requireCollector(device, caller);
        final String collection = collection(caller);
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

    // ---------------------------------------------------------------------------------------------------------------
    // Handovers

    /**
     * Offers an aggregation of devices (bag, box, pallet) to another organisation. The caller must be the custodian of
     * every device and each device's state must allow OFFER; the devices go IN_TRANSIT with this pending handover and
     * stay in the caller's custody until the receiver accepts.
     *
     * @param ctx the transaction context
     * @param offerJson {@code {"handoverId","deviceIds":[1..500 distinct],"containerId"?,"toMspId","toSiteId",
     *     "sealId"?,"waybill"?}}; the receiver must be registered with COLLECTOR, LOGISTICS, PROCESSOR or SMELTER and
     *     own the site
     * @return the handover as stored, status PENDING
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ORGANISATION_NOT_FOUND, ROLE_NOT_HELD (receiver),
     *     SITE_NOT_FOUND, SITE_NOT_OWNED, HANDOVER_EXISTS, DEVICE_NOT_FOUND, NOT_CUSTODIAN or ILLEGAL_TRANSITION.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String OfferHandover(final Context ctx, final String offerJson) {
        final Fields in = Fields.parse(offerJson, "offerJson", OFFER_FIELDS);
        final String handoverId = in.matching("handoverId", Fields.ID, Fields.ID_RULE);
        final List<String> deviceIds =
                in.distinctList("deviceIds", 1, MAX_DEVICES_PER_OPERATION, DEVICE_ID, DEVICE_ID_RULE);
        final String containerId = in.optionalMatching("containerId", Fields.ID, Fields.ID_RULE);
        final String toMspId = in.matching("toMspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        final String toSiteId = in.matching("toSiteId", Fields.ID, Fields.ID_RULE);
        final String sealId = in.optionalMatching("sealId", Fields.ID, Fields.ID_RULE);
        final String waybill = in.optionalText("waybill", MAX_SHORT_TEXT);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.member(caller);
        final Organisation receiver = registry.findOrganisation(toMspId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.ORGANISATION_NOT_FOUND, 
                        "receiver " + toMspId + " is not registered"));
        if (!(receiver.holds(Role.COLLECTOR) || receiver.holds(Role.LOGISTICS) || receiver.holds(Role.PROCESSOR)
                || receiver.holds(Role.SMELTER))) {
            throw ContractErrors.refuse(LedgerError.ROLE_NOT_HELD, 
                    "receiver " + toMspId + " holds no role that takes custody (COLLECTOR, LOGISTICS, PROCESSOR, SMELTER)");
        }
        registry.siteOwnedBy(toSiteId, toMspId);
        final DeviceStore store = new DeviceStore(stub);
        if (store.findHandover(handoverId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.HANDOVER_EXISTS, "handover " + handoverId + " exists already");
        }
        final List<Device> devices = custodianDevices(store, deviceIds, caller, Action.OFFER);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next = device.toBuilder().stateBeforeTransit(device.state()).pendingHandoverId(handoverId);
            Lifecycle.move(next, device.deviceId(), Action.OFFER, DeviceState.IN_TRANSIT);
            changes.change(device, next, EventType.HANDOVER_OFFERED, device.siteId(), Changes.details(
                    "handoverId", handoverId,
                    "containerId", containerId,
                    "deviceCount", (long) deviceIds.size(),
                    "fromMspId", caller,
                    "toMspId", toMspId,
                    "toSiteId", toSiteId,
                    "sealId", sealId,
                    "waybill", waybill));
        }
        final Handover handover = new Handover(handoverId, deviceIds, containerId, caller, toMspId, toSiteId, sealId,
                waybill, HandoverStatus.PENDING, changes.now(), changes.txId(), null, null, null, null, null);
        store.putHandover(handover);
        changes.commit();
        return LedgerJson.toText(handover);
    }

    /**
     * Accepts a pending handover: custody of every device moves to the caller, at the handover's site. A device
     * offered from COLLECTED or RECEIVED becomes RECEIVED; one offered after processing keeps its processing state
     * (WIPED, WIPE_FAILED, DISMANTLED, STORAGE_DESTROYED). A broken seal is accepted and recorded as the exception
     * {@code SEAL_BROKEN} on every device's event, with {@code SEAL_BROKEN_BEFORE_ERASURE} on the events of devices not
     * wiped yet.
     *
     * @param ctx the transaction context
     * @param handoverId the handover
     * @param acceptJson {@code {"sealIntact": true|false, "note"?}}
     * @return the handover as stored, status ACCEPTED
     *     <p>Fails with INVALID_ARGUMENT, HANDOVER_NOT_FOUND, NOT_RECEIVER or HANDOVER_CLOSED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String AcceptHandover(final Context ctx, final String handoverId, final String acceptJson) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        final Fields in = Fields.parse(acceptJson, "acceptJson", ACCEPT_FIELDS);
        final boolean sealIntact = in.bool("sealIntact");
        final String note = in.optionalText("note", MAX_LONG_TEXT);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final DeviceStore store = new DeviceStore(stub);
        final Handover handover = pendingHandoverFor(store, handoverId, caller);
        final List<Device> devices = transitDevices(store, handover);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next = device.toBuilder()
                    .custodianMspId(handover.toMspId())
                    .siteId(handover.toSiteId())
                    .stateBeforeTransit(null)
                    .pendingHandoverId(null);
            Lifecycle.move(next, device.deviceId(), Action.ACCEPT, Lifecycle.afterAcceptance(device.stateBeforeTransit()));
            changes.change(device, next, EventType.HANDOVER_ACCEPTED, handover.toSiteId(), Changes.details(
                    "handoverId", handoverId,
                    "containerId", handover.containerId(),
                    "fromMspId", handover.fromMspId(),
                    "toMspId", handover.toMspId(),
                    "sealId", handover.sealId(),
                    "sealIntact", sealIntact,
                    "note", note,
                    "exceptions", sealExceptions(sealIntact, device.stateBeforeTransit())));
        }
        final Handover accepted = handover.accepted(changes.now(), changes.txId(), sealIntact, note);
        store.putHandover(accepted);
        changes.commit();
        return LedgerJson.toText(accepted);
    }

    /**
     * The exceptions of a device's acceptance: none with an intact seal; {@code SEAL_BROKEN} with a broken one, and
     * {@code SEAL_BROKEN_BEFORE_ERASURE} too when the device had not been wiped yet (offered as COLLECTED or
     * RECEIVED): its user data was within reach of whoever broke the seal, a possible access without consent.
     */
    private static List<String> sealExceptions(final boolean sealIntact, final DeviceState offeredIn) {
        if (sealIntact) {
            return null;
        }
        return offeredIn == DeviceState.COLLECTED || offeredIn == DeviceState.RECEIVED
                ? List.of("SEAL_BROKEN", "SEAL_BROKEN_BEFORE_ERASURE")
                : List.of("SEAL_BROKEN");
    }

    /**
     * Rejects a pending handover: every device goes back to the state it was offered in, still in the offering
     * custodian's custody.
     *
     * @param ctx the transaction context
     * @param handoverId the handover
     * @param reason why, 1 to 1024 characters
     * @return the handover as stored, status REJECTED
     *     <p>Fails with INVALID_ARGUMENT, HANDOVER_NOT_FOUND, NOT_RECEIVER or HANDOVER_CLOSED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RejectHandover(final Context ctx, final String handoverId, final String reason) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        Fields.requireText(reason, "reason", MAX_LONG_TEXT);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final DeviceStore store = new DeviceStore(stub);
        final Handover handover = pendingHandoverFor(store, handoverId, caller);
        final List<Device> devices = transitDevices(store, handover);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next = device.toBuilder().stateBeforeTransit(null).pendingHandoverId(null);
            Lifecycle.move(next, device.deviceId(), Action.REJECT, device.stateBeforeTransit());
            changes.change(device, next, EventType.HANDOVER_REJECTED, device.siteId(), Changes.details(
                    "handoverId", handoverId,
                    "containerId", handover.containerId(),
                    "fromMspId", handover.fromMspId(),
                    "toMspId", handover.toMspId(),
                    "reason", reason));
        }
        final Handover rejected = handover.rejected(changes.now(), changes.txId(), reason);
        store.putHandover(rejected);
        changes.commit();
        return LedgerJson.toText(rejected);
    }

    /**
     * Returns a handover.
     *
     * @param ctx the transaction context
     * @param handoverId the handover
     * @return the handover; fails with INVALID_ARGUMENT or HANDOVER_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetHandover(final Context ctx, final String handoverId) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub())
                .findHandover(handoverId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.HANDOVER_NOT_FOUND, "no handover " + handoverId)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Processing

    /**
     * Records a signed erasure report. The caller must hold PROCESSOR, be the custodian, own the site and the station;
     * the device must be RECEIVED; the station registered and ACTIVE; the report ID new; the consent reference the one
     * recorded at collection; and {@code signature} must verify under the station's key over {@link
     * ErasurePayload#canonicalBytes(String)} of this JSON. The device becomes WIPE_FAILED if the result is NOT_ERASED
     * or the device is locked (exception {@code DEVICE_LOCKED} on the event), else WIPED.
     *
     * @param ctx the transaction context
     * @param erasureJson {@code {"deviceId","reportId","reportSha256","reportSm3"?,"method":"OVERWRITE"|"BLOCK_ERASE"|"CLEAR"|"PURGE"|"DESTRUCT",
     *     "technique","standard","tool","toolVersion","result":"ERASED"|"ERASED_WITH_EXCEPTIONS"|"NOT_ERASED",
     *     "resultReason" (required unless ERASED),"verification":{"mode":"FULL"|"SAMPLED","by"},"startedAt","endedAt",
     *     "siteId","operator","witness"?,"consentReference","stationId","signature"}}; startedAt ≤ endedAt ≤ transaction
     *     time + 5 minutes
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     ILLEGAL_TRANSITION, CONSENT_MISSING (collected without a consent record), SITE_NOT_FOUND, SITE_NOT_OWNED,
     *     STATION_NOT_FOUND, STATION_REVOKED, STATION_NOT_OWNED, REPORT_EXISTS, CONSENT_MISMATCH or SIGNATURE_INVALID.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordErasure(final Context ctx, final String erasureJson) {
        final ObjectNode node = Fields.parseObject(erasureJson, "erasureJson");
        final Fields in = Fields.of(node, "erasureJson", ERASURE_FIELDS);
        final Fields verificationIn = in.object("verification", VERIFICATION_FIELDS);
        final ErasureResult result = in.enumValue("result", ErasureResult.class);
        final String resultReason = in.optionalText("resultReason", MAX_LONG_TEXT);
        final ErasureRecord record = new ErasureRecord(
                in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE),
                in.matching("reportId", Fields.ID, Fields.ID_RULE),
                in.matching("reportSha256", Fields.HEX_256, Fields.HEX_256_RULE),
                in.optionalMatching("reportSm3", Fields.HEX_256, Fields.HEX_256_RULE),
                in.enumValue("method", ErasureMethod.class),
                in.text("technique", MAX_TEXT),
                in.text("standard", MAX_TEXT),
                in.text("tool", MAX_TEXT),
                in.text("toolVersion", MAX_SHORT_TEXT),
                result,
                resultReason,
                new Verification(
                        verificationIn.enumValue("mode", VerificationMode.class),
                        verificationIn.text("by", MAX_TEXT)),
                in.instant("startedAt"),
                in.instant("endedAt"),
                in.matching("siteId", Fields.ID, Fields.ID_RULE),
                in.text("operator", MAX_TEXT),
                in.optionalText("witness", MAX_TEXT),
                in.text("consentReference", MAX_TEXT),
                in.matching("stationId", Fields.ID, Fields.ID_RULE),
                in.text("signature", 512));
        final byte[] signature = in.base64("signature", 512);
        if (result != ErasureResult.ERASED && resultReason == null) {
            throw Fields.invalid("erasureJson.resultReason is required when the result is " + result);
        }
        final ChaincodeStub stub = ctx.getStub();
        final Instant started = Instant.parse(record.startedAt());
        final Instant ended = Instant.parse(record.endedAt());
        if (ended.isBefore(started)) {
            throw Fields.invalid("erasureJson.endedAt is before startedAt");
        }
        if (ended.isAfter(stub.getTxTimestamp().plus(CLOCK_SKEW))) {
            throw Fields.invalid("erasureJson.endedAt lies after the transaction time (plus " + CLOCK_SKEW + ")");
        }

        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, Role.PROCESSOR);
        final DeviceStore store = new DeviceStore(stub);
        final Device device = custodianDevice(store, record.deviceId(), caller, Action.ERASE);
        Disposition.requireConsent(device, Action.ERASE);
        registry.siteOwnedBy(record.siteId(), caller);
        final Station station = registry.findStation(record.stationId())
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.STATION_NOT_FOUND, 
                        "no station " + record.stationId() + " is registered"));
        if (station.status() == StationStatus.REVOKED) {
            throw ContractErrors.refuse(LedgerError.STATION_REVOKED, "station " + station.stationId() + " was revoked at "
                    + station.revokedAt() + "; its signatures are refused");
        }
        if (!station.mspId().equals(caller)) {
            throw ContractErrors.refuse(LedgerError.STATION_NOT_OWNED, 
                    "station " + station.stationId() + " does not belong to " + caller);
        }
        if (store.reportRecorded(record.reportId())) {
            throw ContractErrors.refuse(LedgerError.REPORT_EXISTS, "report " + record.reportId() + " was recorded already");
        }
        if (!record.consentReference().equals(device.consent().reference())) {
            throw ContractErrors.refuse(LedgerError.CONSENT_MISMATCH, "the erasure names consent " + record.consentReference()
                    + " but device " + device.deviceId() + " was collected under " + device.consent().reference());
        }
        final byte[] signed = ErasurePayload.canonicalBytes(node);
        if (!station.algorithm().verify(Base64.getDecoder().decode(station.publicKey()), signed, signature)) {
            throw ContractErrors.refuse(LedgerError.SIGNATURE_INVALID, "the signature does not verify under station "
                    + station.stationId() + "'s " + station.algorithm() + " key");
        }

        final Changes changes = new Changes(stub, store, caller);
        final DeviceState outcome =
                result == ErasureResult.NOT_ERASED || device.locked() ? DeviceState.WIPE_FAILED : DeviceState.WIPED;
        final String eventId = changes.nextEventId();
        final Device.Builder next = device.toBuilder()
                .siteId(record.siteId())
                .erasure(new ErasureSummary(record.reportId(), eventId, record.method(), result,
                        record.verification().mode(), station.stationId(), changes.now()));
        Lifecycle.move(next, device.deviceId(), Action.ERASE, outcome);
        final List<String> exceptions = new ArrayList<>();
        if (device.locked()) {
            exceptions.add("DEVICE_LOCKED");
        }
        final Device erased = changes.change(device, next, EventType.ERASURE_RECORDED, record.siteId(),
                Changes.details(
                        "erasure", record,
                        "stationAlgorithm", station.algorithm(),
                        "exceptions", exceptions.isEmpty() ? null : List.copyOf(exceptions)))
                .device();
        store.putReport(record.reportId(), device.deviceId(), eventId);
        changes.commit();
        return LedgerJson.toText(erased);
    }

    /**
     * Records that the custodian PROCESSOR took a WIPED or WIPE_FAILED device apart; it becomes DISMANTLED.
     *
     * @param ctx the transaction context
     * @param dismantlingJson {@code {"deviceId","storageComponentCommitment" (64 hex),"siteId"}}
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     ILLEGAL_TRANSITION, SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordDismantling(final Context ctx, final String dismantlingJson) {
        final Fields in = Fields.parse(dismantlingJson, "dismantlingJson", DISMANTLING_FIELDS);
        final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final String commitment = in.matching("storageComponentCommitment", Fields.HEX_256, Fields.HEX_256_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);

        final Step step = step(ctx, deviceId, siteId, Action.DISMANTLE, Role.PROCESSOR);
        final Device.Builder next = step.device.toBuilder().siteId(siteId).storageComponentCommitment(commitment);
        Lifecycle.move(next, deviceId, Action.DISMANTLE, DeviceState.DISMANTLED);
        return step.finish(next, EventType.DISMANTLED, siteId,
                Changes.details("storageComponentCommitment", commitment));
    }

    /**
     * Records that the storage component of a DISMANTLED device in the caller's custody was destroyed; it becomes
     * STORAGE_DESTROYED. The caller must hold PROCESSOR or SMELTER.
     *
     * @param ctx the transaction context
     * @param destructionJson {@code {"deviceId","method":"SHRED"|"DEGAUSS"|"CRUSH","siteId","evidenceSha256" (64 hex)}}
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     ILLEGAL_TRANSITION, SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordStorageDestruction(final Context ctx, final String destructionJson) {
        final Fields in = Fields.parse(destructionJson, "destructionJson", DESTRUCTION_FIELDS);
        final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final DestructionMethod method = in.enumValue("method", DestructionMethod.class);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String evidence = in.matching("evidenceSha256", Fields.HEX_256, Fields.HEX_256_RULE);

        final Step step = step(ctx, deviceId, siteId, Action.DESTROY_STORAGE, Role.PROCESSOR, Role.SMELTER);
        final Device.Builder next = step.device.toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.DESTROY_STORAGE, DeviceState.STORAGE_DESTROYED);
        return step.finish(next, EventType.STORAGE_DESTROYED, siteId,
                Changes.details("method", method, "evidenceSha256", evidence));
    }

    /**
     * Closes a smelting lot: the caller must hold SMELTER and be the custodian of every device, each
     * STORAGE_DESTROYED; every device becomes SMELTED. A lot ID closes once.
     *
     * @param ctx the transaction context
     * @param lotJson {@code {"lotId","deviceIds":[1..500 distinct],"inputCount" (= number of devices),
     *     "inputWeightGrams" (≥ 1),"outputWeightGrams" (0..inputWeightGrams),"siteId"}}
     * @return the lot as stored
     *     <p>Fails with INVALID_ARGUMENT, COUNT_MISMATCH, WEIGHT_MISMATCH, NOT_REGISTERED, ROLE_NOT_HELD,
     *     SITE_NOT_FOUND, SITE_NOT_OWNED, LOT_CLOSED, DEVICE_NOT_FOUND, NOT_CUSTODIAN or ILLEGAL_TRANSITION.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordSmeltingLot(final Context ctx, final String lotJson) {
        final Fields in = Fields.parse(lotJson, "lotJson", LOT_FIELDS);
        final String lotId = in.matching("lotId", Fields.ID, Fields.ID_RULE);
        final List<String> deviceIds =
                in.distinctList("deviceIds", 1, MAX_DEVICES_PER_OPERATION, DEVICE_ID, DEVICE_ID_RULE);
        final long inputCount = in.integer("inputCount", 1, MAX_DEVICES_PER_OPERATION);
        final long inputWeight = in.integer("inputWeightGrams", 1, MAX_GRAMS);
        final long outputWeight = in.integer("outputWeightGrams", 0, MAX_GRAMS);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        if (inputCount != deviceIds.size()) {
            throw ContractErrors.refuse(LedgerError.COUNT_MISMATCH, 
                    "inputCount is " + inputCount + " but " + deviceIds.size() + " devices are listed");
        }
        if (outputWeight > inputWeight) {
            throw ContractErrors.refuse(LedgerError.WEIGHT_MISMATCH, "outputWeightGrams " + outputWeight
                    + " exceeds inputWeightGrams " + inputWeight);
        }

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, Role.SMELTER);
        registry.siteOwnedBy(siteId, caller);
        final DeviceStore store = new DeviceStore(stub);
        if (store.findLot(lotId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.LOT_CLOSED, "lot " + lotId + " was closed already");
        }
        final List<Device> devices = custodianDevices(store, deviceIds, caller, Action.SMELT);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next = device.toBuilder().siteId(siteId).lotId(lotId);
            Lifecycle.move(next, device.deviceId(), Action.SMELT, DeviceState.SMELTED);
            changes.change(device, next, EventType.SMELTED, siteId, Changes.details(
                    "lotId", lotId,
                    "inputCount", inputCount,
                    "inputWeightGrams", inputWeight,
                    "outputWeightGrams", outputWeight));
        }
        final SmeltingLot lot = new SmeltingLot(
                lotId, deviceIds, inputCount, inputWeight, outputWeight, siteId, caller, changes.now(), changes.txId());
        store.putLot(lot);
        changes.commit();
        return LedgerJson.toText(lot);
    }

    /**
     * Returns a closed smelting lot.
     *
     * @param ctx the transaction context
     * @param lotId the lot
     * @return the lot; fails with INVALID_ARGUMENT or LOT_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetLot(final Context ctx, final String lotId) {
        Fields.requireMatch(lotId, "lotId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub())
                .findLot(lotId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.LOT_NOT_FOUND, "no lot " + lotId)));
    }

    /**
     * Records that the custodian PROCESSOR refurbished a WIPED device for reuse; it becomes REFURBISHED. Only after a
     * verified erasure: the device's latest erasure has result ERASED and FULL verification (ERASED_WITH_EXCEPTIONS
     * or SAMPLED verification is not enough).
     *
     * @param ctx the transaction context
     * @param refurbishmentJson {@code {"deviceId","siteId","channel"}}, channel being free text (e.g. RESALE)
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     ILLEGAL_TRANSITION (not WIPED), SITE_NOT_FOUND, SITE_NOT_OWNED, CONSENT_MISSING or ERASURE_NOT_VERIFIED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordRefurbishment(final Context ctx, final String refurbishmentJson) {
        final Fields in = Fields.parse(refurbishmentJson, "refurbishmentJson", REFURBISHMENT_FIELDS);
        final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String channel = in.text("channel", MAX_SHORT_TEXT);

        final Step step = step(ctx, deviceId, siteId, Action.REFURBISH, Role.PROCESSOR);
        Disposition.requireConsent(step.device, Action.REFURBISH);
        final ErasureSummary erasure = step.device.erasure();
        if (erasure == null || !erasure.verified()) {
            throw ContractErrors.refuse(LedgerError.ERASURE_NOT_VERIFIED, "device " + deviceId + " has no verified erasure "
                    + "(result ERASED with FULL verification); it may not be refurbished");
        }
        final Device.Builder next = step.device.toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.REFURBISH, DeviceState.REFURBISHED);
        return step.finish(next, EventType.REFURBISHED, siteId,
                Changes.details("channel", channel, "reportId", erasure.reportId()));
    }

    /**
     * Records that the custodian PROCESSOR sold a REFURBISHED device again; it becomes RESOLD (terminal). Only under
     * the national standard's rules ({@link Disposition}): a consent record at collection, and an erasure with result
     * ERASED on an unlocked device, FULL verification and a method the standard accepts. The rules are checked before
     * the state, so a device that was never erased is refused with RESALE_NOT_ERASED whatever its state.
     *
     * @param ctx the transaction context
     * @param resaleJson {@code {"deviceId","siteId","channel"}}, channel being free text (e.g. ONLINE, WHOLESALE)
     * @return the device as stored; its RESOLD event's details hold {@code basis} (VERIFIED_ERASURE), {@code channel},
     *     and the erasure's {@code erasureEventId}, {@code reportId} and {@code method}
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     CONSENT_MISSING, RESALE_NOT_ERASED, ERASURE_NOT_VERIFIED, ERASURE_METHOD_NOT_ACCEPTED, ILLEGAL_TRANSITION (not
     *     REFURBISHED), SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordResale(final Context ctx, final String resaleJson) {
        final Fields in = Fields.parse(resaleJson, "resaleJson", RESALE_FIELDS);
        final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String channel = in.text("channel", MAX_SHORT_TEXT);

        final Release release = release(ctx, deviceId, siteId, Action.RESELL, Role.PROCESSOR);
        final Device.Builder next = release.step.device.toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.RESELL, DeviceState.RESOLD);
        return release.step.finish(next, EventType.RESOLD, siteId, release.details("channel", channel));
    }

    /**
     * Records that the custodian shipped a device out of the country; it becomes EXPORTED (terminal). A whole device
     * (WIPED or REFURBISHED) only under the same rules as {@link #RecordResale}; scrap only once its storage was
     * destroyed (STORAGE_DESTROYED), which needs no erasure. The caller must hold PROCESSOR or SMELTER.
     *
     * @param ctx the transaction context
     * @param exportJson {@code {"deviceId","siteId","destinationCountry" (ISO 3166-1 alpha-2, not CN),
     *     "declarationNumber"? (customs declaration, ≤64)}}
     * @return the device as stored; its EXPORTED event's details hold {@code basis} (VERIFIED_ERASURE or
     *     STORAGE_DESTROYED), {@code destinationCountry}, {@code declarationNumber}?, and for VERIFIED_ERASURE the
     *     erasure's {@code erasureEventId}, {@code reportId} and {@code method}
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     CONSENT_MISSING, EXPORT_NOT_ERASED, ERASURE_NOT_VERIFIED, ERASURE_METHOD_NOT_ACCEPTED, ILLEGAL_TRANSITION,
     *     SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordExport(final Context ctx, final String exportJson) {
        final Fields in = Fields.parse(exportJson, "exportJson", EXPORT_FIELDS);
        final String deviceId = in.matching("deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String country = in.matching("destinationCountry", COUNTRY, Identifiers.COUNTRY_RULE);
        if (HOME_COUNTRY.equals(country)) {
            throw Fields.invalid("exportJson.destinationCountry must be another country than " + HOME_COUNTRY);
        }
        final String declaration = in.optionalText("declarationNumber", MAX_SHORT_TEXT);

        final Release release = release(ctx, deviceId, siteId, Action.EXPORT, Role.PROCESSOR, Role.SMELTER);
        final Device.Builder next = release.step.device.toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.EXPORT, DeviceState.EXPORTED);
        return release.step.finish(next, EventType.EXPORTED, siteId,
                release.details("destinationCountry", country, "declarationNumber", declaration));
    }

    /** A resale or export that passed the standard's rules, and on what basis. */
    private record Release(Step step, Disposition.Basis basis) {
        /** The event's details: the basis, the erasure that allowed it (if that was the basis), and these. */
        Map<String, Object> details(final Object... namesAndValues) {
            final List<Object> all = new ArrayList<>(Arrays.asList(namesAndValues));
            all.addAll(List.of("basis", basis));
            if (basis == Disposition.Basis.VERIFIED_ERASURE) {
                final ErasureSummary erasure = step.device.erasure();
                all.addAll(List.of("erasureEventId", erasure.eventId(), "reportId", erasure.reportId(),
                        "method", erasure.method()));
            }
            return Changes.details(all.toArray());
        }
    }

    /** Check order: input, role, device, custodian, the standard's rules, transition, site. */
    private static Release release(final Context ctx, final String deviceId, final String siteId, final Action action,
            final Role... roles) {
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, roles);
        final DeviceStore store = new DeviceStore(stub);
        final Device device = heldDevice(store, deviceId, caller);
        final Disposition.Basis basis = Disposition.requireRelease(device, action);
        Lifecycle.require(device, action);
        registry.siteOwnedBy(siteId, caller);
        return new Release(new Step(stub, store, caller, device), basis);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Corrections

    /**
     * Corrects an event by appending a CORRECTION event to the same device's history; the original stays untouched
     * and the device's state does not change. Only the organisation that wrote the original event, or a regulator,
     * may correct it.
     *
     * @param ctx the transaction context
     * @param correctionJson {@code {"eventId","reason","correction":{...}}}; the correction is any JSON object of at
     *     most 8 KiB canonical, without floating-point numbers
     * @return the CORRECTION event as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, EVENT_NOT_FOUND or NOT_EVENT_WRITER.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String CorrectEvent(final Context ctx, final String correctionJson) {
        final Fields in = Fields.parse(correctionJson, "correctionJson", CORRECTION_FIELDS);
        final String eventId = in.matching("eventId", DeviceStore.EVENT_ID, "txId:index");
        final String reason = in.text("reason", MAX_LONG_TEXT);
        final ObjectNode correction = in.rawObject("correction");
        requireIntegersOnly(correction, "correctionJson.correction");
        if (LedgerJson.toBytes(correction).length > MAX_CORRECTION_BYTES) {
            throw Fields.invalid("correctionJson.correction is larger than " + MAX_CORRECTION_BYTES + " bytes");
        }

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        final Organisation organisation = registry.member(caller);
        final DeviceStore store = new DeviceStore(stub);
        final EventRecord original = store.findEvent(eventId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.EVENT_NOT_FOUND, "no event " + eventId));
        if (!original.actorMspId().equals(caller) && !organisation.holds(Role.REGULATOR)) {
            // Names no other organisation: the caller learns nothing about who wrote it.
            throw ContractErrors.refuse(LedgerError.NOT_EVENT_WRITER, "event " + eventId + " was not written by " + caller
                    + "; only its writer or a regulator may correct it");
        }
        final Device device = store.requireDevice(original.deviceId());

        final Changes changes = new Changes(stub, store, caller);
        final EventRecord event = changes.change(device, device.toBuilder(), EventType.CORRECTION, null,
                Changes.details(
                        "correctsEventId", eventId,
                        "correctsType", original.type(),
                        "reason", reason,
                        "correction", correction))
                .event();
        changes.commit();
        return LedgerJson.toText(event);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queries

    /**
     * Returns a device.
     *
     * @param ctx the transaction context
     * @param deviceId the device
     * @return the device; fails with INVALID_ARGUMENT or DEVICE_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDevice(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", DEVICE_ID, DEVICE_ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub()).requireDevice(deviceId));
    }

    /**
     * Returns the device a receipt belongs to.
     *
     * @param ctx the transaction context
     * @param receiptHash SHA-256 of the receipt code, 64 lowercase hex
     * @return the device; fails with INVALID_ARGUMENT or DEVICE_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDeviceByReceipt(final Context ctx, final String receiptHash) {
        Fields.requireMatch(receiptHash, "receiptHash", Fields.HEX_256, Fields.HEX_256_RULE);
        final DeviceStore store = new DeviceStore(ctx.getStub());
        final String deviceId = store.deviceIdForReceipt(receiptHash)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.DEVICE_NOT_FOUND, "no device has this receipt hash"));
        return LedgerJson.toText(store.requireDevice(deviceId));
    }

    /**
     * Returns a device's whole history, oldest first.
     *
     * @param ctx the transaction context
     * @param deviceId the device
     * @return {@code {"deviceId","events":[...]}}; fails with INVALID_ARGUMENT or DEVICE_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetHistory(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", DEVICE_ID, DEVICE_ID_RULE);
        final DeviceStore store = new DeviceStore(ctx.getStub());
        store.requireDevice(deviceId);
        final List<JsonNode> events = store.history(deviceId);
        return LedgerJson.toText(Map.of("deviceId", deviceId, "events", events));
    }

    /**
     * Lists the devices in an organisation's custody, optionally in one state, a page at a time, from the
     * custodian~state~deviceId index (ordered by state name, then device ID). Callers may list their own
     * organisation's custody; regulators any organisation's.
     *
     * @param ctx the transaction context
     * @param mspId the custodian
     * @param state a {@link DeviceState} name, or empty for every state
     * @param pageSize 1 to 200, as decimal text
     * @param bookmark empty for the first page, else the bookmark the previous page returned (opaque)
     * @return {@code {"bookmark","devices":[...]}}, bookmark empty on the last page; fails with INVALID_ARGUMENT or
     *     NOT_AUTHORISED
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String ListDevicesByCustodian(
            final Context ctx, final String mspId, final String state, final String pageSize, final String bookmark) {
        Fields.requireMatch(mspId, "mspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        DeviceState filter = null;
        if (state != null && !state.isEmpty()) {
            try {
                filter = DeviceState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw Fields.invalid("state must be empty or one of " + List.of(DeviceState.values()));
            }
        }
        final int size;
        try {
            size = Integer.parseInt(pageSize == null ? "" : pageSize);
        } catch (NumberFormatException e) {
            throw Fields.invalid("pageSize must be an integer from 1 to " + MAX_PAGE_SIZE);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw Fields.invalid("pageSize must be an integer from 1 to " + MAX_PAGE_SIZE);
        }
        final String fabricBookmark = decodeBookmark(bookmark);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        if (!caller.equals(mspId) && !new Registry(stub).isRegulator(caller)) {
            throw ContractErrors.refuse(LedgerError.NOT_AUTHORISED, 
                    caller + " may list only its own custody; regulators may list any organisation's");
        }
        final DeviceStore.Page page = new DeviceStore(stub).custodyPage(mspId, filter, size, fabricBookmark);
        final String next = page.bookmark().isEmpty()
                ? ""
                : Base64.getUrlEncoder().withoutPadding().encodeToString(page.bookmark().getBytes(StandardCharsets.UTF_8));
        return LedgerJson.toText(Map.of("bookmark", next, "devices", page.devices()));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A single-device step: the checks common to dismantling, storage destruction and refurbishment. */
    private record Step(ChaincodeStub stub, DeviceStore store, String caller, Device device) {
        String finish(final Device.Builder next, final EventType type, final String siteId,
                final Map<String, Object> details) {
            final Changes changes = new Changes(stub, store, caller);
            final Device changed = changes.change(device, next, type, siteId, details).device();
            changes.commit();
            return LedgerJson.toText(changed);
        }
    }

    private static Step step(final Context ctx, final String deviceId, final String siteId, final Action action,
            final Role... roles) {
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, roles);
        final DeviceStore store = new DeviceStore(stub);
        final Device device = custodianDevice(store, deviceId, caller, action);
        registry.siteOwnedBy(siteId, caller);
        return new Step(stub, store, caller, device);
    }

    private static Device custodianDevice(
            final DeviceStore store, final String deviceId, final String caller, final Action action) {
        final Device device = heldDevice(store, deviceId, caller);
        Lifecycle.require(device, action);
        return device;
    }

    private static Device heldDevice(final DeviceStore store, final String deviceId, final String caller) {
        final Device device = store.requireDevice(deviceId);
        if (!device.custodianMspId().equals(caller)) {
            // Names no other organisation: the caller learns nothing about who holds the device.
            throw ContractErrors.refuse(LedgerError.NOT_CUSTODIAN, "device " + deviceId + " is not in the custody of " + caller);
        }
        return device;
    }

    private static List<Device> custodianDevices(
            final DeviceStore store, final List<String> deviceIds, final String caller, final Action action) {
        final List<Device> devices = new ArrayList<>(deviceIds.size());
        for (final String deviceId : deviceIds) {
            devices.add(custodianDevice(store, deviceId, caller, action));
        }
        return devices;
    }

    private static Handover pendingHandoverFor(final DeviceStore store, final String handoverId, final String caller) {
        final Handover handover = store.findHandover(handoverId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.HANDOVER_NOT_FOUND, "no handover " + handoverId));
        if (!handover.toMspId().equals(caller)) {
            // Names no other organisation: the caller learns nothing about whom the handover is for.
            throw ContractErrors.refuse(LedgerError.NOT_RECEIVER, "handover " + handoverId + " is not addressed to " + caller);
        }
        if (handover.status() != HandoverStatus.PENDING) {
            throw ContractErrors.refuse(LedgerError.HANDOVER_CLOSED, 
                    "handover " + handoverId + " was " + handover.status() + " already");
        }
        return handover;
    }

    private static List<Device> transitDevices(final DeviceStore store, final Handover handover) {
        final List<Device> devices = new ArrayList<>(handover.deviceIds().size());
        for (final String deviceId : handover.deviceIds()) {
            final Device device = store.requireDevice(deviceId);
            if (device.state() != DeviceState.IN_TRANSIT || !handover.handoverId().equals(device.pendingHandoverId())) {
                // Cannot happen while IN_TRANSIT devices only leave that state through their handover; kept as a guard.
                throw ContractErrors.refuse(LedgerError.ILLEGAL_TRANSITION, 
                        "device " + deviceId + " is not in transit under handover " + handover.handoverId());
            }
            devices.add(device);
        }
        return devices;
    }

    private static void requireCollector(final Device device, final String caller) {
        if (!device.collectorMspId().equals(caller)) {
            throw ContractErrors.refuse(LedgerError.NOT_COLLECTING_ORG, "device " + device.deviceId() + " was not collected by "
                    + caller + "; only its collector holds the personal data");
        }
    }

    private static PersonalData personalData(final ChaincodeStub stub, final String deviceId, final boolean required) {
        final Map<String, byte[]> transientData = stub.getTransient();
        final byte[] raw = transientData == null ? null : transientData.get(PERSONAL_TRANSIENT_KEY);
        if (raw == null || raw.length == 0) {
            if (required) {
                throw Fields.invalid("transient data " + PERSONAL_TRANSIENT_KEY + " is required");
            }
            return null;
        }
        final String where = "transient " + PERSONAL_TRANSIENT_KEY;
        final Fields in = Fields.parse(new String(raw, StandardCharsets.UTF_8), where, PERSONAL_FIELDS);
        final String alg = in.text("alg", MAX_SHORT_TEXT);
        if (!PersonalData.ALGORITHM.equals(alg)) {
            throw Fields.invalid(where + ".alg must be " + PersonalData.ALGORITHM);
        }
        final String keyId = in.matching("keyId", Fields.ID, Fields.ID_RULE);
        final String nonce = in.text("nonce", MAX_SHORT_TEXT);
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

    private static String collection(final String collectorMspId) {
        return DeviceKeys.PERSONAL_COLLECTION_PREFIX + collectorMspId;
    }

    private static String decodeBookmark(final String bookmark) {
        if (bookmark == null || bookmark.isEmpty()) {
            return "";
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith("\u0000" + DeviceKeys.CUSTODY + "\u0000")) {
            throw Fields.invalid("bookmark is not one this transaction returned");
        }
        return decoded;
    }

    private static void requireIntegersOnly(final JsonNode node, final String where) {
        if (node.isFloatingPointNumber()) {
            throw Fields.invalid(where + " holds a floating-point number; use integers or strings");
        }
        for (final JsonNode child : node) {
            requireIntegersOnly(child, where);
        }
    }

    private static String sha256Hex(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK provides SHA-256", e);
        }
    }
}
