package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void bars_are_scaled_to_the_largest_value_and_stand_on_the_axis() {
        final BarChart chart = BarChart.of(List.of("a", "b", "c"), List.of(List.of(10L, 5L, 0L)), 300, 140);
        final double plot = 140 - BarChart.PLOT_TOP - BarChart.PLOT_BOTTOM;

        assertThat(chart.max()).isEqualTo(10);
        final List<BarChart.Bar> bars = chart.groups().stream().map(g -> g.bars().get(0)).toList();
        assertThat(bars).extracting(BarChart.Bar::h).containsExactly(plot, plot / 2, 0.0);
        assertThat(bars).allSatisfy(bar -> assertThat(bar.y() + bar.h()).isEqualTo(BarChart.PLOT_TOP + plot));
        assertThat(bars.get(0).x()).isLessThan(bars.get(1).x());
    }

    @Test
    void each_series_gets_its_own_bar_side_by_side_in_a_group() {
        final BarChart chart = BarChart.of(List.of("d1", "d2"), List.of(List.of(1L, 2L), List.of(3L, 4L)), 400, 200);

        final BarChart.Group first = chart.groups().get(0);
        assertThat(first.bars()).extracting(BarChart.Bar::series).containsExactly(0, 1);
        assertThat(first.bars().get(1).x()).isEqualTo(first.bars().get(0).x() + first.bars().get(0).w());
        assertThat(chart.max()).isEqualTo(4);
    }

    @Test
    void an_empty_chart_has_no_bars_and_a_scale_of_one() {
        final BarChart chart = BarChart.of(List.of(), List.of(List.of()), 300, 140);

        assertThat(chart.groups()).isEmpty();
        assertThat(chart.max()).isEqualTo(1);
    }
}
