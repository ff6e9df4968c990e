package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;

class ProjectionHealthIndicatorTest {

    private static final Duration DOWN_AFTER = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProjectionProgress progress = new ProjectionProgress("wipetrace", registry, clock);
    private final ProjectionHealthIndicator indicator =
            new ProjectionHealthIndicator(progress, "wipetrace", "regulator", DOWN_AFTER, clock);

    private static GatewayRuntimeException unavailable() {
        return new GatewayRuntimeException(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException());
    }

    private double lagGauge() {
        return registry.get("wipetrace.projection.lag").gauge().value();
    }

    @Test
    void is_up_with_checkpoint_height_and_lag_while_catching_up() {
        progress.checkpointLoaded(9);
        progress.streamOpened();
        progress.heightObserved(25);

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        assertThat(health.getDetails())
                .containsEntry("channel", "wipetrace")
                .containsEntry("organisation", "regulator")
                .containsEntry("listener", "STREAMING")
                .containsEntry("checkpoint", 9L)
                .containsEntry("height", 25L)
                .containsEntry("lag", 15L)
                .doesNotContainKey("error");
        assertThat(lagGauge()).isEqualTo(15.0);
    }

    @Test
    void reports_no_lag_once_the_last_committed_block_is_projected() {
        progress.streamOpened();
        progress.heightObserved(3);
        progress.projected(0, 1);
        progress.projected(1, 0);
        progress.projected(2, 4);

        assertThat(indicator.health().getDetails()).containsEntry("checkpoint", 2L).containsEntry("lag", 0L);
        assertThat(lagGauge()).isZero();
        assertThat(registry.get("wipetrace.projection.transactions").counter().count()).isEqualTo(5);
    }

    @Test
    void leaves_the_lag_out_until_the_height_is_known() {
        progress.streamOpened();

        assertThat(indicator.health().getDetails()).doesNotContainKeys("height", "lag");
        assertThat(lagGauge()).isNaN();
    }

    @Test
    void stays_up_while_a_failure_is_recent_and_shows_it() {
        progress.streamOpened();
        progress.failed(unavailable());
        clock.advance(DOWN_AFTER.minusSeconds(1));

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        assertThat(health.getDetails())
                .containsEntry("listener", "RETRYING")
                .containsEntry("failingSince", "2026-03-01T08:00:00Z");
        assertThat(health.getDetails().get("error").toString()).contains("UNAVAILABLE: connection refused");
    }

    @Test
    void is_down_once_the_listener_has_failed_for_longer_than_down_after() {
        progress.streamOpened();
        progress.failed(unavailable());
        clock.advance(Duration.ofSeconds(20));
        progress.streamOpened();
        progress.failed(unavailable());
        clock.advance(DOWN_AFTER.minusSeconds(20));

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
        assertThat(health.getDetails()).containsEntry("failingSince", "2026-03-01T08:00:00Z");
    }

    @Test
    void is_up_again_after_a_block_is_projected() {
        progress.failed(unavailable());
        clock.advance(DOWN_AFTER.multipliedBy(2));
        progress.streamOpened();
        progress.projected(0, 1);

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("failingSince");
    }

    @Test
    void is_up_again_when_a_reopened_stream_stays_open_though_no_block_comes() {
        progress.failed(unavailable());
        clock.advance(DOWN_AFTER.multipliedBy(2));
        progress.streamOpened();

        assertThat(indicator.health().getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);

        clock.advance(ProjectionProgress.STABLE_STREAM);
        assertThat(indicator.health().getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UP);
    }

    @Test
    void is_unknown_while_the_listener_is_not_running() {
        progress.stopped();

        assertThat(indicator.health().getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.UNKNOWN);
    }
}
