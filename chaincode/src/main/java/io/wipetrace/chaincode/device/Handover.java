package io.wipetrace.chaincode.device;

import java.util.List;
import java.util.Set;

/**
 * A handover of an aggregation (bag, box, pallet) of devices from their custodian to a receiver, under {@code
 * ("handover", handoverId)}.
 *
 * @param handoverId the handover's ID
 * @param deviceIds the devices, in the order offered
 * @param containerId the bag, box or pallet, or absent
 * @param fromMspId the offering custodian
 * @param toMspId the receiver
 * @param toSiteId the receiver's site
 * @param sealId the seal, or absent
 * @param waybill the waybill, or absent
 * @param status PENDING, ACCEPTED or REJECTED
 * @param offeredAt transaction timestamp of the offer
 * @param offerTxId the offer's transaction
 * @param closedAt transaction timestamp of the acceptance or rejection, or absent
 * @param closeTxId that transaction, or absent
 * @param sealIntact on acceptance, whether the seal was intact; else absent
 * @param note the receiver's note on acceptance, or absent
 * @param rejectionReason the receiver's reason on rejection, or absent
 * @param acceptedDeviceIds on acceptance, the devices the receiver took custody of, in the order offered; else absent
 * @param missingDeviceIds on acceptance, the devices not found on arrival (empty when all arrived), in the order
 *     offered; else absent
 */
public record Handover(
        String handoverId,
        List<String> deviceIds,
        String containerId,
        String fromMspId,
        String toMspId,
        String toSiteId,
        String sealId,
        String waybill,
        HandoverStatus status,
        String offeredAt,
        String offerTxId,
        String closedAt,
        String closeTxId,
        Boolean sealIntact,
        String note,
        String rejectionReason,
        List<String> acceptedDeviceIds,
        List<String> missingDeviceIds) {

    /** Copies the device lists so the record stays immutable. */
    public Handover {
        deviceIds = List.copyOf(deviceIds);
        acceptedDeviceIds = acceptedDeviceIds == null ? null : List.copyOf(acceptedDeviceIds);
        missingDeviceIds = missingDeviceIds == null ? null : List.copyOf(missingDeviceIds);
    }

    /** A new handover, PENDING until the receiver accepts or rejects it. */
    static Handover offered(final String handoverId, final List<String> deviceIds, final String containerId,
            final String fromMspId, final String toMspId, final String toSiteId, final String sealId,
            final String waybill, final String at, final String txId) {
        return new Handover(handoverId, deviceIds, containerId, fromMspId, toMspId, toSiteId, sealId, waybill,
                HandoverStatus.PENDING, at, txId, null, null, null, null, null, null, null);
    }

    Handover accepted(final String at, final String txId, final boolean intact, final String receiverNote,
            final Set<String> missing) {
        final List<String> accepted = deviceIds.stream().filter(id -> !missing.contains(id)).toList();
        final List<String> missingInOrder = deviceIds.stream().filter(missing::contains).toList();
        return new Handover(handoverId, deviceIds, containerId, fromMspId, toMspId, toSiteId, sealId, waybill,
                HandoverStatus.ACCEPTED, offeredAt, offerTxId, at, txId, intact, receiverNote, null, accepted,
                missingInOrder);
    }

    Handover rejected(final String at, final String txId, final String reason) {
        return new Handover(handoverId, deviceIds, containerId, fromMspId, toMspId, toSiteId, sealId, waybill,
                HandoverStatus.REJECTED, offeredAt, offerTxId, at, txId, null, null, reason, null, null);
    }
}
