package io.wipetrace.gateway.projection;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the projection follows the ledger ({@code wipetrace.projection.*}).
 *
 * @param enabled whether the block listener starts with the application
 * @param organisation whose identity and peer the listener reads blocks through (a key of
 *     {@code wipetrace.fabric.identities}); the regulator reads everything, so it is the default
 * @param reconnect how long to wait before reopening a failed block stream
 * @param downAfter how long the listener may keep failing before the {@code projection} health is DOWN
 * @param heightRefresh how often the peer's ledger height is read, for the lag
 * @param readYourWritesWait how long a write asked to wait for its own projection ({@code Read-Your-Writes: wait},
 *     see {@link ReadYourWrites}) may wait before it answers that the read model is still catching up
 */
@Validated
@ConfigurationProperties("wipetrace.projection")
public record ProjectionProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("regulator") String organisation,
        @NotNull @Valid @DefaultValue Reconnect reconnect,
        @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration downAfter,
        @NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration heightRefresh,
        @NotNull @DurationMin(millis = 0) @DefaultValue("10s") Duration readYourWritesWait) {

    /**
     * Exponential backoff between attempts to reopen the block stream; reset by every projected block.
     *
     * @param initialBackoff the first wait
     * @param maxBackoff the longest wait
     */
    public record Reconnect(
            @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration initialBackoff,
            @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration maxBackoff) {}
}
