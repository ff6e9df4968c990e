package io.wipetrace.gateway.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumers' pool ({@code wipetrace.database.consumer-reads.*}, {@link ConsumerReads}).
 *
 * @param maximumPoolSize connections at most
 * @param minimumIdle connections kept open while idle
 * @param idleTimeout how long a connection above {@code minimumIdle} may stay idle before it is closed
 * @param connectionTimeout how long a read waits for a connection before it fails
 */
@ConfigurationProperties("wipetrace.database.consumer-reads")
public record ConsumerReadProperties(@DefaultValue("3") int maximumPoolSize, @DefaultValue("0") int minimumIdle,
        @DefaultValue("60s") Duration idleTimeout, @DefaultValue("5s") Duration connectionTimeout) {}
