package io.wipetrace.chaincode.device;

import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

/**
 * The consumer's consent to erasure, given before collection: what will be erased, how, and with what effect.
 *
 * @param reference the consent record's reference; erasure records must name it
 * @param scope what is erased
 * @param method how consent was given
 * @param impact what the consumer was told the erasure does
 */
@DataType
public record Consent(
        @Property String reference, @Property String scope, @Property String method, @Property String impact) {}
