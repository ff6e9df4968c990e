package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompositeKeysTest {

    /** Characters keys are made of, and the ones around the refused code points. */
    private static final String[] PIECES = {"a", "Z", "0", "~", ":", ".", "-", "_", " ", "é", "ß", "中", "\uFFFF",
        "\uD83D\uDE00", "\uDBFF\uDFFE", "\uDBFF", "\uDFFF", "\u0001", "\uDBFF\uDFFF", "\u0000"};

    @Test
    void buildsTheShimsKeyForTheChaincodesObjectTypes() {
        assertThat(CompositeKeys.of("device.device", "SH-0000001"))
                .isEqualTo("\u0000device.device\u0000SH-0000001\u0000")
                .isEqualTo(new CompositeKey("device.device", "SH-0000001").toString());
        assertThat(CompositeKeys.of("anchor.latest")).isEqualTo(new CompositeKey("anchor.latest").toString());
        assertThat(CompositeKeys.of("device.custody", "CollectorOrgMSP", "COLLECTED", "SH-1"))
                .isEqualTo(new CompositeKey("device.custody", "CollectorOrgMSP", "COLLECTED", "SH-1").toString());
        assertThat(CompositeKeys.of("", "", "")).isEqualTo(new CompositeKey("", "", "").toString());
    }

    @Test
    void agreesWithTheShimOnRandomSegments() {
        final SplittableRandom random = new SplittableRandom(20261204L);
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            final String objectType = randomSegment(random);
            final List<String> attributes = new ArrayList<>();
            final int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                attributes.add(randomSegment(random));
            }
            final String[] array = attributes.toArray(String[]::new);
            final Throwable shimRefusal = catchThrowable(() -> new CompositeKey(objectType, array));
            if (shimRefusal == null) {
                assertThat(CompositeKeys.of(objectType, array))
                        .isEqualTo(new CompositeKey(objectType, array).toString());
            } else {
                refused++;
                assertThat(shimRefusal).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> CompositeKeys.of(objectType, array))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage(shimRefusal.getMessage());
            }
        }
        // Both outcomes were exercised many times.
        assertThat(refused).isBetween(1_000, 19_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0000b", "ab\u0000", "\uDBFF\uDFFF", "x\uDBFF\uDFFFy", "\uD800\uDBFF\uDFFF"})
    void refusesTheDelimiterAndTheHighestCodePoint(final String segment) {
        assertThatThrownBy(() -> CompositeKeys.of("type", segment)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompositeKeys.of(segment, "id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompositeKey("type", segment)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uDBFF", "\uDFFF", "\uDFFF\uDBFF", "\uDBFF\uDFFE", "\uDBFFx\uDFFF", "\uFFFF"})
    void acceptsLoneSurrogatesAndNeighboursOfTheHighestCodePoint(final String segment) {
        assertThat(CompositeKeys.of("type", segment)).isEqualTo(new CompositeKey("type", segment).toString());
    }

    @Test
    void refusesANullObjectTypeAsTheShimDoes() {
        assertThatThrownBy(() -> CompositeKeys.of(null, "id")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CompositeKey(null, "id")).isInstanceOf(NullPointerException.class);
    }

    private static String randomSegment(final SplittableRandom random) {
        final StringBuilder segment = new StringBuilder();
        final int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            // The refused pieces are the last two; they come up in about one segment in three.
            segment.append(PIECES[random.nextInt(random.nextInt(8) == 0 ? PIECES.length : PIECES.length - 2)]);
        }
        return segment.toString();
    }
}
