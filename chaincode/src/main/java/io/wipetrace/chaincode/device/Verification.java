package io.wipetrace.chaincode.device;

import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

/**
 * How an erasure was verified.
 *
 * @param mode FULL or SAMPLED
 * @param by who verified (pseudonymous)
 */
@DataType
public record Verification(@Property VerificationMode mode, @Property String by) {}
