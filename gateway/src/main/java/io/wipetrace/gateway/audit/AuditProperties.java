package io.wipetrace.gateway.audit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The regulator's audit views ({@code wipetrace.audit.*}).
 *
 * @param organisation whose Fabric identity reads device histories from the ledger (a key of
 *     {@code wipetrace.fabric.identities}); the regulator's, which may read everything
 * @param deadlines when a device, handover or failed wipe counts as an exception
 */
@Validated
@ConfigurationProperties("wipetrace.audit")
public record AuditProperties(
        @NotBlank @DefaultValue("regulator") String organisation,
        @NotNull @Valid @DefaultValue Deadlines deadlines) {

    /**
     * Deadlines, as durations ({@code 72h}, {@code 14d}); zero makes every case overdue at once.
     *
     * @param collectedNotReceived from collection to the first acceptance by a receiver
     * @param receivedNotWiped from the first receipt to an erasure record
     * @param handoverNotAcknowledged from an offer to its acceptance or rejection
     * @param wipeFailedNotDestroyed from a failed wipe (WIPE_FAILED) to dismantling on the destruction path
     */
    public record Deadlines(
            @NotNull @DefaultValue("72h") Duration collectedNotReceived,
            @NotNull @DefaultValue("14d") Duration receivedNotWiped,
            @NotNull @DefaultValue("48h") Duration handoverNotAcknowledged,
            @NotNull @DefaultValue("30d") Duration wipeFailedNotDestroyed) {

        /** Negative deadlines make no sense. */
        public Deadlines {
            for (Duration d : new Duration[] {collectedNotReceived, receivedNotWiped, handoverNotAcknowledged,
                    wipeFailedNotDestroyed}) {
                if (d != null && d.isNegative()) {
                    throw new IllegalArgumentException("wipetrace.audit.deadlines.* must not be negative: " + d);
                }
            }
        }
    }
}
