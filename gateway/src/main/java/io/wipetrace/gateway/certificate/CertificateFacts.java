package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.verify.Verification;
import java.time.Instant;
import java.util.List;

/**
 * Everything a certificate states, gathered before it is drawn.
 *
 * @param device the device as a consumer sees it (no personal data)
 * @param anchors the public anchors of its events, oldest first; empty if none yet
 * @param bundleSha256 hex SHA-256 of its proof bundle JSON exactly as the proof-bundle endpoint serves it, or
 *     {@code null} while none of its events is anchored
 * @param anchorContract the anchor contract's address (lower case), or {@code null} where this gateway does not anchor
 * @param trustFileSha256 hex SHA-256 of the alliance's trust file as this gateway read it at start, or {@code null}
 *     when none is configured
 * @param verifyUrl the portal's verify page for the QR code, or {@code null} for none
 * @param issuerMspId the organisation that signs the certificate
 * @param issuedAt when it was issued
 */
record CertificateFacts(
        Verification device,
        List<Anchor> anchors,
        String bundleSha256,
        String anchorContract,
        String trustFileSha256,
        String verifyUrl,
        String issuerMspId,
        Instant issuedAt) {

    /**
     * One public anchor.
     *
     * @param sequence the anchor's number on the contract
     * @param chainId the EVM chain
     * @param contract the anchor contract's address
     * @param transaction the EVM transaction hash
     * @param block the EVM block
     */
    record Anchor(long sequence, long chainId, String contract, String transaction, long block) {}
}
