package io.wipetrace.gateway.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the gateway generates for a new collection, whether registered alone or in a bulk import: the device ID, the
 * salt and nonce, and the identifier commitment the channel keeps (the receipt code is {@link ReceiptCode}'s).
 */
public final class CollectionIdentifiers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CollectionIdentifiers() {}

    /** @return a new device ID: {@code WT} and 28 random Crockford base32 characters */
    public static String newDeviceId() {
        return "WT" + ReceiptCode.generate().replace("-", "");
    }

    /**
     * @param bytes how many random bytes
     * @return them as lowercase hex (salts are 16 bytes, nonces 32)
     */
    public static String randomHex(final int bytes) {
        final byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The identifier commitment on the channel: SHA-256 over the salt and the identifiers (the salt stays in the
     * private collection beside them, so the collector can open it); without identifiers, over a random nonce.
     *
     * @param salt the salt stored with the personal data
     * @param nonce the nonce used when there are no identifiers
     * @param imei the IMEI, or null
     * @param serial the serial number, or null
     * @param identified whether personal data (imei or serial) is given
     * @return lowercase hex SHA-256
     */
    public static String commitment(final String salt, final String nonce, final String imei, final String serial,
            final boolean identified) {
        final String committed = identified
                ? "wipetrace.identifier.v1|" + salt + "|" + nullToEmpty(imei) + "|" + nullToEmpty(serial)
                : "wipetrace.identifier.v1|nonce|" + nonce;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(committed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(final String value) {
        return value == null ? "" : value;
    }
}
