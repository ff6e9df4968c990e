package io.wipetrace.gateway.device;

/**
 * A device as the chaincode returns it, the fields partners need after a write (the ledger record has more).
 *
 * @param deviceId the device's ID
 * @param state lifecycle state, e.g. {@code WIPED}
 * @param custodianMspId who holds it
 * @param siteId where it is
 * @param collectorMspId who collected it
 * @param pendingHandoverId the open handover, if in transit
 * @param lotId the smelting lot, once smelted
 * @param eventCount events written for it
 * @param personalDataHash hash of its private personal data, if any was stored
 * @param personalDataPurgedAt when that data was purged
 * @param updatedAt the last write's transaction time
 * @param productType the kind of product (PHONE when the record predates product types)
 */
public record DeviceView(String deviceId, String state, String custodianMspId, String siteId, String collectorMspId,
        String pendingHandoverId, String lotId, Integer eventCount, String personalDataHash,
        String personalDataPurgedAt, String updatedAt, String productType) {}
