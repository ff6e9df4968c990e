package io.wipetrace.chaincode.device;

/**
 * An erasure report as a wiping station signed it. Stored whole (signature included) in the ERASURE_RECORDED event's
 * details under {@code erasure}, so that {@link ErasurePayload#canonicalBytes(String)} of that stored object gives back
 * exactly the bytes the station signed.
 *
 * @param deviceId the device erased
 * @param reportId the station's report ID, unique across the ledger
 * @param reportSha256 SHA-256 of the full report (64 lowercase hex)
 * @param reportSm3 SM3 of the full report, where asked (64 lowercase hex), or absent
 * @param method CLEAR, PURGE or DESTRUCT
 * @param technique e.g. overwrite, block erase, cryptographic erase
 * @param standard the standard followed
 * @param tool the erasure tool
 * @param toolVersion its version
 * @param result ERASED, ERASED_WITH_EXCEPTIONS or NOT_ERASED
 * @param resultReason why, required unless the result is ERASED
 * @param verification how the erasure was verified
 * @param startedAt when erasure started (ISO-8601 instant, as given)
 * @param endedAt when it ended (ISO-8601 instant, as given)
 * @param siteId the site where it happened, owned by the recording processor
 * @param operator pseudonymous operator
 * @param witness pseudonymous witness, or absent
 * @param consentReference the consumer's consent reference recorded at collection
 * @param stationId the registered station whose key signed
 * @param signature base64 of the signature over the canonical JSON of the other members
 */
public record ErasureRecord(
        String deviceId,
        String reportId,
        String reportSha256,
        String reportSm3,
        ErasureMethod method,
        String technique,
        String standard,
        String tool,
        String toolVersion,
        ErasureResult result,
        String resultReason,
        Verification verification,
        String startedAt,
        String endedAt,
        String siteId,
        String operator,
        String witness,
        String consentReference,
        String stationId,
        String signature) {}
