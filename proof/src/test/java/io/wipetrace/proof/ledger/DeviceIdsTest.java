package io.wipetrace.proof.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceIdsTest {

    @Test
    void anIdIsThePrefixTheTimeAndEighteenRandomCharacters() {
        final String id = DeviceIds.at((1L << 40) - 1, new Random(1));
        assertThat(id).hasSize(DeviceIds.LENGTH).startsWith("WT00ZZZZZZZZ").matches(Identifiers.DEVICE_ID);
        assertThat(DeviceIds.at(1, new Random(1))).startsWith("WT0000000001");
        assertThat(DeviceIds.at(32, new Random(1))).startsWith("WT0000000010");
        assertThat(DeviceIds.next()).hasSize(DeviceIds.LENGTH).matches("WT[0-9A-HJKMNP-TV-Z]{28}");
    }

    @Test
    void idsSortByTheMillisecondTheyWereMadeIn() {
        final Random random = new Random(7);
        final long start = 1_796_000_000_000L;
        final List<String> made = new ArrayList<>();
        for (long t = start; t < start + 5_000; t += 1 + random.nextInt(40)) {
            made.add(DeviceIds.at(t, random));
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(DeviceIds.at(start, new Random(1)).substring(0, 12))
                .isEqualTo(DeviceIds.at(start, new Random(2)).substring(0, 12));
    }

    @Test
    void theRandomPartKeepsIdsOfOneMillisecondApart() {
        final var ids = new HashSet<String>();
        final Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            ids.add(DeviceIds.at(1_796_000_000_000L, random));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(DeviceIds.random()).hasSize(DeviceIds.LENGTH).matches(Identifiers.DEVICE_ID)
                .isNotEqualTo(DeviceIds.random());
    }

    @Test
    void aTimeBeyondFiftyBitsIsRefused() {
        assertThatThrownBy(() -> DeviceIds.at(1L << 50, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceIds.at(-1, new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
