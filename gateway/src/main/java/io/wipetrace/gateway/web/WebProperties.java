package io.wipetrace.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many writes the gateway runs at once ({@code wipetrace.web.*}; {@code wipetrace.web.virtual-threads} is read by
 * {@link RequestThreads}'s condition alone).
 *
 * @param writesInFlight the most writes that run at once ({@link WriteAdmission})
 * @param writeWait how long a write beyond them waits for a place before it is answered {@code 503 WRITES_BUSY}
 */
@ConfigurationProperties("wipetrace.web")
public record WebProperties(
        @DefaultValue("200") int writesInFlight,
        @DefaultValue("30s") Duration writeWait) {

    public WebProperties {
        if (writesInFlight < 1) {
            throw new IllegalArgumentException("wipetrace.web.writes-in-flight must be at least 1, not "
                    + writesInFlight);
        }
        if (writeWait.isNegative()) {
            throw new IllegalArgumentException("wipetrace.web.write-wait must not be negative, not " + writeWait);
        }
    }
}
