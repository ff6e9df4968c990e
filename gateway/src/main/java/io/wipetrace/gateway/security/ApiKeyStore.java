package io.wipetrace.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API keys, stored by hash. */
public interface ApiKeyStore {

    /**
     * An API key's record; never its clear value.
     *
     * @param id the key's ID
     * @param organisation organisation key it acts for
     * @param role its role
     * @param label what it is for
     * @param createdAt when it was issued
     * @param revokedAt when it was revoked, or null
     */
    record ApiKeyRecord(UUID id, String organisation, String role, String label, Instant createdAt,
            Instant revokedAt) {}

    /**
     * Stores a key by its hash.
     *
     * @param id the key's ID
     * @param keyHash SHA-256 of the clear key, hex
     * @param organisation organisation key
     * @param role one of {@link Roles#ALL}
     * @param label what it is for
     * @return whether it was stored (false when the ID or the hash exists already)
     */
    boolean insert(UUID id, String keyHash, String organisation, String role, String label);

    /** @return the active (not revoked) key with this hash */
    Optional<ApiKeyRecord> findActiveByHash(String keyHash);

    /** @return every key, newest first */
    List<ApiKeyRecord> list();

    /** @return the key with this ID */
    Optional<ApiKeyRecord> find(UUID id);

    /** Revokes a key. @return whether an active key was revoked */
    boolean revoke(UUID id);
}
