package io.wipetrace.gateway.device;

import io.wipetrace.gateway.crypto.Aead;
import io.wipetrace.gateway.crypto.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One device's data key in the collecting organisation's key store ({@link DeviceKeyStore}). Two keys are derived
 * from it with HKDF: one seals the device's personal data (AES-256-GCM), one makes its identifier commitment
 * (HMAC-SHA256). Destroying the data key destroys both.
 */
public final class DeviceKey {

    /** The algorithm of sealed personal data, as the chaincode checks it. */
    public static final String ALGORITHM = "A256GCM";

    private final String keyId;
    private final byte[] sealKey;
    private final byte[] commitmentKey;

    DeviceKey(final String keyId, final byte[] material) {
        this.keyId = keyId;
        this.sealKey = Keys.expand(material, "wipetrace.personal.seal.v1");
        this.commitmentKey = Keys.expand(material, "wipetrace.identifier.v2");
        Arrays.fill(material, (byte) 0);
    }

    /**
     * Personal data as it goes to the private data collection: {@code nonce} and {@code ciphertext} (with the tag)
     * base64, under {@code keyId}.
     */
    public record Sealed(String alg, String keyId, String nonce, String ciphertext) {}

    /** @return the key's identifier (32 hex digits), stored beside the sealed data */
    public String keyId() {
        return keyId;
    }

    /**
     * Seals personal data for the device.
     *
     * @param deviceId the device (bound as associated data: the sealed bytes open for this device only)
     * @param plaintext the personal data as JSON
     * @return the sealed data
     */
    public Sealed seal(final String deviceId, final byte[] plaintext) {
        final byte[] sealed = Aead.seal(sealKey, aad(deviceId), plaintext);
        final Base64.Encoder base64 = Base64.getEncoder();
        return new Sealed(ALGORITHM, keyId, base64.encodeToString(Arrays.copyOf(sealed, Aead.NONCE_BYTES)),
                base64.encodeToString(Arrays.copyOfRange(sealed, Aead.NONCE_BYTES, sealed.length)));
    }

    /**
     * Opens what {@link #seal} made.
     *
     * @param deviceId the device
     * @param sealed the sealed data
     * @return the personal data as JSON
     * @throws Aead.Unreadable with another key, device or altered bytes
     */
    public byte[] open(final String deviceId, final Sealed sealed) {
        final Base64.Decoder base64 = Base64.getDecoder();
        final byte[] nonce = base64.decode(sealed.nonce());
        final byte[] ciphertext = base64.decode(sealed.ciphertext());
        final byte[] joined = Arrays.copyOf(nonce, nonce.length + ciphertext.length);
        System.arraycopy(ciphertext, 0, joined, nonce.length, ciphertext.length);
        return Aead.open(sealKey, aad(deviceId), joined);
    }

    /**
     * The keyed identifier commitment the channel keeps: HMAC-SHA256 under the device's commitment key over {@code
     * wipetrace.identifier.v2|<imei>|<serial>}. Without the key nobody can test a guessed IMEI against it; once the
     * key is destroyed, nobody at all.
     *
     * @param imei the IMEI, or null
     * @param serial the serial number, or null
     * @return lowercase hex, 64 digits
     */
    public String commitment(final String imei, final String serial) {
        return HexFormat.of().formatHex(Keys.hmac(commitmentKey, CollectionIdentifiers.committedIdentifiers(imei,
                serial).getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] aad(final String deviceId) {
        return ("wipetrace.personal.v1|" + deviceId + "|" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
