package io.wipetrace.chaincode.registry;

/** Whether a wiping station's key may sign erasure reports. */
public enum StationStatus {
    /** Signs erasure reports. */
    ACTIVE,
    /** Revoked by the regulator; its signatures are refused from then on. Final. */
    REVOKED
}
