package io.wipetrace.chaincode.device;

/** Outcome of an erasure. */
public enum ErasureResult {
    /** Erased. */
    ERASED,
    /** Erased, with exceptions named in the result reason. */
    ERASED_WITH_EXCEPTIONS,
    /** Not erased; the device goes to WIPE_FAILED. */
    NOT_ERASED
}
