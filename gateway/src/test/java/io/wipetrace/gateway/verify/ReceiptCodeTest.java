package io.wipetrace.gateway.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiptCodeTest {

    private static final String CODE = "7K2Q9ZX10A4MBCDE";

    @Test
    void upper_cases_and_drops_hyphens_and_white_space() {
        assertThat(ReceiptCode.normalise("7k2q-9zx1 0a4m\tbcde")).contains(CODE);
        assertThat(ReceiptCode.normalise(" 7K2Q-9ZX1-0A4M-BCDE \n")).contains(CODE);
    }

    @Test
    void reads_i_and_l_as_one_and_o_as_zero() {
        assertThat(ReceiptCode.normalise("7K2Q-9ZXI-OA4M-BCDE")).contains(CODE);
        assertThat(ReceiptCode.normalise("7k2q-9zxl-oa4m-bcde")).contains(CODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7K2Q-9ZX1-0A4M-BCDU", "7K2Q-9ZX1-0A4M-BCD*", "7K2Q-9ZX1-0A4M-BCD", "",
        "7K2Q_9ZX1_0A4M_BCDE", "７K2Q-9ZX1-0A4M-BCDE"})
    void refuses_what_is_not_a_crockford_code_of_sixteen_characters_or_more(final String typed) {
        assertThat(ReceiptCode.normalise(typed)).isEmpty();
    }

    @Test
    void refuses_null_and_overlong_codes() {
        assertThat(ReceiptCode.normalise(null)).isEmpty();
        assertThat(ReceiptCode.normalise("A".repeat(ReceiptCode.MAX_LENGTH + 1))).isEmpty();
        assertThat(ReceiptCode.normalise("A".repeat(ReceiptCode.MAX_LENGTH))).isPresent();
    }

    @Test
    void hashes_the_normalised_code_with_sha_256_in_lower_case_hex() {
        // printf %s 7K2Q9ZX10A4MBCDE | sha256sum
        assertThat(ReceiptCode.hash(CODE)).isEqualTo("c525e8eb591ca6b4db82b1a81e49a870fdf53ca9b9849b87176f4790f1b3e00d");
        assertThat(ReceiptCode.hash(ReceiptCode.normalise("7k2q-9zxi-oa4m-bcde").orElseThrow()))
                .as("any way of typing the code gives the same hash").isEqualTo(ReceiptCode.hash(CODE));
    }
}
