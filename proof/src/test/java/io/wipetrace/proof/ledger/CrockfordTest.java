package io.wipetrace.proof.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrockfordTest {

    @Test
    void thirtyTwoDigitsWithoutTheLettersThatReadAlike() {
        assertThat(Crockford.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
        assertThat(Crockford.ALPHABET.chars().distinct().count()).isEqualTo(32);
    }

    @Test
    void digitsSortAsTheirValuesDo() {
        // What lets a time written in these digits sort as the time does (DeviceIds).
        for (int v = 1; v < 32; v++) {
            assertThat(Crockford.digit(v)).isGreaterThan(Crockford.digit(v - 1));
        }
        assertThat(Crockford.digit(0)).isEqualTo('0');
        assertThat(Crockford.digit(31)).isEqualTo('Z');
    }

    @Test
    void fillsOnlyTheRangeItIsGivenAndReachesEveryDigit() {
        final char[] into = "..........".toCharArray();
        Crockford.fillRandom(into, 2, 8, new Random(5));
        assertThat(new String(into)).matches("\\.\\.[0-9A-HJKMNP-TV-Z]{6}\\.\\.");

        final char[] many = new char[2_000];
        Crockford.fillRandom(many, 0, many.length, new Random(9));
        final Set<Character> seen = new HashSet<>();
        for (final char c : many) {
            seen.add(c);
        }
        assertThat(seen).hasSize(32);
    }
}
