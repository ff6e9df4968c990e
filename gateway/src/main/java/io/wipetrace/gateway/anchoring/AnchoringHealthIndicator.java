package io.wipetrace.gateway.anchoring;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code anchoring}: UP with the latest recorded anchor and the oldest open window; DOWN when a window FAILED (it
 * needs an operator) or every tick has failed for longer than {@code downAfter}.
 */
final class AnchoringHealthIndicator implements HealthIndicator {

    private final WindowStore store;
    private final AnchoringService service;
    private final Duration downAfter;
    private final Clock clock;

    AnchoringHealthIndicator(final WindowStore store, final AnchoringService service, final Duration downAfter,
            final Clock clock) {
        this.store = store;
        this.service = service;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    @Override
    public Health health() {
        final Health.Builder health = Health.up();
        store.latestRecorded().ifPresent(w -> health
                .withDetail("latestRecorded", w.sequence())
                .withDetail("anchoredThroughBlock", w.lastBlock())
                .withDetail("latestRoot", HexFormat.of().formatHex(w.merkleRoot())));
        store.oldestOpen().ifPresent(w -> health
                .withDetail("oldestOpen", w.sequence())
                .withDetail("oldestOpenStatus", w.status()));
        service.lastError().ifPresent(error -> health.withDetail("lastError", error));
        final long failed = store.failedCount();
        if (failed > 0) {
            return health.down().withDetail("failedWindows", failed).build();
        }
        final boolean failingTooLong = service.failingSince()
                .map(since -> since.plus(downAfter).isBefore(clock.instant()))
                .orElse(false);
        return failingTooLong ? health.down().build() : health.build();
    }
}
