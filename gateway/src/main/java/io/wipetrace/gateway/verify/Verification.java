package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

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
        long projectedToBlock) {

    /**
     * One event of the device.
     *
     * @param sequence its number in the device's history, from 0
     * @param step the event type, e.g. {@code ERASURE_RECORDED}
     * @param state the device's state after it
     * @param time the transaction timestamp
     * @param organisation the organisation that recorded it
     * @param siteId where it happened
     * @param description what was done, in words
     * @param ledger where it is on the ledger
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
            LedgerReference ledger) {}

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
     * @param status NOT_DESTROYED, DISMANTLED, STORAGE_DESTROYED, SMELTED, or REFURBISHED (sold on after a verified
     *     wipe, not destroyed)
     * @param dismantledAt when the storage was taken out
     * @param storageDestroyedAt when the storage was destroyed
     * @param storageDestructionMethod SHRED, DEGAUSS or CRUSH
     * @param smeltedAt when the device was smelted
     * @param lotId the smelting lot
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Destruction(
            String status,
            Instant dismantledAt,
            Instant storageDestroyedAt,
            String storageDestructionMethod,
            Instant smeltedAt,
            String lotId) {}
}
