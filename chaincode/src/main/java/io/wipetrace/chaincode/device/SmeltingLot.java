package io.wipetrace.chaincode.device;

import java.util.List;
import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

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
@DataType
public record SmeltingLot(
        @Property String lotId,
        @Property List<String> deviceIds,
        @Property long inputCount,
        @Property long inputWeightGrams,
        @Property long outputWeightGrams,
        @Property String siteId,
        @Property String smelterMspId,
        @Property String closedAt,
        @Property String txId) {

    /** Copies the device list so the record stays immutable. */
    public SmeltingLot {
        deviceIds = List.copyOf(deviceIds);
    }
}
