package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.tools.drill.FaultDrill;
import org.junit.jupiter.api.Test;

/** The fault drill finds the projection's session in PostgreSQL by name, from the tools module, which cannot see it. */
class ProjectionSessionNameTest {

    @Test
    void the_fault_drill_watches_for_the_session_name_the_projection_gives_itself() {
        assertThat(FaultDrill.PROJECTION_SESSION).isEqualTo(JdbcProjectionStore.SESSION_NAME);
    }
}
