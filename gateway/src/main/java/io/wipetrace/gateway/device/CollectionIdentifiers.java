package io.wipetrace.gateway.device;

import io.wipetrace.proof.Sha256;
import io.wipetrace.proof.ledger.DeviceIds;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the gateway generates for a new collection, whether registered alone or in a bulk import: the device ID, the
 * nonce, and the identifier commitment of a device without identifiers (the receipt code is
 * {@link io.wipetrace.gateway.shared.ReceiptCode}'s).
 */
public final class CollectionIdentifiers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CollectionIdentifiers() {}

    /** @return a new device ID, {@link DeviceIds#next}: {@code WT}, its time, then random characters */
    public static String newDeviceId() {
        return DeviceIds.next();
    }

    /**
     * @param bytes how many random bytes
     * @return them as lowercase hex (nonces are 32)
     */
    public static String randomHex(final int bytes) {
        final byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The identifier commitment of a device collected without identifiers: SHA-256 over a random 256-bit nonce, which
     * commits to nothing anyone could guess. A device with identifiers gets a keyed commitment instead ({@link
     * DeviceKey#commitment}), never an unkeyed hash of its small identifier space.
     *
     * @param nonce 64 hex digits of randomness
     * @return lowercase hex SHA-256
     */
    public static String nonceCommitment(final String nonce) {
        return Sha256.hex("wipetrace.identifier.v1|nonce|" + nonce);
    }

    /**
     * The string a keyed identifier commitment covers, version tag first.
     *
     * @param imei the IMEI, or null
     * @param serial the serial number, or null
     * @return {@code wipetrace.identifier.v2|<imei>|<serial>}
     */
    static String committedIdentifiers(final String imei, final String serial) {
        return "wipetrace.identifier.v2|" + nullToEmpty(imei) + "|" + nullToEmpty(serial);
    }

    private static String nullToEmpty(final String value) {
        return value == null ? "" : value;
    }
}
