package io.wipetrace.gateway.verify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer verification endpoint ({@code wipetrace.verify.*}).
 *
 * @param rateLimit how many verifications one client address may make
 */
@Validated
@ConfigurationProperties("wipetrace.verify")
public record VerifyProperties(@NotNull @Valid @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per client IP address: {@code capacity} requests at once, refilled evenly at {@code capacity}
     * per {@code period}.
     *
     * @param enabled whether requests are limited at all
     * @param capacity the bucket's size
     * @param period how long an empty bucket takes to fill
     * @param maxClients how many client buckets are kept before full ones are dropped
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("30") int capacity,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1m") Duration period,
            @Min(1) @DefaultValue("100000") int maxClients) {}
}
