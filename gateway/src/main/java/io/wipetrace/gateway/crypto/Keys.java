package io.wipetrace.gateway.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and key derivation (RFC 5869 HKDF with SHA-256, one output block). */
public final class Keys {

    private Keys() {}

    /**
     * @param key the MAC key (any length)
     * @param data the message
     * @return HMAC-SHA256, 32 bytes
     */
    public static byte[] hmac(final byte[] key, final byte[] data) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * HKDF-Extract then HKDF-Expand to 32 bytes: a key for one purpose ({@code info}) from input keying material.
     *
     * @param salt the extract salt (a fixed label where there is none)
     * @param material the input keying material
     * @param info what the key is for, e.g. {@code wipetrace.personal.seal.v1}
     * @return 32 bytes
     */
    public static byte[] derive(final byte[] salt, final byte[] material, final String info) {
        return expand(hmac(salt, material), info);
    }

    /**
     * HKDF-Expand to 32 bytes ({@code HMAC(prk, info || 0x01)}) from a key that is already uniformly random.
     *
     * @param prk the pseudorandom key
     * @param info what the key is for
     * @return 32 bytes
     */
    public static byte[] expand(final byte[] prk, final String info) {
        return expand(prk, info.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] expand(final byte[] prk, final byte[] label) {
        final byte[] input = new byte[label.length + 1];
        System.arraycopy(label, 0, input, 0, label.length);
        input[label.length] = 1;
        return hmac(prk, input);
    }
}
