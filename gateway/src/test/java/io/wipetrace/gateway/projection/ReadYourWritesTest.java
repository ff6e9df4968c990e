package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {

    private static final String CHANNEL = "wipetrace";

    private final ProjectionProgress progress = new ProjectionProgress(CHANNEL, new SimpleMeterRegistry(),
            Clock.systemUTC());
    private final InMemoryStore store = new InMemoryStore();

    private ReadYourWrites waiting(final Duration bound) {
        return new ReadYourWrites(progress, store, CHANNEL, bound, Clock.systemUTC());
    }

    @Test
    void answers_current_at_once_when_the_projection_already_holds_the_block() {
        store.setCheckpoint(CHANNEL, 12);
        assertThat(waiting(Duration.ofHours(1)).await(12)).isEqualTo(new ReadYourWrites.Reached(true, 12));
    }

    @Test
    void ends_the_wait_when_the_listener_projects_the_block() throws Exception {
        store.setCheckpoint(CHANNEL, 4);
        final CompletableFuture<ReadYourWrites.Reached> answer = CompletableFuture.supplyAsync(
                () -> waiting(Duration.ofHours(1)).await(5));
        assertThat(answer).isNotDone();
        progress.projected(5, 1);
        // An hour's bound: only the projected block can end this wait within the test's patience.
        assertThat(answer.get(1, TimeUnit.MINUTES)).isEqualTo(new ReadYourWrites.Reached(true, 5));
    }

    @Test
    void counts_a_block_another_replica_projected_into_the_database() throws Exception {
        store.setCheckpoint(CHANNEL, 4);
        final CompletableFuture<ReadYourWrites.Reached> answer = CompletableFuture.supplyAsync(
                () -> waiting(Duration.ofHours(1)).await(6));
        store.setCheckpoint(CHANNEL, 7);
        assertThat(answer.get(1, TimeUnit.MINUTES)).isEqualTo(new ReadYourWrites.Reached(true, 7));
    }

    @Test
    void says_catching_up_once_the_bound_is_spent() {
        store.setCheckpoint(CHANNEL, 2);
        assertThat(waiting(Duration.ZERO).await(3)).isEqualTo(new ReadYourWrites.Reached(false, 2));
    }
}
