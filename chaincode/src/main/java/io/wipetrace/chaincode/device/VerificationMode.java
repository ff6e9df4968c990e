package io.wipetrace.chaincode.device;

/** How the erasure was verified. */
public enum VerificationMode {
    /** Every block read back. */
    FULL,
    /** A sample read back. */
    SAMPLED
}
