package io.wipetrace.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(final boolean enabled, final int capacity, final Duration period, final int maxClients) {
        return new RateLimiter(new VerifyProperties.RateLimit(enabled, capacity, period, maxClients), nanos::get);
    }

    @Test
    void lets_a_burst_of_capacity_through_then_says_when_a_token_is_back() {
        final RateLimiter limiter = limiter(true, 3, Duration.ofMinutes(1), 100);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).as("request %d", i).isEmpty();
        }
        // 3 per minute: one token every 20 s.
        assertThat(limiter.tryAcquire("10.0.0.1").orElseThrow()).isCloseTo(Duration.ofSeconds(20), Duration.ofMillis(1));

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1").orElseThrow()).isCloseTo(Duration.ofSeconds(15), Duration.ofMillis(1));
        nanos.addAndGet(Duration.ofSeconds(15).toNanos() + 1_000);
        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
    }

    @Test
    void counts_the_same_subject_once_within_the_repeat_window_and_again_after_it() {
        final RateLimiter limiter = limiter(true, 2, Duration.ofMinutes(1), 100);

        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-A")).isEmpty();
        // The page's proof bundle and certificate: the same code, no further token.
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1", "CODE-A")).isEmpty();
        }
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-B")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-C")).as("a third code in the same minute").isPresent();
        // Another client asking about CODE-A is charged on its own.
        assertThat(limiter.tryAcquire("10.0.0.2", "CODE-A")).isEmpty();

        // After the repeat window (2 minutes) the same code costs a token again.
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-A")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-B")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-A")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1", "CODE-D")).isPresent();
    }

    @Test
    void counts_each_client_address_on_its_own() {
        final RateLimiter limiter = limiter(true, 1, Duration.ofMinutes(1), 100);

        assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(limiter.tryAcquire("10.0.0.1")).isPresent();
        assertThat(limiter.tryAcquire("10.0.0.2")).isEmpty();
    }

    @Test
    void never_refills_beyond_capacity() {
        final RateLimiter limiter = limiter(true, 2, Duration.ofSeconds(10), 100);
        nanos.addAndGet(Duration.ofHours(1).toNanos());

        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isPresent();
    }

    @Test
    void drops_full_buckets_when_too_many_clients_are_tracked_but_keeps_the_limit_of_busy_ones() {
        final RateLimiter limiter = limiter(true, 1, Duration.ofMinutes(1), 2);
        assertThat(limiter.tryAcquire("busy")).isEmpty();
        assertThat(limiter.tryAcquire("other")).isEmpty();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(limiter.tryAcquire("busy")).isEmpty();

        // "other" has refilled and is dropped to make room; "busy" is still empty and still limited.
        assertThat(limiter.tryAcquire("third")).isEmpty();
        assertThat(limiter.tryAcquire("busy")).isPresent();
    }

    @Test
    void lets_everything_through_when_disabled() {
        final RateLimiter limiter = limiter(false, 1, Duration.ofMinutes(1), 100);

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).isEmpty();
        }
    }
}
