package io.wipetrace.chaincode.registry;

import io.wipetrace.proof.SignatureAlgorithm;

/**
 * A wiping station: a machine at a site whose key signs erasure reports.
 *
 * @param stationId the station's ID
 * @param siteId the site it stands at
 * @param mspId the organisation owning that site
 * @param algorithm the signature algorithm of its key
 * @param publicKey base64 of the X.509 SubjectPublicKeyInfo (DER), as registered
 * @param status ACTIVE or REVOKED
 * @param registeredAt transaction timestamp of the registration (ISO-8601)
 * @param revokedAt transaction timestamp of the revocation, absent while active
 * @param revocationReason why it was revoked, absent while active
 */
public record Station(
        String stationId,
        String siteId,
        String mspId,
        SignatureAlgorithm algorithm,
        String publicKey,
        StationStatus status,
        String registeredAt,
        String revokedAt,
        String revocationReason) {

    /**
     * The same station, revoked.
     *
     * @param at transaction timestamp
     * @param reason why
     * @return the revoked station
     */
    public Station revoked(final String at, final String reason) {
        return new Station(
                stationId, siteId, mspId, algorithm, publicKey, StationStatus.REVOKED, registeredAt, at, reason);
    }
}
