package io.wipetrace.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * TOTP secrets at rest: sealed with AES-256-GCM under a key kept in its own file (mode 600, made on first start),
 * bound to the account's subject as associated data. The database holds only {@code version ‖ nonce ‖ ciphertext};
 * a copy of the database or of its backups without the key file yields no second factor, and a sealed secret moved to
 * another account does not open.
 */
@Component
class TotpSeal {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final String CONTEXT = "wipetrace.identity.totp.v1|";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Autowired
    TotpSeal(final IdentityProperties properties) {
        this(properties.totpKeyFile());
    }

    TotpSeal(final Path keyFile) {
        this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
    }

    /** @return the secret sealed for {@code subject}: a fresh nonce each time */
    byte[] seal(final String subject, final byte[] secret) {
        final byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        final byte[] sealed = crypt(Cipher.ENCRYPT_MODE, subject, nonce, secret);
        return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    }

    /**
     * @return the secret sealed for {@code subject}
     * @throws IllegalStateException if it was sealed under another key, for another subject, or altered
     */
    byte[] open(final String subject, final byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("not a sealed TOTP secret of version " + VERSION);
        }
        return crypt(Cipher.DECRYPT_MODE, subject, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES),
                Arrays.copyOfRange(sealed, 1 + NONCE_BYTES, sealed.length));
    }

    private byte[] crypt(final int mode, final String subject, final byte[] nonce, final byte[] input) {
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((CONTEXT + subject).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the TOTP secret of " + subject + " does not open under this key", e);
        }
    }

    private static byte[] loadOrCreate(final Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                final byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                OwnerOnlyFile.write(file, fresh);
            }
            OwnerOnlyFile.restrict(file);
            final byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException(file + " holds " + bytes.length + " bytes, not a " + KEY_BYTES
                        + "-byte key");
            }
            return bytes;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read or make the TOTP key " + file, e);
        }
    }
}
