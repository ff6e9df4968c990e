package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    /** Declared out of order, with a null member. */
    record Sample(String zeta, long alpha, String missing, Map<String, Object> nested, List<String> items) {}

    @Test
    void whenARecordIsWritten_membersAreSortedNullsLeftOutAndNoWhitespaceAdded() {
        final Map<String, Object> nested = new HashMap<>();
        nested.put("b", "二");
        nested.put("a", Map.of("y", 1, "x", true));
        nested.put("n", null);

        final String json = LedgerJson.toText(new Sample("z", 7, null, nested, List.of("c", "a")));

        assertThat(json).isEqualTo("{\"alpha\":7,\"items\":[\"c\",\"a\"],\"nested\":{\"a\":{\"x\":true,\"y\":1},\"b\":\"二\"},"
                + "\"zeta\":\"z\"}");
    }

    @Test
    void whenATreeIsWritten_itIsSortedAtEveryLevelWithoutNulls() throws IOException {
        final String json = LedgerJson.toText(LedgerJson.parse("{\"b\": {\"d\": 1, \"c\": null}, \"a\": [ {\"f\":1,\"e\":2} ]}"));

        assertThat(json).isEqualTo("{\"a\":[{\"e\":2,\"f\":1}],\"b\":{\"d\":1}}");
    }

    @Test
    void whenWrittenTwiceInDifferentOrders_theBytesAreEqual() throws IOException {
        final byte[] first = LedgerJson.toBytes(LedgerJson.parse("{\"x\":1,\"y\":{\"q\":\"1\",\"p\":\"2\"}}"));
        final byte[] second = LedgerJson.toBytes(LedgerJson.parse("{\"y\":{\"p\":\"2\",\"q\":\"1\"},\"x\":1}"));

        assertThat(Arrays.equals(first, second)).isTrue();
    }

    @Test
    void whenParsing_repeatedMembersAndDeepNestingAreRefused() {
        assertThatThrownBy(() -> LedgerJson.parse("{\"a\":1,\"a\":2}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> LedgerJson.parse("[".repeat(40) + "]".repeat(40))).isInstanceOf(IOException.class);
    }
}
