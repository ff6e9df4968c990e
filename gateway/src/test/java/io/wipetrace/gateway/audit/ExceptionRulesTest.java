package io.wipetrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.wipetrace.gateway.audit.AuditException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExceptionRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final ExceptionRules rules = new ExceptionRules(new AuditProperties.Deadlines(Duration.ofHours(72),
            Duration.ofDays(14), Duration.ofHours(48), Duration.ofDays(30)), CLOCK);

    @Test
    void measures_every_deadline_back_from_one_reading_of_the_clock() {
        final ExceptionRules.Cutoffs cutoffs = rules.cutoffs();

        assertThat(cutoffs.now()).isEqualTo(NOW);
        assertThat(cutoffs.collectedNotReceived()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
        assertThat(cutoffs.receivedNotWiped()).isEqualTo(Instant.parse("2026-11-09T08:00:00Z"));
        assertThat(cutoffs.handoverNotAcknowledged()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(cutoffs.wipeFailedNotDestroyed()).isEqualTo(Instant.parse("2026-10-24T08:00:00Z"));
    }

    @Test
    void a_deadline_of_zero_makes_everything_started_before_now_overdue() {
        final ExceptionRules immediate = new ExceptionRules(
                new AuditProperties.Deadlines(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO), CLOCK);

        assertThat(immediate.cutoffs().handoverNotAcknowledged()).isEqualTo(NOW);
        assertThat(immediate.dueAt(Kind.HANDOVER_NOT_ACKNOWLEDGED, NOW.minusSeconds(1))).isEqualTo(NOW.minusSeconds(1));
    }

    @Test
    void gives_the_due_time_of_rules_with_a_deadline_and_none_for_the_others() {
        final Instant offered = Instant.parse("2026-11-20T10:30:00Z");

        assertThat(rules.dueAt(Kind.HANDOVER_NOT_ACKNOWLEDGED, offered)).isEqualTo(Instant.parse("2026-11-22T10:30:00Z"));
        assertThat(rules.dueAt(Kind.RECEIVED_NOT_WIPED, offered)).isEqualTo(Instant.parse("2026-12-04T10:30:00Z"));
        assertThat(rules.dueAt(Kind.SEAL_BROKEN, offered)).isNull();
        assertThat(rules.dueAt(Kind.LOT_NOT_RECONCILED, offered)).isNull();
    }

    @Test
    void refuses_a_negative_deadline() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuditProperties.Deadlines(Duration.ofHours(-1),
                Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
