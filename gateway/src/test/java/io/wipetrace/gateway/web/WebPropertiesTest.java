package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebPropertiesTest {

    @Test
    void takes_at_least_one_write_in_flight_and_a_wait_of_zero_or_more() {
        final WebProperties web = new WebProperties(1, Duration.ZERO);

        assertThat(web.writesInFlight()).isEqualTo(1);
        assertThat(web.writeWait()).isZero();
    }

    @Test
    void refuses_no_writes_in_flight_and_a_negative_wait_naming_the_setting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WebProperties(0, Duration.ofSeconds(1)))
                .withMessageContaining("wipetrace.web.writes-in-flight").withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new WebProperties(5, Duration.ofSeconds(-1)))
                .withMessageContaining("wipetrace.web.write-wait");
    }
}
