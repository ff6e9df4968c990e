package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.projection.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActiveApiKeysTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    private final KeysInMemory store = new KeysInMemory();
    private final ActiveApiKeys active = new ActiveApiKeys(store, Duration.ofSeconds(5), clock);

    @Test
    void asks_the_database_once_per_key_while_the_answer_is_fresh() {
        final String hash = store.issue("collector");
        for (int i = 0; i < 10; i++) {
            assertThat(active.findActiveByHash(hash)).isPresent();
            clock.advance(Duration.ofMillis(400));
        }
        assertThat(store.lookups.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(active.findActiveByHash(hash)).isPresent();
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void a_key_revoked_through_this_gateway_is_refused_on_its_next_request() {
        final String hash = store.issue("collector");
        final UUID id = active.findActiveByHash(hash).orElseThrow().id();
        store.revoke(id);
        active.revoked(id);
        assertThat(active.findActiveByHash(hash)).isEmpty();
    }

    @Test
    void a_key_revoked_elsewhere_is_refused_once_its_answer_is_stale() {
        final String hash = store.issue("collector");
        final UUID id = active.findActiveByHash(hash).orElseThrow().id();
        store.revoke(id);
        clock.advance(Duration.ofMillis(4_999));
        assertThat(active.findActiveByHash(hash)).as("within the cache's 5 s").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(active.findActiveByHash(hash)).isEmpty();
    }

    @Test
    void unknown_keys_are_not_remembered_so_a_new_key_works_at_once() {
        final String hash = ApiKeys.hash(ApiKeys.generate());
        assertThat(active.findActiveByHash(hash)).isEmpty();
        assertThat(active.findActiveByHash(hash)).isEmpty();
        assertThat(store.lookups.get()).isEqualTo(2);
        store.issue(hash, "processor");
        assertThat(active.findActiveByHash(hash)).map(ApiKeyStore.ApiKeyRecord::organisation).contains("processor");
    }

    @Test
    void no_cache_asks_on_every_request() {
        final ActiveApiKeys uncached = new ActiveApiKeys(store, Duration.ZERO, clock);
        final String hash = store.issue("collector");
        uncached.findActiveByHash(hash);
        uncached.findActiveByHash(hash);
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void remembers_a_bounded_number_of_keys() {
        for (int i = 0; i <= ActiveApiKeys.MAX_KEYS; i++) {
            active.findActiveByHash(store.issue("collector"));
        }
        final String first = store.keys.keySet().iterator().next();
        final int before = store.lookups.get();
        active.findActiveByHash(first);
        active.findActiveByHash(first);
        assertThat(store.lookups.get() - before).as("looked up again at most once after the cache was full")
                .isLessThanOrEqualTo(1);
    }

    /** Keys by hash, counting the lookups authentication makes. */
    private final class KeysInMemory implements ApiKeyStore {
        final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        String issue(final String organisation) {
            return issue(ApiKeys.hash(ApiKeys.generate()), organisation);
        }

        String issue(final String hash, final String organisation) {
            insert(UUID.randomUUID(), hash, organisation, Roles.PARTNER, "test");
            return hash;
        }

        @Override
        public boolean insert(final UUID id, final String keyHash, final String organisation, final String role,
                final String label) {
            return keys.putIfAbsent(keyHash, new ApiKeyRecord(id, organisation, role, label, clock.instant(),
                    null)) == null;
        }

        @Override
        public Optional<ApiKeyRecord> findActiveByHash(final String keyHash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(keys.get(keyHash)).filter(k -> k.revokedAt() == null);
        }

        @Override
        public List<ApiKeyRecord> list() {
            return List.copyOf(keys.values());
        }

        @Override
        public Optional<ApiKeyRecord> find(final UUID id) {
            return keys.values().stream().filter(k -> k.id().equals(id)).findFirst();
        }

        @Override
        public boolean revoke(final UUID id) {
            final Optional<ApiKeyRecord> active = find(id).filter(k -> k.revokedAt() == null);
            keys.replaceAll((hash, k) -> k.id().equals(id) && k.revokedAt() == null
                    ? new ApiKeyRecord(k.id(), k.organisation(), k.role(), k.label(), k.createdAt(), clock.instant())
                    : k);
            return active.isPresent();
        }
    }
}
