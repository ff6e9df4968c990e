package io.wipetrace.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The active API keys as authentication reads them: a key found active is reused for {@code ttl} without asking the
 * database again, so a client's stream of requests costs one lookup per key and period, not one per request.
 *
 * <p>Revocation through this gateway ({@link #revoked}) takes effect on its next request; a revocation made through
 * another replica (or in the database) within {@code ttl}. Unknown and revoked keys are never remembered: every request
 * with one asks the database, so a key issued a moment ago works at once, and guessing keys cannot fill the cache. At
 * most {@link #MAX_KEYS} keys are remembered; past that the stale ones are dropped, and if none is, all of them.
 */
public final class ActiveApiKeys {

    /** Keys remembered at most (more active keys than this only cost more lookups). */
    static final int MAX_KEYS = 10_000;

    private record Known(ApiKeyStore.ApiKeyRecord record, Instant readAt) {}

    private final ApiKeyStore store;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();

    ActiveApiKeys(final ApiKeyStore store, final Duration ttl, final Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * @param keyHash SHA-256 of the presented key, hex
     * @return the active key with this hash, as the database held it at most {@code ttl} ago
     */
    Optional<ApiKeyStore.ApiKeyRecord> findActiveByHash(final String keyHash) {
        final Instant now = clock.instant();
        final Known earlier = known.get(keyHash);
        if (earlier != null && now.isBefore(earlier.readAt().plus(ttl))) {
            return Optional.of(earlier.record());
        }
        final Optional<ApiKeyStore.ApiKeyRecord> found = store.findActiveByHash(keyHash);
        if (found.isEmpty()) {
            known.remove(keyHash);
        } else if (ttl.isPositive()) {
            if (known.size() >= MAX_KEYS) {
                known.values().removeIf(k -> !now.isBefore(k.readAt().plus(ttl)));
                if (known.size() >= MAX_KEYS) {
                    known.clear();
                }
            }
            known.put(keyHash, new Known(found.get(), now));
        }
        return found;
    }

    /**
     * Forgets a key this gateway has just revoked, so that its next request is refused.
     *
     * @param id the revoked key's ID
     */
    public void revoked(final UUID id) {
        known.values().removeIf(k -> k.record().id().equals(id));
    }
}
