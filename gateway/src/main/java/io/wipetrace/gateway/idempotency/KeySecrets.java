package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.crypto.Aead;
import io.wipetrace.gateway.crypto.Keys;
import io.wipetrace.proof.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a client's Idempotency-Key gives, and nothing stored gives back: the name of its row in the store (a SHA-256 of
 * the key, never the key), the HMAC key of its request hash, and the AES-256-GCM key that seals the row's secrets
 * (stored responses with receipt codes, generated values). A retry presenting the same key opens them; whoever reads
 * the tables, their backups or PostgreSQL's files cannot. This is only as strong as the key is unguessable: clients
 * send a random one (a UUID).
 */
public final class KeySecrets {

    /** The name a stored response is sealed under. */
    public static final String RESPONSE = "response";

    private static final String VERSION = "v1.";
    private static final byte[] SALT = "wipetrace.idempotency.v1".getBytes(StandardCharsets.UTF_8);

    private final String keyHash;
    private final byte[] sealKey;
    private final byte[] requestKey;

    /**
     * @param organisation the caller's organisation key
     * @param idempotencyKey the client's Idempotency-Key
     */
    public KeySecrets(final String organisation, final String idempotencyKey) {
        final byte[] key = idempotencyKey.getBytes(StandardCharsets.UTF_8);
        this.keyHash = Sha256.hex("wipetrace.idempotency.id.v1|" + organisation + "|" + idempotencyKey);
        this.sealKey = Keys.derive(SALT, key, "seal|" + organisation);
        this.requestKey = Keys.derive(SALT, key, "request|" + organisation);
    }

    /** @return the row's name in the store: 64 hex digits */
    public String keyHash() {
        return keyHash;
    }

    /**
     * @param canonical the operation and the canonical request
     * @return HMAC-SHA256 under the key's request key, hex: equal for equal requests, and no test of a guessed request
     *     (an IMEI in it) without the Idempotency-Key
     */
    String requestHash(final byte[] canonical) {
        return HexFormat.of().formatHex(Keys.hmac(requestKey, canonical));
    }

    /**
     * @param name what the value is (bound as associated data with the key hash, so rows cannot be swapped)
     * @param json the value
     * @return {@code v1.} and base64 of the sealed value
     */
    public String seal(final String name, final String json) {
        return VERSION + Base64.getEncoder().encodeToString(
                Aead.seal(sealKey, aad(name), json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param name what the value is
     * @param stored what {@link #seal} made
     * @return the value
     * @throws Aead.Unreadable if it was not sealed for this key and name
     */
    public String open(final String name, final String stored) {
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException("stored value is not sealed");
        }
        return new String(Aead.open(sealKey, aad(name), Base64.getDecoder().decode(stored.substring(VERSION.length()))),
                StandardCharsets.UTF_8);
    }

    private byte[] aad(final String name) {
        return (keyHash + "|" + name).getBytes(StandardCharsets.UTF_8);
    }
}
