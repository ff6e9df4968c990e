package io.wipetrace.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.proof.ledger.Crockford;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiptCodeTest {

    @Test
    void generates_seven_groups_of_four_crockford_characters() {
        assertThat(ReceiptCode.generate()).matches("([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}");
    }

    @Test
    void carries_at_least_128_random_bits() {
        assertThat(ReceiptCode.BITS).isGreaterThanOrEqualTo(128);
        assertThat(Crockford.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
    }

    @Test
    void never_repeats_and_uses_every_symbol_in_every_position() {
        final Set<String> codes = new HashSet<>();
        final Set<Character> firstSymbols = new HashSet<>();
        final Set<Character> lastSymbols = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            final String code = ReceiptCode.generate();
            codes.add(code);
            firstSymbols.add(code.charAt(0));
            lastSymbols.add(code.charAt(code.length() - 1));
        }
        assertThat(codes).hasSize(20_000);
        assertThat(firstSymbols).hasSize(32);
        assertThat(lastSymbols).hasSize(32);
    }

    @Test
    void normalises_what_a_person_types() {
        final String code = "7K2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV";
        assertThat(ReceiptCode.normalise(code)).contains("7K2QM9XD0AB1CDEFGHJKMNPQRSTV");
        assertThat(ReceiptCode.normalise("7k2q m9xd oabi cdef ghjk mnpq rstv")).contains("7K2QM9XD0AB1CDEFGHJKMNPQRSTV");
        assertThat(ReceiptCode.normalise("7K2QM9XD0ABLCDEFGHJKMNPQRSTV")).contains("7K2QM9XD0AB1CDEFGHJKMNPQRSTV");
        assertThat(ReceiptCode.normalise(" 7K2Q-M9XD\t0AB1-CDEF\nGHJK-MNPQ-RSTV \n")).as("scanned or pasted")
                .contains("7K2QM9XD0AB1CDEFGHJKMNPQRSTV");
    }

    @Test
    void refuses_malformed_codes() {
        assertThat(ReceiptCode.normalise(null)).isEmpty();
        assertThat(ReceiptCode.normalise("7K2Q-M9XD")).as("too short").isEmpty();
        assertThat(ReceiptCode.normalise("UK2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV")).as("U is not Crockford").isEmpty();
        assertThat(ReceiptCode.normalise("7K2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV-A")).as("too long").isEmpty();
    }

    @Test
    void hashes_the_normalised_code_with_sha256() throws Exception {
        final String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("7K2QM9XD0AB1CDEFGHJKMNPQRSTV".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ReceiptCode.hash("7K2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV")).contains(expected);
        assertThat(ReceiptCode.hash("7k2q-m9xd-oab1-cdef-ghjk-mnpq-rstv")).contains(expected);
    }
}
