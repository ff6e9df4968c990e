package io.wipetrace.gateway.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Idempotency-Key handling ({@code wipetrace.idempotency.*}).
 *
 * @param lease how long one attempt holds a key; a retry meanwhile gets 409, after it (a crashed attempt) the retry
 *     takes over and settles what the attempt left. Longer than the slowest write (endorse + submit + commit)
 * @param retention how long completed responses are kept for replay
 */
@ConfigurationProperties("wipetrace.idempotency")
public record IdempotencyProperties(
        @DefaultValue("120s") Duration lease,
        @DefaultValue("24h") Duration retention) {}
