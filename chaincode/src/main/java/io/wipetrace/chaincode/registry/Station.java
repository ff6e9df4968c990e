package io.wipetrace.chaincode.registry;

import io.wipetrace.proof.SignatureAlgorithm;
import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

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
@DataType
public record Station(
        @Property String stationId,
        @Property String siteId,
        @Property String mspId,
        @Property SignatureAlgorithm algorithm,
        @Property String publicKey,
        @Property StationStatus status,
        @Property String registeredAt,
        @Property String revokedAt,
        @Property String revocationReason) {

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
