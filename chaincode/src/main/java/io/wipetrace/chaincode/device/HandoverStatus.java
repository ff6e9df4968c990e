package io.wipetrace.chaincode.device;

/** Where a handover stands. */
public enum HandoverStatus {
    /** Offered, waiting for the receiver. */
    PENDING,
    /** Accepted by the receiver: custody of the devices that arrived moved; any not found on arrival are MISSING. */
    ACCEPTED,
    /** Rejected by the receiver; the devices went back to their previous state with the offering custodian. */
    REJECTED
}
