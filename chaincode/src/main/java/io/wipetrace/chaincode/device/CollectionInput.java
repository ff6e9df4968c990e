package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One collection as RegisterCollection and RegisterCollections take it, checked member by member: the one place
 * that validates, checks against the ledger and records a collection.
 */
record CollectionInput(String deviceId, String receiptHash, String commitment, String make, String model,
        long storageGb, CollectionChannel channel, ProductType productType, String siteId, Consent consent,
        String bagId, String sealId, boolean locked) {

    /** The members of a collection object. */
    static final Set<String> FIELDS = Set.of("deviceId", "receiptHash", "identifierCommitment", "make", "model",
            "storageGb", "channel", "productType", "siteId", "consent", "bagId", "sealId", "locked");
    private static final Set<String> CONSENT_FIELDS = Set.of("reference", "scope", "method", "impact");

    /** Reads and checks every member; fails with INVALID_ARGUMENT. */
    static CollectionInput parse(final Fields in) {
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String receiptHash = in.matching("receiptHash", Fields.HEX_256, Fields.HEX_256_RULE);
        final String commitment = in.matching("identifierCommitment", Fields.HEX_256, Fields.HEX_256_RULE);
        final String make = in.text("make", FieldLimits.SHORT_TEXT);
        final String model = in.text("model", FieldLimits.SHORT_TEXT);
        final long storageGb = in.integer("storageGb", 1, 16_384);
        final CollectionChannel channel = in.enumValue("channel", CollectionChannel.class);
        final ProductType productType =
                in.has("productType") ? in.enumValue("productType", ProductType.class) : ProductType.PHONE;
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        Consent consent = null;
        if (in.has("consent")) {
            final Fields consentIn = in.object("consent", CONSENT_FIELDS);
            consent = new Consent(
                    consentIn.matching("reference", Fields.ID, Fields.ID_RULE),
                    consentIn.text("scope", FieldLimits.LONG_TEXT),
                    consentIn.text("method", FieldLimits.TEXT),
                    consentIn.text("impact", FieldLimits.LONG_TEXT));
        }
        final String bagId = in.optionalMatching("bagId", Fields.ID, Fields.ID_RULE);
        final String sealId = in.optionalMatching("sealId", Fields.ID, Fields.ID_RULE);
        final boolean locked = in.bool("locked");
        return new CollectionInput(deviceId, receiptHash, commitment, make, model, storageGb, channel, productType,
                siteId, consent, bagId, sealId, locked);
    }

    /**
     * The keys a single collection's checks read: the caller's organisation, the site, the device and the receipt
     * index entry, to be read in one message to the peer.
     */
    List<String> keysChecked(final String caller) {
        return List.of(Registry.organisationKey(caller), Registry.siteKey(siteId), DeviceStore.deviceKey(deviceId),
                DeviceStore.receiptKey(receiptHash));
    }

    /** The site must be the caller's: SITE_NOT_FOUND, SITE_NOT_OWNED. */
    void requireSite(final Registry registry, final String caller) {
        registry.siteOwnedBy(siteId, caller);
    }

    /** The device ID and the receipt hash must be unused on the ledger: DEVICE_EXISTS, RECEIPT_EXISTS. */
    void requireUnused(final DeviceStore store) {
        requireUnused(store.lookUp(List.of(deviceId), List.of(receiptHash)));
    }

    /** {@link #requireUnused(DeviceStore)} against what was read already. */
    void requireUnused(final DeviceStore.Lookup ledger) {
        if (ledger.device(deviceId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.DEVICE_EXISTS, "device " + deviceId + " exists already");
        }
        if (ledger.deviceIdForReceipt(receiptHash).isPresent()) {
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
        final Device device = Device.builder()
                .deviceId(deviceId)
                .receiptHash(receiptHash)
                .identifierCommitment(commitment)
                .make(make)
                .model(model)
                .storageGb(storageGb)
                .channel(channel)
                .productType(productType)
                .consent(consent)
                .bagId(bagId)
                .sealId(sealId)
                .locked(locked)
                .collectorMspId(caller)
                .collectionSiteId(siteId)
                .collectedAt(changes.now())
                .state(DeviceState.COLLECTED)
                .custodianMspId(caller)
                .siteId(siteId)
                .personalDataHash(personalHash)
                .build(1, changes.now());
        final Device stored = changes.create(device, EventType.COLLECTED, Changes.details(
                "channel", channel,
                "make", FreeText.of(make),
                "model", FreeText.of(model),
                "storageGb", storageGb,
                "productType", productType,
                "locked", locked,
                "bagId", bagId,
                "sealId", sealId,
                "receiptHash", receiptHash,
                "identifierCommitment", commitment,
                "consent", consent == null ? null : consent.inEvent(),
                "personalDataHash", personalHash)).device();
        store.putReceipt(receiptHash, deviceId);
        return stored;
    }
}
