package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order in which the sweep measures its curves' levels, and the IDs it gives devices. */
class SweepBenchmarkTest {

    private static Sweep.Point point(final int inFlight, final double perSecond) {
        return new Sweep.Point(inFlight, perSecond, 1, 2, (long) perSecond, 0);
    }

    @Test
    void the_curves_take_turns_a_level_each_every_turn_the_other_way_round() throws Exception {
        final List<String> order = new ArrayList<>();

        final List<List<Sweep.Point>> curves = SweepBenchmark.takeTurns(3, List.of(16, 64, 256), 2048,
                (scenario, level, earlier) -> {
                    assertThat(earlier).hasSize(List.of(16, 64, 256).indexOf(level));
                    order.add(scenario + "@" + level);
                    return point(level, level);
                });

        assertThat(order).containsExactly("0@16", "1@16", "2@16", "2@64", "1@64", "0@64", "0@256", "1@256", "2@256");
        assertThat(curves).allSatisfy(curve -> assertThat(curve).extracting(Sweep.Point::inFlight)
                .containsExactly(16, 64, 256));
    }

    @Test
    void a_curve_that_stops_rising_leaves_the_turns_while_the_others_go_on() throws Exception {
        // Curve 0 is flat from 256 on; curve 1 keeps rising until 1024.
        final Map<Integer, Map<Integer, Double>> rates = Map.of(
                0, Map.of(16, 20.0, 64, 70.0, 256, 100.0, 512, 101.0),
                1, Map.of(16, 20.0, 64, 70.0, 256, 100.0, 512, 150.0, 1024, 151.0));
        final List<String> order = new ArrayList<>();

        final List<List<Sweep.Point>> curves = SweepBenchmark.takeTurns(2, null, 2048,
                (scenario, level, earlier) -> {
                    order.add(scenario + "@" + level);
                    return point(level, rates.get(scenario).get(level));
                });

        assertThat(order).containsExactly("0@16", "1@16", "1@64", "0@64", "0@256", "1@256", "1@512", "0@512",
                "1@1024");
        assertThat(curves.get(0)).extracting(Sweep.Point::inFlight).containsExactly(16, 64, 256, 512);
        assertThat(curves.get(1)).extracting(Sweep.Point::inFlight).containsExactly(16, 64, 256, 512, 1024);
    }

    @Test
    void the_device_ids_are_the_gateways_unless_told_otherwise() {
        final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
        final var counter = SweepBenchmark.deviceIds("counter", "r1", sequence);
        assertThat(List.of(counter.get(), counter.get())).containsExactly("SWEEP-r1-1", "SWEEP-r1-2");
        final String ordered = SweepBenchmark.deviceIds("ordered", "r1", sequence).get();
        final String random = SweepBenchmark.deviceIds("random", "r1", sequence).get();
        assertThat(ordered).matches(io.wipetrace.proof.ledger.Identifiers.DEVICE_ID).startsWith("WT")
                .hasSize(io.wipetrace.proof.ledger.DeviceIds.LENGTH);
        // An ordered ID begins with the time: the same first characters as one made now, unlike a random one's.
        assertThat(io.wipetrace.proof.ledger.DeviceIds.next().substring(0, 7)).isEqualTo(ordered.substring(0, 7));
        assertThat(random).matches(io.wipetrace.proof.ledger.Identifiers.DEVICE_ID).hasSize(ordered.length());
        assertThat(sequence.get()).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SweepBenchmark.deviceIds("uuid", "r1", sequence))
                .hasMessageContaining("ordered, random or counter");
    }
}
