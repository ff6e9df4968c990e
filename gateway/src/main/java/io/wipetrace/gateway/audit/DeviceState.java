package io.wipetrace.gateway.audit;

/** The device lifecycle's states, as the chaincode names them (chaincode/README.md, transition table). */
public enum DeviceState {
    COLLECTED,
    IN_TRANSIT,
    RECEIVED,
    WIPED,
    WIPE_FAILED,
    DISMANTLED,
    STORAGE_DESTROYED,
    SMELTED,
    REFURBISHED
}
