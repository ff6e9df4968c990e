package io.wipetrace.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void takes_the_whole_number_at_its_place() {
        assertThat(Arguments.integer(new String[] {"300", "8", "5"}, 1, "in-flight", 16)).isEqualTo(8);
    }

    @Test
    void takes_the_default_when_fewer_arguments_were_given() {
        assertThat(Arguments.integer(new String[] {"300"}, 1, "in-flight", 16)).isEqualTo(16);
        assertThat(Arguments.integer(new String[0], 0, "devices", 300)).isEqualTo(300);
    }

    @Test
    void names_the_argument_that_is_not_a_whole_number() {
        assertThatIllegalArgumentException().isThrownBy(() -> Arguments.integer(new String[] {"lots"}, 0, "devices", 300))
                .withMessage("devices must be a whole number, not 'lots'");
    }
}
