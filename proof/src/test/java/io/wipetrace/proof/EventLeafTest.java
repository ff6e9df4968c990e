package io.wipetrace.proof;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventLeafTest {

    private static final byte[] EVENT = "{\"deviceId\":\"DEV-1\",\"type\":\"COLLECTED\"}".getBytes(UTF_8);

    @Test
    void hashes_the_salt_then_the_event_as_a_leaf() {
        final byte[] salt = HexFormat.of().parseHex("00".repeat(31) + "01");
        final byte[] data = new byte[32 + EVENT.length];
        System.arraycopy(salt, 0, data, 0, 32);
        System.arraycopy(EVENT, 0, data, 32, EVENT.length);

        assertThat(EventLeaf.hash(salt, EVENT)).isEqualTo(MerkleTree.leafHash(data));
    }

    @Test
    void differs_for_another_salt_so_a_guessed_event_cannot_be_confirmed_without_it() {
        final byte[] salt = new byte[32];
        final byte[] otherSalt = new byte[32];
        otherSalt[0] = 1;

        assertThat(EventLeaf.hash(salt, EVENT)).isNotEqualTo(EventLeaf.hash(otherSalt, EVENT));
        assertThat(EventLeaf.matches(salt, EVENT, EventLeaf.hash(salt, EVENT))).isTrue();
        assertThat(EventLeaf.matches(otherSalt, EVENT, EventLeaf.hash(salt, EVENT))).isFalse();
    }

    @Test
    void refuses_a_salt_of_the_wrong_length() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventLeaf.hash(new byte[16], EVENT));
        assertThat(EventLeaf.matches(new byte[16], EVENT, new byte[32])).isFalse();
    }
}
