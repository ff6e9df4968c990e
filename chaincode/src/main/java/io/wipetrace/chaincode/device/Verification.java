package io.wipetrace.chaincode.device;

/**
 * How an erasure was verified.
 *
 * @param mode FULL or SAMPLED
 * @param by who verified (pseudonymous)
 */
public record Verification(VerificationMode mode, String by) {}
