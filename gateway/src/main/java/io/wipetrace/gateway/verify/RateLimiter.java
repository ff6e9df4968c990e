package io.wipetrace.gateway.verify;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * In-memory token buckets, one per client key (the client's IP address). Each holds at most {@code capacity} tokens
 * and regains them evenly, {@code capacity} per {@code period}; a request takes one. A request about a subject (a
 * receipt code) the client was charged for within {@code repeatWindow} is free: a page view, its proof bundle and its
 * certificate count once, while guessing codes costs one token per code. Per gateway replica: behind a load balancer
 * with n replicas a client gets up to n times the rate, which is acceptable for abuse protection.
 */
final class RateLimiter {

    private final boolean enabled;
    private final double capacity;
    private final double tokensPerNano;
    private final int maxClients;
    private final long repeatNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(final VerifyProperties.RateLimit settings, final LongSupplier nanoTime) {
        this.enabled = settings.enabled();
        this.capacity = settings.capacity();
        this.tokensPerNano = settings.capacity() / (double) settings.period().toNanos();
        this.maxClients = settings.maxClients();
        this.repeatNanos = settings.repeatWindow().toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Takes a token from the client's bucket.
     *
     * @param client the client's key
     * @return empty if the request may go ahead; otherwise how long until a token is back
     */
    Optional<Duration> tryAcquire(final String client) {
        return tryAcquire(client, null);
    }

    /**
     * Takes a token from the client's bucket unless the client was charged for the same subject within the repeat
     * window.
     *
     * @param client the client's key
     * @param subject what the request is about (a normalised receipt code), or {@code null} to charge always
     * @return empty if the request may go ahead; otherwise how long until a token is back
     */
    Optional<Duration> tryAcquire(final String client, final String subject) {
        if (!enabled) {
            return Optional.empty();
        }
        final long now = nanoTime.getAsLong();
        if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
            evictFull(now);
        }
        final Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.refill(now, capacity, tokensPerNano);
            if (subject != null && bucket.chargedRecently(subject, now, repeatNanos)) {
                return Optional.empty();
            }
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                if (subject != null) {
                    bucket.charged(subject, now, (int) Math.ceil(capacity) * 2);
                }
                return Optional.empty();
            }
            final long wait = (long) Math.ceil((1 - bucket.tokens) / tokensPerNano);
            return Optional.of(Duration.ofNanos(Math.max(wait, 1)));
        }
    }

    /** A full bucket is the same as none, so dropping it changes nobody's limit. */
    private void evictFull(final long now) {
        buckets.entrySet().removeIf(entry -> {
            final Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.refill(now, capacity, tokensPerNano);
                return bucket.tokens >= capacity;
            }
        });
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;
        /** Subjects charged for, oldest first, with when; at most twice the capacity are kept. */
        private final java.util.LinkedHashMap<String, Long> charged = new java.util.LinkedHashMap<>();

        boolean chargedRecently(final String subject, final long now, final long window) {
            final Long at = charged.get(subject);
            return at != null && now - at < window;
        }

        void charged(final String subject, final long now, final int keep) {
            charged.remove(subject);
            charged.put(subject, now);
            while (charged.size() > keep) {
                charged.pollFirstEntry();
            }
        }

        Bucket(final double tokens, final long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(final long now, final double capacity, final double tokensPerNano) {
            if (now > refilledAt) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
                refilledAt = now;
            }
        }
    }
}
