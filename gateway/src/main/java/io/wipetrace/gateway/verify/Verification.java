package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a consumer sees for a receipt code: the device's timeline, its erasure, its destruction and where each fact
 * is on the ledger. No personal data: neither IMEI, serial nor contact ever reach the channel; the identifier
 * commitment is a salted hash that reveals nothing without the salt.
 *
 * @param deviceId the device's opaque ID on the ledger
 * @param make the make
 * @param model the model
 * @param storageGb the storage size
 * @param identifierCommitment the commitment to the device's IMEI or serial
 * @param state the current state
 * @param custodian the organisation that holds the device now
 * @param siteId the site where it is now
 * @param timeline every event, oldest first
 * @param erasure the latest erasure, or {@code null} if none has been recorded
 * @param destruction how far the physical destruction has gone
 * @param personalDataPurgedAt when the collector purged the personal data, or {@code null}
 * @param projectedToBlock the last ledger block this answer takes into account
 * @param organisations the registered name of every organisation the timeline names, by MSP ID (the registry's
 *     {@code ORGANISATION_REGISTERED} events), so that readers see names rather than MSP IDs
 * @param sites the registered name and city of every site the timeline names, by site ID
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(
        String deviceId,
        String make,
        String model,
        int storageGb,
        String identifierCommitment,
        String state,
        String custodian,
        String siteId,
        List<Step> timeline,
        Erasure erasure,
        Destruction destruction,
        Instant personalDataPurgedAt,
        long projectedToBlock,
        Map<String, String> organisations,
        Map<String, Site> sites) {

    /** A verification without registry names (tests, and callers that need no names). */
    public Verification(final String deviceId, final String make, final String model, final int storageGb,
            final String identifierCommitment, final String state, final String custodian, final String siteId,
            final List<Step> timeline, final Erasure erasure, final Destruction destruction,
            final Instant personalDataPurgedAt, final long projectedToBlock) {
        this(deviceId, make, model, storageGb, identifierCommitment, state, custodian, siteId, timeline, erasure,
                destruction, personalDataPurgedAt, projectedToBlock, Map.of(), Map.of());
    }

    /**
     * @param block the last ledger block the answer takes into account
     * @return this verification as of that block (everything else the same)
     */
    public Verification projectedTo(final long block) {
        return block == projectedToBlock ? this : new Verification(deviceId, make, model, storageGb,
                identifierCommitment, state, custodian, siteId, timeline, erasure, destruction, personalDataPurgedAt,
                block, organisations, sites);
    }

    /** Refusal code: nothing was wiped or destroyed yet. */
    public static final String NOTHING_TO_CERTIFY = "NOTHING_TO_CERTIFY";
    /**
     * Refusal code: the device went missing in a handover. No certificate, even after an earlier verified erasure: a
     * certificate vouches for the device the recycler holds, and nobody holds this one.
     */
    public static final String DEVICE_MISSING = "DEVICE_MISSING";
    /** Refusal code: the recycler handed the device back to its owner unwiped; it erased nothing. */
    public static final String RETURNED_TO_OWNER = "RETURNED_TO_OWNER";
    /** Refusal code: a wipe was recorded but is not a verified erasure, and the storage is not destroyed. */
    public static final String ERASURE_NOT_VERIFIED = "DATA_NOT_VERIFIABLY_GONE";

    /**
     * Whether the data is verifiably gone by erasure: the latest erasure's result is ERASED with FULL verification
     * and it left the device WIPED (a locked device goes to WIPE_FAILED whatever the report says). The chaincode's
     * own rule for refurbishment.
     *
     * @return true for a verified erasure
     */
    @JsonIgnore
    public boolean verifiedErasure() {
        if (erasure == null || !"ERASED".equals(erasure.result()) || !"FULL".equals(erasure.verification())) {
            return false;
        }
        final String eventId = erasure.ledger() == null ? null : erasure.ledger().eventId();
        return timeline.stream().anyMatch(step -> step.ledger() != null && step.ledger().eventId().equals(eventId)
                && "WIPED".equals(step.state()));
    }

    /**
     * Whether the storage component was physically destroyed (shredded, degaussed or crushed, or the device
     * smelted, which needs that first).
     *
     * @return true once the storage is destroyed
     */
    @JsonIgnore
    public boolean storageDestroyed() {
        return destruction != null && (destruction.storageDestroyedAt() != null || destruction.smeltedAt() != null);
    }

    /**
     * Why no certificate can be issued, or {@code null} when one can: a certificate states that the data is gone,
     * so it is issued only for a verified erasure or destroyed storage, and never for a device that went missing.
     *
     * @return {@link #DEVICE_MISSING}, {@link #RETURNED_TO_OWNER}, {@link #NOTHING_TO_CERTIFY},
     *         {@link #ERASURE_NOT_VERIFIED} or {@code null}
     */
    @JsonIgnore
    public String certificateRefusal() {
        if ("MISSING".equals(state)) {
            return DEVICE_MISSING;
        }
        if ("RETURNED".equals(state)) {
            return RETURNED_TO_OWNER;
        }
        if (verifiedErasure() || storageDestroyed()) {
            return null;
        }
        return erasure == null ? NOTHING_TO_CERTIFY : ERASURE_NOT_VERIFIED;
    }

    /** @return whether a certificate can be issued now (the portal offers the download only then) */
    @JsonProperty("certificate")
    public boolean certificateAvailable() {
        return certificateRefusal() == null;
    }

    /**
     * A registered site.
     *
     * @param name its registered name
     * @param city its city
     */
    public record Site(String name, String city) {}

    /**
     * One event of the device.
     *
     * @param sequence its number in the device's history, from 0
     * @param step the event type, e.g. {@code ERASURE_RECORDED}
     * @param state the device's state after it
     * @param time the transaction timestamp
     * @param organisation the organisation that recorded it
     * @param siteId where it happened
     * @param description what was done, in English words (for API readers; the portal words it from the facts)
     * @param ledger where it is on the ledger
     * @param facts the step's facts as codes and identifiers, for a reader to put into words in any language:
     *     only fields named in {@code TimelineText}, never free text
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(
            int sequence,
            String step,
            String state,
            Instant time,
            String organisation,
            String siteId,
            String description,
            LedgerReference ledger,
            Map<String, Object> facts) {

        /** A step without facts. */
        public Step(final int sequence, final String step, final String state, final Instant time,
                final String organisation, final String siteId, final String description,
                final LedgerReference ledger) {
            this(sequence, step, state, time, organisation, siteId, description, ledger, Map.of());
        }
    }

    /**
     * A position on the ledger.
     *
     * @param eventId the event ID ({@code txId:index})
     * @param txId the transaction
     * @param blockNumber its block
     */
    public record LedgerReference(String eventId, String txId, long blockNumber) {}

    /**
     * The erasure summary.
     *
     * @param method CLEAR, PURGE or DESTRUCT
     * @param technique e.g. block erase
     * @param standard the standard followed
     * @param result ERASED, ERASED_WITH_EXCEPTIONS or NOT_ERASED
     * @param verification FULL or SAMPLED
     * @param stationId the registered wiping station
     * @param reportId the erasure report's ID
     * @param reportSha256 the report's SHA-256
     * @param endedAt when the wipe ended
     * @param signature how the station's signature was checked
     * @param ledger where the erasure is on the ledger
     */
    public record Erasure(
            String method,
            String technique,
            String standard,
            String result,
            String verification,
            String stationId,
            String reportId,
            String reportSha256,
            Instant endedAt,
            String signature,
            LedgerReference ledger) {}

    /**
     * The physical destruction.
     *
     * @param status NOT_DESTROYED, DISMANTLED, STORAGE_DESTROYED, SMELTED, REFURBISHED (sold on after a verified
     *     wipe, not destroyed), RESOLD (sold again), EXPORTED (shipped out of the country) or RETURNED (handed back
     *     unwiped to its owner)
     * @param dismantledAt when the storage was taken out
     * @param storageDestroyedAt when the storage was destroyed
     * @param storageDestructionMethod SHRED, DEGAUSS or CRUSH
     * @param smeltedAt when the device was smelted
     * @param lotId the smelting lot
     * @param releasedAt when it left the recycler (resold or exported), or null
     * @param releaseBasis what allowed it to leave: VERIFIED_ERASURE (an erasure with result ERASED, full
     *     verification and a method the national standard accepts) or STORAGE_DESTROYED (scrap); the requirement it
     *     satisfied is the standard's "no resale or export of a product whose user data was not erased"
     * @param exportCountry where it was shipped, for an export
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Destruction(
            String status,
            Instant dismantledAt,
            Instant storageDestroyedAt,
            String storageDestructionMethod,
            Instant smeltedAt,
            String lotId,
            Instant releasedAt,
            String releaseBasis,
            String exportCountry) {

        /**
         * A device that has not left the recycler.
         *
         * @param status the status
         * @param dismantledAt when dismantled
         * @param storageDestroyedAt when its storage was destroyed
         * @param storageDestructionMethod how
         * @param smeltedAt when smelted
         * @param lotId the lot
         */
        public Destruction(final String status, final Instant dismantledAt, final Instant storageDestroyedAt,
                final String storageDestructionMethod, final Instant smeltedAt, final String lotId) {
            this(status, dismantledAt, storageDestroyedAt, storageDestructionMethod, smeltedAt, lotId, null, null, null);
        }
    }
}
