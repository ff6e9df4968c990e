package io.wipetrace.chaincode.device;

/** Media sanitisation method (NIST SP 800-88 vocabulary). */
public enum ErasureMethod {
    /** Logical overwrite of user-addressable storage. */
    CLEAR,
    /** Block erase or cryptographic erase. */
    PURGE,
    /** The media is destroyed. */
    DESTRUCT
}
