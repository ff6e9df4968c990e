package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
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

    /** Every value any test of the chaincode writes is checked against its tree's bytes by an assertion. */
    @Test
    void whenTheChaincodesTestsRun_toBytesChecksItsBytesAgainstTheTrees() {
        assertThat(LedgerJson.class.desiredAssertionStatus()).isTrue();
    }

    /** The writer trusts a sorted map's order; one in another order is caught by the check against the tree. */
    @Test
    void whenASortedMapIsInAnotherOrderThanNames_theCheckAgainstTheTreeRefusesIt() {
        final SortedMap<String, Object> names = new TreeMap<>(Map.of("b", 2, "a", 1));
        final SortedMap<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(names);

        assertThat(LedgerJson.toText(Collections.unmodifiableSortedMap(names))).isEqualTo("{\"a\":1,\"b\":2}");
        assertThatThrownBy(() -> LedgerJson.toBytes(reversed)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("{\"b\":2,\"a\":1}");
    }

    enum Colour { RED, GREEN }

    /** Members declared out of order, nullable ones, nested values of every kind the chaincode writes. */
    record Mixed(String zulu, Long nothing, long alpha, Colour colour, List<Object> items, Map<String, Object> details,
            Nested nested, boolean flag) {}

    record Nested(String b, String a, Map<String, Object> more) {}

    @Test
    void whenRecordsMapsAndListsAreWritten_theBytesAreThoseOfTheirTree() throws IOException {
        final Map<String, Object> details = new HashMap<>();
        details.put("zz", null);
        details.put("nullNode", LedgerJson.parse("null"));
        details.put("number", LedgerJson.parse("12345678901234567890"));
        details.put("negative", Long.MIN_VALUE);
        details.put("bool", LedgerJson.parse("true"));
        details.put("Ärger", "ünïcödé \"quoted\" \\ back\tslash \u2028 \uD83D\uDCF1 中文");
        details.put("\uFFFF", "last in UTF-16 order after astral keys?");
        details.put("\uD83D\uDE00", "astral key");
        details.put("tree", LedgerJson.parse("{\"y\":null,\"x\":[1,null,{\"b\":2,\"a\":null}]}"));
        details.put("list", Arrays.asList("b", null, Map.of("k", 1, "c", List.of()), LedgerJson.parse("null")));
        details.put("nested", new java.util.TreeMap<>(Map.of("b", "1", "a", Map.of())));
        final Mixed value = new Mixed("z", null, 42, Colour.GREEN, Arrays.asList(1, "two", null, Colour.RED),
                details, new Nested(null, "é", details), true);

        assertSameBytes(value);
        assertSameBytes(details);
        assertSameBytes(List.of(value, details));
        assertSameBytes(Map.of());
        assertSameBytes(7L);
        assertSameBytes("text \u00e9");
        assertThat(LedgerJson.toText(details)).doesNotContain("zz").doesNotContain("nullNode")
                .contains("[\"b\",null,{\"c\":[],\"k\":1},null]");
    }

    @Test
    void whenRandomNestedValuesAreWritten_theBytesAreThoseOfTheirTree() {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(4242);
        for (int i = 0; i < 3_000; i++) {
            assertSameBytes(randomValue(random, 0));
        }
    }

    private static final String[] KEYS = {"a", "B", "b", "aa", "_", "é", "\uFFFF", "\uD83D\uDE00", "中", "a b", "10", "9"};

    private static Object randomValue(final java.util.SplittableRandom random, final int depth) {
        final int kind = random.nextInt(depth > 3 ? 5 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean();
            case 3 -> KEYS[random.nextInt(KEYS.length)] + "\"\\/\u007f" + random.nextInt();
            case 4 -> Colour.values()[random.nextInt(2)];
            case 5 -> {
                final List<Object> list = new java.util.ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            case 6 -> new Nested((String) randomText(random), (String) randomText(random), randomMap(random, depth));
            default -> randomMap(random, depth);
        };
    }

    private static Object randomText(final java.util.SplittableRandom random) {
        return random.nextBoolean() ? null : KEYS[random.nextInt(KEYS.length)];
    }

    private static Map<String, Object> randomMap(final java.util.SplittableRandom random, final int depth) {
        final Map<String, Object> map = random.nextBoolean() ? new HashMap<>() : new java.util.LinkedHashMap<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            map.put(KEYS[random.nextInt(KEYS.length)], randomValue(random, depth + 1));
        }
        return map;
    }

    private static void assertSameBytes(final Object value) {
        assertThat(new String(LedgerJson.toBytes(value), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(LedgerJson.throughTree(value), java.nio.charset.StandardCharsets.UTF_8));
    }
}
