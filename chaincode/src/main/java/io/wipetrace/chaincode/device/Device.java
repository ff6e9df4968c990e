package io.wipetrace.chaincode.device;

import io.wipetrace.proof.ledger.DeviceState;

/**
 * A collected device as the world state holds it under {@code ("device", deviceId)}. Never rewritten in place by
 * anything but a transaction that also appends an event to its history.
 *
 * @param deviceId opaque client-chosen ID, 16 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param receiptHash SHA-256 (hex) of the consumer's receipt code
 * @param identifierCommitment salted commitment (hex) to IMEI and serial number
 * @param make manufacturer
 * @param model model
 * @param storageGb storage capacity in GB
 * @param channel how it was handed in
 * @param productType the kind of product; absent in records written before it existed, which read as PHONE
 * @param consent the consumer's erasure consent, or absent when the collection carries no consent record (then
 *     nothing that could reach user data is allowed: see {@link Disposition})
 * @param bagId mail or collection bag, or absent
 * @param sealId seal of that bag, or absent
 * @param locked whether FRP / Activation Lock was on at collection (forces the physical destruction path)
 * @param collectorMspId the collecting organisation (owner of the personal data collection)
 * @param collectionSiteId where it was collected
 * @param collectedAt transaction timestamp of the collection
 * @param state lifecycle state
 * @param stateBeforeTransit while IN_TRANSIT, the state it had when offered (restored on rejection), else absent
 * @param custodianMspId the one organisation holding custody (while IN_TRANSIT, still the offering one)
 * @param siteId the site it is at (while IN_TRANSIT, the one it left)
 * @param pendingHandoverId while IN_TRANSIT, the pending handover, else absent
 * @param erasure the latest erasure, or absent
 * @param storageComponentCommitment commitment (hex) to the storage component, from dismantling, or absent
 * @param lotId the smelting lot, once SMELTED
 * @param personalDataHash SHA-256 (hex) of the private data stored at collection (equal to Fabric's private data
 *     hash), or absent
 * @param personalDataPurgedAt transaction timestamp of the purge, or absent
 * @param eventCount number of events in its history; the next event's sequence
 * @param lastEventHash the hash its next event names as {@code previousEventHash}: hex SHA-256 of the canonical JSON
 *     of the public form of its latest event (docs/proof-bundle.md, hash rule 6), kept here so that a step need not
 *     read that event again; absent in records written before it existed, for which the event is read
 * @param updatedAt transaction timestamp of the latest change
 */
