package io.wipetrace.gateway.security;

import io.wipetrace.proof.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/** API key material: 256 random bits, shown once; only the SHA-256 is stored. */
public final class ApiKeys {

    /** Every key starts with this, so that a leaked key is recognisable (secret scanners). */
    public static final String PREFIX = "wtk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** @return a new clear key: the prefix and 32 random bytes in base64url without padding */
    public static String generate() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param clearKey a key as presented
     * @return lowercase hex SHA-256 of its UTF-8 bytes
     */
    public static String hash(final String clearKey) {
        return Sha256.hex(clearKey);
    }
}
