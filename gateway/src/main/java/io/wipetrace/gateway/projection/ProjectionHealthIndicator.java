package io.wipetrace.gateway.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code projection} health: UP with the checkpoint, the peer's height and the lag while the listener follows the
 * ledger (catching up included); DOWN with the last error once it has been failing for longer than
 * {@code wipetrace.projection.down-after}; UNKNOWN while the listener is not running.
 */
final class ProjectionHealthIndicator implements HealthIndicator {

    private final ProjectionProgress progress;
    private final String channel;
    private final String organisation;
    private final Duration downAfter;
    private final Clock clock;

    ProjectionHealthIndicator(
            final ProjectionProgress progress,
            final String channel,
            final String organisation,
            final Duration downAfter,
            final Clock clock) {
        this.progress = progress;
        this.channel = channel;
        this.organisation = organisation;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    @Override
    public Health health() {
        final ProjectionProgress.Status status = progress.status();
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", channel);
        details.put("organisation", organisation);
        details.put("listener", status.state().name());
        details.put("checkpoint", status.checkpoint());
        if (status.height() >= 0) {
            details.put("height", status.height());
            details.put("lag", status.lag());
        }
        if (status.failingSince() != null) {
            details.put("failingSince", status.failingSince().toString());
            details.put("error", status.lastError());
        }
        final Status result;
        if (status.state() == ProjectionProgress.State.STOPPED) {
            result = Status.UNKNOWN;
        } else if (status.failingSince() != null
                && Duration.between(status.failingSince(), clock.instant()).compareTo(downAfter) >= 0) {
            result = Status.DOWN;
        } else {
            result = Status.UP;
        }
        return Health.status(result).withDetails(details).build();
    }
}
