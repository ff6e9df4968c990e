package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.projection.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachedOrganisationRolesTest {

    private final List<String> asked = new ArrayList<>();
    private Set<String> answer = Set.of("COLLECTOR");
    private boolean down;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    private final OrganisationRoles ledger = organisation -> {
        asked.add(organisation);
        if (down) {
            throw new LedgerException(LedgerException.Kind.UNAVAILABLE, "LEDGER_UNAVAILABLE", "peer down", null);
        }
        return answer;
    };

    private final CachedOrganisationRoles cached = new CachedOrganisationRoles(ledger, Duration.ofSeconds(60), clock);

    @Test
    void asks_the_ledger_once_per_organisation_while_the_answer_is_fresh() {
        assertThat(cached.of("collector")).containsExactly("COLLECTOR");
        clock.advance(Duration.ofSeconds(59));
        assertThat(cached.of("collector")).containsExactly("COLLECTOR");
        assertThat(asked).containsExactly("collector");

        answer = Set.of();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cached.of("collector")).isEmpty();
        assertThat(asked).containsExactly("collector", "collector");
    }

    @Test
    void keeps_the_last_answer_while_the_ledger_cannot_be_read() {
        cached.of("collector");
        down = true;
        clock.advance(Duration.ofSeconds(120));
        assertThat(cached.of("collector")).containsExactly("COLLECTOR");
    }

    @Test
    void fails_when_the_ledger_cannot_be_read_and_never_answered() {
        down = true;
        assertThatThrownBy(() -> cached.of("processor")).isInstanceOf(LedgerException.class);
    }
}
