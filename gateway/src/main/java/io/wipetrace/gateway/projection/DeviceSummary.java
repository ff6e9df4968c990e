package io.wipetrace.gateway.projection;

import java.time.Instant;
import java.util.List;

/**
 * A device as the read model has it: current state, custody and the time of each step.
 *
 * @param deviceId the device
 * @param state its current state
 * @param custodianMspId who holds it
 * @param siteId where it is
 * @param collectorMspId who collected it
 * @param collectionSiteId where
 * @param collectionChannel how (HOME_PICKUP, STORE, MAIL_BAG)
 * @param make the make
 * @param model the model
 * @param locked whether it is locked (FRP / Activation Lock)
 * @param collectedAt when it was collected
 * @param receivedAt when a receiver first accepted it
 * @param wipedAt when it was wiped
 * @param wipeFailedAt when its wipe failed
 * @param dismantledAt when it was dismantled
 * @param storageDestroyedAt when its storage was destroyed
 * @param smeltedAt when it was smelted
 * @param refurbishedAt when it was refurbished
 * @param stateSince when it entered its current state
 * @param updatedAt its last event's time
 * @param pendingHandoverId the handover it is in transit on, if any
 * @param erasureResult its latest erasure's result
 * @param erasureMethod that erasure's method
 * @param erasureStandard that erasure's standard
 * @param erasureStationId that erasure's station
 * @param lotId its smelting lot
 * @param eventCount how many events it has
 * @param lastBlockNumber the block of its last event
 * @param productType PHONE, TABLET, LAPTOP, DESKTOP, WEARABLE, OFFICE_EQUIPMENT or OTHER
 * @param resoldAt when it was resold, or null
 * @param exportedAt when it was shipped out of the country, or null
 */
public record DeviceSummary(
        String deviceId,
        String state,
        String custodianMspId,
        String siteId,
        String collectorMspId,
        String collectionSiteId,
        String collectionChannel,
        String make,
        String model,
        boolean locked,
        Instant collectedAt,
        Instant receivedAt,
        Instant wipedAt,
        Instant wipeFailedAt,
        Instant dismantledAt,
        Instant storageDestroyedAt,
        Instant smeltedAt,
        Instant refurbishedAt,
        Instant stateSince,
        Instant updatedAt,
        String pendingHandoverId,
        String erasureResult,
        String erasureMethod,
        String erasureStandard,
        String erasureStationId,
        String lotId,
        int eventCount,
        long lastBlockNumber,
        String productType,
        Instant resoldAt,
        Instant exportedAt) {

    /** The CSV header, in the order of {@link #csvRow()}. */
    public static final List<String> CSV_HEADER = List.of("device_id", "state", "custodian_msp_id", "site_id",
            "collector_msp_id", "collection_site_id", "collection_channel", "make", "model", "locked", "collected_at",
            "received_at", "wiped_at", "wipe_failed_at", "dismantled_at", "storage_destroyed_at", "smelted_at",
            "refurbished_at", "state_since", "updated_at", "pending_handover_id", "erasure_result", "erasure_method",
            "erasure_standard", "erasure_station_id", "lot_id", "event_count", "last_block_number", "product_type",
            "resold_at", "exported_at");

    /** The values of one CSV line. */
    public List<Object> csvRow() {
        return java.util.Arrays.asList(deviceId, state, custodianMspId, siteId, collectorMspId, collectionSiteId,
                collectionChannel, make, model, locked, collectedAt, receivedAt, wipedAt, wipeFailedAt, dismantledAt,
                storageDestroyedAt, smeltedAt, refurbishedAt, stateSince, updatedAt, pendingHandoverId, erasureResult,
                erasureMethod, erasureStandard, erasureStationId, lotId, eventCount, lastBlockNumber, productType, resoldAt,
                exportedAt);
    }
}