public record Device(
        String deviceId,
        String receiptHash,
        String identifierCommitment,
        String make,
        String model,
        long storageGb,
        CollectionChannel channel,
        ProductType productType,
        Consent consent,
        String bagId,
        String sealId,
        boolean locked,
        String collectorMspId,
        String collectionSiteId,
        String collectedAt,
        DeviceState state,
        DeviceState stateBeforeTransit,
        String custodianMspId,
        String siteId,
        String pendingHandoverId,
        ErasureSummary erasure,
        String storageComponentCommitment,
        String lotId,
        String personalDataHash,
        String personalDataPurgedAt,
        long eventCount,
        String lastEventHash,
        String updatedAt) {

    /** Reads a record written before product types as a phone. */
    public Device {
        productType = productType == null ? ProductType.PHONE : productType;
    }

    /**
     * This version with its latest event's hash, set once that event is written.
     *
     * @param hash the hash (hex SHA-256 of the event's public form)
     * @return the device naming it
     */
    Device withLastEventHash(final String hash) {
        return new Device(
                deviceId, receiptHash, identifierCommitment, make, model, storageGb, channel, productType, consent,
                bagId, sealId, locked, collectorMspId, collectionSiteId, collectedAt, state, stateBeforeTransit,
                custodianMspId, siteId, pendingHandoverId, erasure, storageComponentCommitment, lotId, personalDataHash,
                personalDataPurgedAt, eventCount, hash, updatedAt);
    }

    /**
     * A builder holding this device's values, to derive the next version from.
     *
     * @return the builder
     */
    Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * An empty builder, for a device recorded for the first time: every component is set by name, the rest absent.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builds a device by component name; used inside one transaction only. */
    static final class Builder {
        private String deviceId;
        private String receiptHash;
        private String identifierCommitment;
        private String make;
        private String model;
        private long storageGb;
        private CollectionChannel channel;
        private ProductType productType;
        private Consent consent;
        private String bagId;
        private String sealId;
        private boolean locked;
        private String collectorMspId;
        private String collectionSiteId;
        private String collectedAt;
        private DeviceState state;
        private DeviceState stateBeforeTransit;
        private String custodianMspId;
        private String siteId;
        private String pendingHandoverId;
        private ErasureSummary erasure;
        private String storageComponentCommitment;
        private String lotId;
        private String personalDataHash;
        private String personalDataPurgedAt;

        private Builder() {}

        private Builder(final Device from) {
            this.deviceId = from.deviceId;
            this.receiptHash = from.receiptHash;
            this.identifierCommitment = from.identifierCommitment;
            this.make = from.make;
            this.model = from.model;
            this.storageGb = from.storageGb;
            this.channel = from.channel;
            this.productType = from.productType;
            this.consent = from.consent;
            this.bagId = from.bagId;
            this.sealId = from.sealId;
            this.locked = from.locked;
            this.collectorMspId = from.collectorMspId;
            this.collectionSiteId = from.collectionSiteId;
            this.collectedAt = from.collectedAt;
            this.state = from.state;
            this.stateBeforeTransit = from.stateBeforeTransit;
            this.custodianMspId = from.custodianMspId;
            this.siteId = from.siteId;
            this.pendingHandoverId = from.pendingHandoverId;
            this.erasure = from.erasure;
            this.storageComponentCommitment = from.storageComponentCommitment;
            this.lotId = from.lotId;
            this.personalDataHash = from.personalDataHash;
            this.personalDataPurgedAt = from.personalDataPurgedAt;
        }

        Builder deviceId(final String value) {
            this.deviceId = value;
            return this;
        }

        Builder receiptHash(final String value) {
            this.receiptHash = value;
            return this;
        }

        Builder identifierCommitment(final String value) {
            this.identifierCommitment = value;
            return this;
        }

        Builder make(final String value) {
            this.make = value;
            return this;
        }

        Builder model(final String value) {
            this.model = value;
            return this;
        }

        Builder storageGb(final long value) {
            this.storageGb = value;
            return this;
        }

        Builder channel(final CollectionChannel value) {
            this.channel = value;
            return this;
        }

        Builder productType(final ProductType value) {
            this.productType = value;
            return this;
        }

        Builder consent(final Consent value) {
            this.consent = value;
            return this;
        }

        Builder bagId(final String value) {
            this.bagId = value;
            return this;
        }

        Builder sealId(final String value) {
            this.sealId = value;
            return this;
        }

        Builder locked(final boolean value) {
            this.locked = value;
            return this;
        }

        Builder collectorMspId(final String value) {
            this.collectorMspId = value;
            return this;
        }

        Builder collectionSiteId(final String value) {
            this.collectionSiteId = value;
            return this;
        }

        Builder collectedAt(final String value) {
            this.collectedAt = value;
            return this;
        }

        DeviceState state() {
            return state;
        }

        Builder state(final DeviceState value) {
            this.state = value;
            return this;
        }

        Builder stateBeforeTransit(final DeviceState value) {
            this.stateBeforeTransit = value;
            return this;
        }

        Builder custodianMspId(final String value) {
            this.custodianMspId = value;
            return this;
        }

        String siteId() {
            return siteId;
        }

        Builder siteId(final String value) {
            this.siteId = value;
            return this;
        }

        Builder pendingHandoverId(final String value) {
            this.pendingHandoverId = value;
            return this;
        }

        Builder erasure(final ErasureSummary value) {
            this.erasure = value;
            return this;
        }

        Builder storageComponentCommitment(final String value) {
            this.storageComponentCommitment = value;
            return this;
        }

        Builder lotId(final String value) {
            this.lotId = value;
            return this;
        }

        Builder personalDataHash(final String value) {
            this.personalDataHash = value;
            return this;
        }

        Builder personalDataPurgedAt(final String value) {
            this.personalDataPurgedAt = value;
            return this;
        }

        /** The device, without its latest event's hash: {@link Changes} sets it once the event is made. */
        Device build(final long eventCount, final String updatedAt) {
            return new Device(
                    deviceId, receiptHash, identifierCommitment, make, model, storageGb, channel, productType,
                    consent, bagId, sealId, locked, collectorMspId, collectionSiteId, collectedAt, state,
                    stateBeforeTransit, custodianMspId, siteId, pendingHandoverId, erasure, storageComponentCommitment,
                    lotId, personalDataHash, personalDataPurgedAt, eventCount, null, updatedAt);
        }
    }
}
