package io.wipetrace.gateway.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce and a 128-bit tag. A sealed value is {@code nonce || ciphertext || tag};
 * the associated data binds it to where it belongs (a device, a stored row), so it cannot be moved elsewhere.
 */
public final class Aead {

    /** Bytes of a key. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a nonce. */
    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aead() {}

    /** A value that does not open under the key and associated data given: wrong key, moved or altered. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** @return a new random key */
    public static byte[] newKey() {
        final byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Seals a value.
     *
     * @param key 32 bytes
     * @param aad associated data, authenticated and not stored
     * @param plaintext the value
     * @return {@code nonce || ciphertext || tag}
     */
    public static byte[] seal(final byte[] key, final byte[] aad, final byte[] plaintext) {
        final byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        final byte[] sealed = run(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext, 0, plaintext.length);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    /**
     * Opens a sealed value.
     *
     * @param key 32 bytes
     * @param aad the associated data it was sealed with
     * @param sealed {@code nonce || ciphertext || tag}
     * @return the value
     * @throws Unreadable if the key, the associated data or the bytes are not the ones it was sealed with
     */
    public static byte[] open(final byte[] key, final byte[] aad, final byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable("sealed value too short", null);
        }
        return run(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, NONCE_BYTES), aad, sealed, NONCE_BYTES,
                sealed.length - NONCE_BYTES);
    }

    private static byte[] run(final int mode, final byte[] key, final byte[] nonce, final byte[] aad,
            final byte[] input, final int offset, final int length) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes");
        }
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            throw new Unreadable("sealed value does not open: wrong key, moved or altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }
}
