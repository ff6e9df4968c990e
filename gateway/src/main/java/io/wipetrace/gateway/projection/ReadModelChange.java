package io.wipetrace.gateway.projection;

import java.time.Instant;
import java.util.Objects;

/**
 * What one domain event changes in the read model (tables {@code devices}, {@code custody}, {@code erasures},
 * {@code lots}). {@link ReadModelProjector} derives the changes from a {@link LedgerEvent} without touching the
 * database; {@link JdbcProjectionStore} applies them in the block's SQL transaction.
 */
sealed interface ReadModelChange {

    /** The device the change concerns. */
    String deviceId();

    /** The event the change comes from. */
    Origin origin();

    /**
     * Where a change comes from on the ledger.
     *
     * @param eventId the event's ID ({@code txId:index})
     * @param txId its transaction
     * @param blockNumber that transaction's block
     * @param at the transaction timestamp
     */
    record Origin(String eventId, String txId, long blockNumber, Instant at) {

        /** Checks the required fields. */
        public Origin {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(txId, "txId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A step time of the {@code devices} table that an event sets. */
    enum StepTime {
        /** The first acceptance of a handover that left the device RECEIVED; later ones keep it. */
        RECEIVED_AT("received_at", true),
        WIPED_AT("wiped_at", false),
        WIPE_FAILED_AT("wipe_failed_at", false),
        DISMANTLED_AT("dismantled_at", false),
        STORAGE_DESTROYED_AT("storage_destroyed_at", false),
        SMELTED_AT("smelted_at", false),
        REFURBISHED_AT("refurbished_at", false),
        RESOLD_AT("resold_at", false),
        EXPORTED_AT("exported_at", false),
        CONSENT_RECORDED_AT("consent_recorded_at", false),
        RETURNED_AT("returned_at", false),
        PERSONAL_DATA_PURGED_AT("personal_data_purged_at", false);

        private final String column;
        private final boolean firstOnly;

        StepTime(final String column, final boolean firstOnly) {
            this.column = column;
            this.firstOnly = firstOnly;
        }

        /** The column, a fixed identifier (never user input). */
        public String column() {
            return column;
        }

        /** Whether only the first occurrence counts. */
        public boolean firstOnly() {
            return firstOnly;
        }
    }

    /**
     * A COLLECTED event: the device's first row.
     *
     * @param deviceId the device
     * @param origin the event
     * @param collectorMspId the collecting organisation (actor and first custodian)
     * @param siteId the collection site
     * @param channel HOME_PICKUP, STORE or MAIL_BAG
     * @param make the make
     * @param model the model
     * @param storageGb the storage size
     * @param locked whether the device is locked (FRP / Activation Lock)
     * @param receiptHash SHA-256 of the normalised receipt code
     * @param identifierCommitment the commitment to the IMEI or serial
     * @param bagId the collection bag, if any
     * @param productType PHONE, TABLET, LAPTOP, DESKTOP, WEARABLE, OFFICE_EQUIPMENT or OTHER (PHONE when the event
     *     predates product types)
     * @param consentRecorded whether the collection carries a consent record
     */
    record Collected(
            String deviceId,
            Origin origin,
            String collectorMspId,
            String siteId,
            String channel,
            String make,
            String model,
            int storageGb,
            boolean locked,
            String receiptHash,
            String identifierCommitment,
            String bagId,
            String productType,
            boolean consentRecorded) implements ReadModelChange {}

    /**
     * A RESOLD or EXPORTED event: the device left the recycler.
     *
     * @param deviceId the device
     * @param origin the event
     * @param basis VERIFIED_ERASURE or STORAGE_DESTROYED
     * @param exportCountry the destination of an export, {@code null} for a resale
     */
    record Released(String deviceId, Origin origin, String basis, String exportCountry) implements ReadModelChange {}

    /**
     * A CONSENT_RECORDED event: the owner's consent recorded after collection; the device now has consent on record.
     *
     * @param deviceId the device
     * @param origin the event
     */
    record ConsentRecorded(String deviceId, Origin origin) implements ReadModelChange {}

    /**
     * A RETURNED_TO_OWNER event: handed back unwiped to its owner.
     *
     * @param deviceId the device
     * @param origin the event
     * @param reason the reason code
     */
    record ReturnedToOwner(String deviceId, Origin origin, String reason) implements ReadModelChange {}

    /**
     * Any later event: the device's state, custodian and site after it, and the step time it sets.
     *
     * @param deviceId the device
     * @param origin the event
     * @param state the state after the event
     * @param custodianMspId the custodian after the event
     * @param siteId the site after the event, or {@code null} when the event names none (a correction)
     * @param stepTime the step time the event sets, or {@code null}
     */
    record Stepped(
            String deviceId, Origin origin, String state, String custodianMspId, String siteId, StepTime stepTime)
            implements ReadModelChange {}

    /**
     * A HANDOVER_OFFERED event.
     *
     * @param deviceId the device
     * @param origin the event
     * @param handoverId the handover
     * @param fromMspId the sender
     * @param fromSiteId the site the device leaves
     * @param toMspId the receiver
     * @param toSiteId the receiving site
     * @param containerId the container, if any
     * @param sealId the seal, if any
     * @param waybill the waybill, if any
     * @param deviceCount how many devices the handover carries
     */
    record HandoverOffered(
            String deviceId,
            Origin origin,
            String handoverId,
            String fromMspId,
            String fromSiteId,
            String toMspId,
            String toSiteId,
            String containerId,
            String sealId,
            String waybill,
            int deviceCount) implements ReadModelChange {}

    /**
     * A HANDOVER_ACCEPTED, DEVICE_MISSING or HANDOVER_REJECTED event: how the handover closed for this device.
     *
     * @param deviceId the device
     * @param origin the event
     * @param handoverId the handover
     * @param status ACCEPTED, MISSING (not found on arrival when the rest was accepted) or REJECTED
     * @param sealIntact whether the seal arrived intact, {@code null} on rejection
     * @param sealException the chaincode's exceptions, comma-separated (e.g. SEAL_BROKEN, DEVICE_MISSING), or
     *     {@code null}
     * @param rejectionReason the reason of a rejection, or {@code null}
     */
    record HandoverClosed(
            String deviceId,
            Origin origin,
            String handoverId,
            String status,
            Boolean sealIntact,
            String sealException,
            String rejectionReason) implements ReadModelChange {}

    /**
     * An ERASURE_RECORDED event: the signed erasure record the chaincode accepted.
     *
     * @param deviceId the device
     * @param origin the event
     * @param recordedBy the organisation that recorded it
     * @param outcomeState WIPED or WIPE_FAILED
     * @param reportId the report ID
     * @param reportSha256 the report's SHA-256
     * @param reportSm3 the report's SM3, if given
     * @param method CLEAR, PURGE or DESTRUCT
     * @param technique the technique
     * @param standard the standard
     * @param tool the tool
     * @param toolVersion its version
     * @param result ERASED, ERASED_WITH_EXCEPTIONS or NOT_ERASED
     * @param resultReason why, unless ERASED
     * @param verificationMode FULL or SAMPLED
     * @param verifiedBy who verified (pseudonymous)
     * @param stationId the registered wiping station
     * @param stationAlgorithm its key's algorithm
     * @param siteId the site
     * @param exceptions the chaincode's exceptions (e.g. DEVICE_LOCKED), comma-separated, or {@code null}
     * @param signaturePresent whether the record carries the station's signature
     * @param startedAt when the wipe started
     * @param endedAt when it ended
     */
    record ErasureRecorded(
            String deviceId,
            Origin origin,
            String recordedBy,
            String outcomeState,
            String reportId,
            String reportSha256,
            String reportSm3,
            String method,
            String technique,
            String standard,
            String tool,
            String toolVersion,
            String result,
            String resultReason,
            String verificationMode,
            String verifiedBy,
            String stationId,
            String stationAlgorithm,
            String siteId,
            String exceptions,
            boolean signaturePresent,
            Instant startedAt,
            Instant endedAt) implements ReadModelChange {}

    /**
     * A STORAGE_DESTROYED event's method.
     *
     * @param deviceId the device
     * @param origin the event
     * @param method SHRED, DEGAUSS or CRUSH
     */
    record StorageDestroyed(String deviceId, Origin origin, String method) implements ReadModelChange {}

    /**
     * A SMELTED event: the device went into a lot.
     *
     * @param deviceId the device
     * @param origin the event
     * @param lotId the lot
     * @param smelterMspId the smelter
     * @param siteId the smelting site
     * @param inputCount the declared device count
     * @param inputWeightGrams the declared input weight
     * @param outputWeightGrams the declared output weight
     */
    record Smelted(
            String deviceId,
            Origin origin,
            String lotId,
            String smelterMspId,
            String siteId,
            int inputCount,
            long inputWeightGrams,
            long outputWeightGrams) implements ReadModelChange {}
}
