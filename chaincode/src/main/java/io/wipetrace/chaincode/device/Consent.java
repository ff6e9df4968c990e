package io.wipetrace.chaincode.device;

/**
 * The consumer's consent to erasure, given before collection: what will be erased, how, and with what effect.
 *
 * @param reference the consent record's reference; erasure records must name it
 * @param scope what is erased
 * @param method how consent was given
 * @param impact what the consumer was told the erasure does
 */
public record Consent(
        String reference, String scope, String method, String impact) {

    /**
     * @return the consent as its COLLECTED event holds it: the reference (an identifier) in clear, what the consumer
     *     was told and how they agreed as text commitments
     */
    java.util.Map<String, Object> inEvent() {
        return Changes.details("reference", reference, "scope", FreeText.of(scope), "method", FreeText.of(method),
                "impact", FreeText.of(impact));
    }
}
