package io.wipetrace.chaincode.device;

/** Where a handover stands. */
public enum HandoverStatus {
    /** Offered, waiting for the receiver. */
    PENDING,
    /** Accepted by the receiver; custody moved. */
    ACCEPTED,
    /** Rejected by the receiver; the devices went back to their previous state with the offering custodian. */
    REJECTED
}
