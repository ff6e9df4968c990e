package io.wipetrace.gateway.verify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer verification endpoint ({@code wipetrace.verify.*}).
 *
 * @param rateLimit how many verifications one client address may make
 * @param trustedProxies addresses (or CIDR ranges) of proxies whose {@code X-Forwarded-For} is believed, such as
 *     the portal's: a request from one of them is counted against the visitor address it forwards; from anyone else
 *     the header is ignored and the connection's own address is counted
 */
@Validated
@ConfigurationProperties("wipetrace.verify")
public record VerifyProperties(@NotNull @Valid @DefaultValue RateLimit rateLimit,
        @NotNull @DefaultValue List<String> trustedProxies) {

    /**
     * A token bucket per client IP address: {@code capacity} requests at once, refilled evenly at {@code capacity}
     * per {@code period}.
     *
     * @param enabled whether requests are limited at all
     * @param capacity the bucket's size
     * @param period how long an empty bucket takes to fill
     * @param maxClients how many client buckets are kept before full ones are dropped
     * @param repeatWindow how long a request about the same receipt code by the same client costs nothing more
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("30") int capacity,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1m") Duration period,
            @Min(1) @DefaultValue("100000") int maxClients,
            @NotNull @DefaultValue("2m") Duration repeatWindow) {

        /** The constructor properties bind to. */
        @ConstructorBinding
        public RateLimit {
        }

        /** Settings with the default repeat window. */
        public RateLimit(final boolean enabled, final int capacity, final Duration period, final int maxClients) {
            this(enabled, capacity, period, maxClients, Duration.ofMinutes(2));
        }
    }
}
