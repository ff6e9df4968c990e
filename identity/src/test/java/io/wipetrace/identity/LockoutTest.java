package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutTest {

    private final Lockout lockout = new Lockout(5, Duration.ofMinutes(1), Duration.ofHours(1));
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void does_not_lock_below_the_threshold() {
        for (int failures = 0; failures < 5; failures++) {
            assertThat(lockout.lockedUntil(failures, now)).as("%d failures", failures).isNull();
        }
    }

    @Test
    void doubles_the_lock_with_each_failure_past_the_threshold_up_to_the_maximum() {
        assertThat(lockout.lockedUntil(5, now)).isEqualTo(now.plus(Duration.ofMinutes(1)));
        assertThat(lockout.lockedUntil(6, now)).isEqualTo(now.plus(Duration.ofMinutes(2)));
        assertThat(lockout.lockedUntil(7, now)).isEqualTo(now.plus(Duration.ofMinutes(4)));
        assertThat(lockout.lockedUntil(10, now)).isEqualTo(now.plus(Duration.ofMinutes(32)));
        assertThat(lockout.lockedUntil(11, now)).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(lockout.lockedUntil(1_000, now)).isEqualTo(now.plus(Duration.ofHours(1)));
    }

    @Test
    void refuses_settings_that_never_lock() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Lockout(0, Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Lockout(5, Duration.ZERO, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Lockout(5, Duration.ofHours(2), Duration.ofHours(1)));
    }
}
