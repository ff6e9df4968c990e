package io.wipetrace.chaincode.device;

/**
 * What the collecting organisation keeps about a device in its private data collection {@code personal_<MSP ID>}
 * under the device ID: never on the channel ledger, purgeable, and never in clear. The collector's gateway encrypts
 * the IMEI, serial number and contact with AES-256-GCM under a key of its own per device before they leave it; the
 * chaincode stores the sealed bytes as given and cannot read them. Destroying the key in the collector's key store
 * makes every copy unreadable, including copies a peer's files keep after {@code PurgePrivateData}.
 *
 * @param deviceId the device
 * @param alg the sealing algorithm, {@value #ALGORITHM}
 * @param keyId the collector's identifier of the device's data key
 * @param nonce the 96-bit GCM nonce, base64
 * @param ciphertext the sealed personal data with its 128-bit tag, base64
 */
public record PersonalData(String deviceId, String alg, String keyId, String nonce, String ciphertext) {

    /** The one algorithm accepted: AES-256-GCM with a 96-bit nonce and a 128-bit tag. */
    public static final String ALGORITHM = "A256GCM";
}
