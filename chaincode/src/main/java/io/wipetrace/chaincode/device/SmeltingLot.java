package io.wipetrace.chaincode.device;

import java.util.List;

/**
 * A closed smelting lot (a transformation event): devices in, metal out, under {@code ("lot", lotId)}.
 *
 * @param lotId the lot's ID
 * @param deviceIds the devices smelted, in the order given
 * @param inputCount number of devices, equal to the list's size
 * @param inputWeightGrams weight in
 * @param outputWeightGrams weight out, at most the weight in
 * @param siteId the smelter's site
 * @param smelterMspId the smelter
 * @param closedAt transaction timestamp
 * @param txId the transaction
 */
public record SmeltingLot(
        String lotId,
        List<String> deviceIds,
        long inputCount,
        long inputWeightGrams,
        long outputWeightGrams,
        String siteId,
        String smelterMspId,
        String closedAt,
        String txId) {

    /** Copies the device list so the record stays immutable. */
    public SmeltingLot {
        deviceIds = List.copyOf(deviceIds);
    }
}
