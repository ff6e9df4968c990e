package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.proof.ledger.FieldLimits;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The device lifecycle ledger: collection, handovers of aggregations, erasure with station signatures, dismantling,
 * storage destruction, smelting lots and refurbishment, each checked against the registry, the caller's verified MSP
 * ID and the {@link Lifecycle} table.
 *
 * <p>Every transaction validates all of its input and reads before its first write. Every write transaction appends
 * one {@link EventRecord} per device it changes and emits exactly one {@value #EVENT_NAME} chaincode event whose payload
 * is the canonical JSON {@code {"events":[...]}} of those records, in index order (a {@link #RegisterCollections}
 * batch that registers no device changes none and emits none). Results are canonical JSON.
 *
 * <p>This class is the contract's surface only: each transaction delegates to the capability that implements it
 * ({@link Collecting}, {@link Handovers}, {@link Erasures}, {@link Owners}, {@link Processing}, {@link Lots}, {@link Corrections},
 * {@link CustodyReads}), which share the custody checks of {@link Custody} and write through {@link Changes}.
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
        return Collecting.register(ctx, collectionJson);
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
        return Collecting.registerBatch(ctx, batchJson);
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
        return Collecting.storePersonalData(ctx, deviceId);
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
        return Collecting.purgePersonalData(ctx, deviceId);
    }

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
        return Handovers.offer(ctx, offerJson);
    }

    /**
     * Accepts a pending handover, all of it or part of it: custody of every device that arrived moves to the caller, at
     * the handover's site; each device listed as missing becomes MISSING with a DEVICE_MISSING event (exception
     * {@code DEVICE_MISSING}) and stays in the sender's custody, for good. A device
     * offered from COLLECTED or RECEIVED becomes RECEIVED; one offered after processing keeps its processing state
     * (WIPED, WIPE_FAILED, DISMANTLED, STORAGE_DESTROYED). A broken seal is accepted and recorded as the exception
     * {@code SEAL_BROKEN} on every device's event, with {@code SEAL_BROKEN_BEFORE_ERASURE} on the events of devices not
     * wiped yet.
     *
     * @param ctx the transaction context
     * @param handoverId the handover
     * @param acceptJson {@code {"sealIntact": true|false, "note"?, "missingDeviceIds"?: [device IDs]}}
     * @return the handover as stored, status ACCEPTED, with its accepted and missing devices
     *     <p>Fails with INVALID_ARGUMENT, HANDOVER_NOT_FOUND, NOT_RECEIVER, HANDOVER_CLOSED,
     *     MISSING_DEVICE_LISTED_TWICE, MISSING_DEVICE_NOT_IN_HANDOVER or MISSING_EVERY_DEVICE (accepting none is a
     *     rejection).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String AcceptHandover(final Context ctx, final String handoverId, final String acceptJson) {
        return Handovers.accept(ctx, handoverId, acceptJson);
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
        return Handovers.reject(ctx, handoverId, reason);
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
        return Handovers.get(ctx, handoverId);
    }

    /**
     * Records a signed erasure report. The caller must hold PROCESSOR, be the custodian, own the site and the station;
     * the device must be RECEIVED; the station registered and ACTIVE; the report ID new; the consent reference the one
     * recorded at collection or later by RecordConsent; and {@code signature} must verify under the station's key over {@link
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
        return Erasures.record(ctx, erasureJson);
    }

    /**
     * Records the owner's consent to erasure for a device collected without a consent record: the custodian (COLLECTOR
     * or PROCESSOR) records it once, before any erasure attempt, while the device is COLLECTED or RECEIVED. The state
     * does not change; the consent is held as one given at collection, so a later erasure record must name its
     * reference. The national standard: the user consents to the erasure's scope, method and impact before it.
     *
     * @param ctx the transaction context
     * @param consentJson {@code {"deviceId","siteId","reference" (an identifier),"scope","method","impact"}}; scope,
     *     method and impact are written into the CONSENT_RECORDED event as text commitments, as a collection's are
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     CONSENT_AFTER_ERASURE (an erasure was attempted), CONSENT_EXISTS, ILLEGAL_TRANSITION (in transit, or
     *     returned), SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordConsent(final Context ctx, final String consentJson) {
        return Owners.recordConsent(ctx, consentJson);
    }

    /**
     * Records that the custodian (COLLECTOR or PROCESSOR) handed a COLLECTED or RECEIVED device back to its owner,
     * unwiped (the owner refused consent, or asked for it back); it becomes RETURNED (terminal).
     *
     * @param ctx the transaction context
     * @param returnJson {@code {"deviceId","siteId","reason"}}, reason being an identifier or code (e.g.
     *     CONSENT_REFUSED, OWNER_REQUEST), never personal data
     * @return the device as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, DEVICE_NOT_FOUND, NOT_CUSTODIAN,
     *     ILLEGAL_TRANSITION (in transit, or an erasure was attempted), SITE_NOT_FOUND or SITE_NOT_OWNED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ReturnToOwner(final Context ctx, final String returnJson) {
        return Owners.returnToOwner(ctx, returnJson);
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
        return Processing.recordDismantling(ctx, dismantlingJson);
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
        return Processing.recordStorageDestruction(ctx, destructionJson);
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
        return Lots.recordSmeltingLot(ctx, lotJson);
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
        return Lots.getLot(ctx, lotId);
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
        return Processing.recordRefurbishment(ctx, refurbishmentJson);
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
        return Processing.recordResale(ctx, resaleJson);
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
        return Processing.recordExport(ctx, exportJson);
    }

    /**
     * Corrects an event by appending a CORRECTION event to the same device's history; the original stays untouched
     * and the device's state does not change. Only the organisation that wrote the original event, or a regulator,
     * may correct it.
     *
     * @param ctx the transaction context
     * @param correctionJson {@code {"deviceId","eventId","reason","correction":{...}}}: the event is looked for among
     *     the named device's events only; the correction is any JSON object of at most 8 KiB canonical, without
     *     floating-point numbers
     * @return the CORRECTION event as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, DEVICE_NOT_FOUND, EVENT_NOT_FOUND (the device has no event
     *     with that ID) or NOT_EVENT_WRITER.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String CorrectEvent(final Context ctx, final String correctionJson) {
        return Corrections.correctEvent(ctx, correctionJson);
    }

    /**
     * Returns a device.
     *
     * @param ctx the transaction context
     * @param deviceId the device
     * @return the device; fails with INVALID_ARGUMENT or DEVICE_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetDevice(final Context ctx, final String deviceId) {
        return CustodyReads.getDevice(ctx, deviceId);
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
        return CustodyReads.getDeviceByReceipt(ctx, receiptHash);
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
        return CustodyReads.getHistory(ctx, deviceId);
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
        return CustodyReads.listDevicesByCustodian(ctx, mspId, state, pageSize, bookmark);
    }

    /**
     * Fails a transaction that would end with writes held in a {@link BatchedState} and never sent to the peer, which
     * would be lost without a sign.
     */
    @Override
    public void afterTransaction(final Context ctx, final Object result) {
        BatchedState.requireFlushed(ctx.getStub());
    }
}
