package io.wipetrace.portal.regulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart laid out for an SVG: bars grouped per label (one bar per series), scaled to the largest value. The
 * template draws it and the same figures as a table, for screen readers and for print.
 *
 * @param width the SVG's width
 * @param height the SVG's height
 * @param max the largest value (the top of the scale)
 * @param groups the labelled groups of bars, left to right
 */
record BarChart(int width, int height, long max, List<Group> groups) {

    static final int PLOT_TOP = 10;
    static final int PLOT_BOTTOM = 30;

    /** One label with its bars. */
    record Group(String label, double labelX, List<Bar> bars) {}

    /** One bar: series index (its colour), value and geometry. */
    record Bar(int series, long value, double x, double y, double w, double h) {}

    /**
     * Lays out groups of values.
     *
     * @param labels the group labels
     * @param series per series, one value per label
     * @param width the SVG's width
     * @param height the SVG's height
     */
    static BarChart of(final List<String> labels, final List<List<Long>> series, final int width, final int height) {
        long max = 1;
        for (final List<Long> values : series) {
            for (final Long value : values) {
                max = Math.max(max, value);
            }
        }
        final double slot = labels.isEmpty() ? width : (double) width / labels.size();
        final double barWidth = Math.max(1, slot * 0.8 / Math.max(1, series.size()));
        final double plot = height - PLOT_TOP - PLOT_BOTTOM;
        final List<Group> groups = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            final List<Bar> bars = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                final long value = series.get(s).get(i);
                final double h = plot * value / max;
                bars.add(new Bar(s, value, round(i * slot + slot * 0.1 + s * barWidth), round(PLOT_TOP + plot - h),
                        round(barWidth), round(h)));
            }
            groups.add(new Group(labels.get(i), round(i * slot + slot / 2), bars));
        }
        return new BarChart(width, height, max, groups);
    }

    /** @return the y of the axis labels */
    public int labelY() {
        return height - PLOT_BOTTOM + 16;
    }

    private static double round(final double value) {
        return Math.round(value * 10) / 10.0;
    }
}
