package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The proof module's shared vectors: what the chaincode writes is what every verifier recomputes. */
    @Test
    void whenAVectorOfTheProofModuleIsWritten_itsBytesAreTheCanonicalOnes() throws IOException {
        final JsonNode vectors = LedgerJson.parse(
                Files.readString(Path.of("../proof/src/test/resources/canonical-json-vectors.json"))).get("vectors");

        assertThat(vectors.size()).isGreaterThan(10);
        for (final JsonNode vector : vectors) {
            assertThat(LedgerJson.toText(LedgerJson.parse(vector.get("input").textValue())))
                    .as(vector.get("name").textValue())
                    .isEqualTo(vector.get("canonical").textValue());
        }
    }

    /** A record is written as its tree would be: an astral character in a component escaped as the vectors say. */
    @Test
    void whenARecordHoldsACharacterOutsideTheBmp_itIsWrittenAsTwoEscapedSurrogates() {
        record Phone(String model, String make) {}

        assertThat(LedgerJson.toText(new Phone("\uD840\uDC0B", "\uD83D\uDCF1 phone")))
                .isEqualTo("{\"make\":\"\\uD83D\\uDCF1 phone\",\"model\":\"\\uD840\\uDC0B\"}");
    }
}
