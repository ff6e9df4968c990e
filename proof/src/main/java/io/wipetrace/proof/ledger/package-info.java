/**
 * The ledger's vocabulary, shared by the chaincode that writes it, the gateway that checks requests before they reach
 * it and projects it, and every verifier that reads it: identifier patterns, field limits and device states.
 *
 * <p>Patterns are kept as {@code String} constants so that Bean Validation annotations ({@code @Pattern(regexp =
 * Identifiers.DEVICE_ID)}) and the chaincode's compiled {@link java.util.regex.Pattern}s name the same text; a change
 * here changes both the gateway's 400 and the chaincode's {@code INVALID_ARGUMENT} together.
 */
package io.wipetrace.proof.ledger;
