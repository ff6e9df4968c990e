package io.wipetrace.chaincode.device;

/**
 * The latest erasure of a device, kept on the device record; the full signed record is in the history.
 *
 * @param reportId the report
 * @param eventId the ERASURE_RECORDED event holding the full record
 * @param method CLEAR, PURGE or DESTRUCT
 * @param result the result
 * @param verificationMode how it was verified
 * @param stationId the station that signed
 * @param recordedAt transaction timestamp (ISO-8601)
 */
public record ErasureSummary(
        String reportId,
        String eventId,
        ErasureMethod method,
        ErasureResult result,
        VerificationMode verificationMode,
        String stationId,
        String recordedAt) {

    /**
     * A verified erasure, the condition for refurbishment: result ERASED and FULL verification.
     *
     * @return true if verified
     */
    public boolean verified() {
        return result == ErasureResult.ERASED && verificationMode == VerificationMode.FULL;
    }
}
