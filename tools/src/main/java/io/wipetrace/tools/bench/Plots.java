package io.wipetrace.tools.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Line charts of load-generator results over time, drawn with Java2D into PNG files (headless). */
public final class Plots {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf)};

    private Plots() {}

    /** One line per result: {@code value} of each second of the measured run. */
    public static void write(final Path png, final String title, final String unit, final List<LoadGenerator.Result> results,
            final ToDoubleFunction<LoadGenerator.Second> value) throws IOException {
        int seconds = 1;
        final List<Line> lines = new ArrayList<>();
        for (LoadGenerator.Result result : results) {
            seconds = Math.max(seconds, result.series().size());
            final double[] xs = result.series().stream().mapToDouble(LoadGenerator.Second::second).toArray();
            final double[] ys = result.series().stream().mapToDouble(value).toArray();
            lines.add(new Line(result.name(), xs, ys));
        }
        final List<Tick> ticks = new ArrayList<>();
        for (int s = 0; s <= seconds; s += Math.max(1, seconds / 10)) {
            ticks.add(new Tick(s, String.valueOf(s)));
        }
        draw(png, title, unit, "seconds into the measured run", 0, seconds, ticks, lines);
    }

    /**
     * One line per sweep curve: {@code value} of each level against the number in flight, on a doubling (log 2)
     * axis, each level named under it.
     */
    public static void sweep(final Path png, final String title, final String unit, final List<Sweep.Curve> curves,
            final ToDoubleFunction<Sweep.Point> value) throws IOException {
        final java.util.TreeSet<Integer> levels = new java.util.TreeSet<>();
        final List<Line> lines = new ArrayList<>();
        for (Sweep.Curve curve : curves) {
            curve.points().forEach(p -> levels.add(p.inFlight()));
            lines.add(new Line(curve.name(), curve.points().stream().mapToDouble(p -> log2(p.inFlight())).toArray(),
                    curve.points().stream().mapToDouble(value).toArray()));
        }
        final List<Tick> ticks = levels.stream().map(level -> new Tick(log2(level), String.valueOf(level))).toList();
        final double from = levels.isEmpty() ? 0 : log2(levels.first()) - 0.5;
        final double to = levels.isEmpty() ? 1 : log2(levels.last()) + 0.5;
        draw(png, title, unit, "in flight", from, to, ticks, lines);
    }

    private static double log2(final int value) {
        return Math.log(value) / Math.log(2);
    }

    private record Line(String name, double[] xs, double[] ys) {}

    private record Tick(double x, String label) {}

    private static void draw(final Path png, final String title, final String unit, final String xLabel,
            final double fromX, final double toX, final List<Tick> ticks, final List<Line> lines) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double max = 0;
        for (Line line : lines) {
            for (double y : line.ys()) {
                max = Math.max(max, y);
            }
        }
        max = niceCeiling(max);
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        final double span = toX > fromX ? toX - fromX : 1;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            final int y = TOP + plotHeight - i * plotHeight / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            final String label = format(max * i / 5);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        for (Tick tick : ticks) {
            final int x = LEFT + (int) Math.round((tick.x() - fromX) / span * plotWidth);
            g.drawString(tick.label(), x - g.getFontMetrics().stringWidth(tick.label()) / 2, TOP + plotHeight + 18);
        }
        g.drawString(xLabel, LEFT + plotWidth / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 12);
        g.drawString(unit, 8, TOP - 8);
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);

        g.setStroke(new BasicStroke(2f));
        for (int r = 0; r < lines.size(); r++) {
            final Line line = lines.get(r);
            g.setColor(COLOURS[r % COLOURS.length]);
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < line.xs().length; i++) {
                final int x = LEFT + (int) Math.round((line.xs()[i] - fromX) / span * plotWidth);
                final int y = TOP + plotHeight - (int) Math.round(line.ys()[i] / max * plotHeight);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                g.fillOval(x - 2, y - 2, 5, 5);
                previousX = x;
                previousY = y;
            }
            g.fillRect(LEFT + plotWidth + 14, TOP + 10 + r * 22, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), LEFT + plotWidth + 34, TOP + 16 + r * 22);
        }
        g.dispose();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code value} (and above zero). */
    static double niceCeiling(final double value) {
        if (value <= 0) {
            return 1;
        }
        final double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(final double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
    }
}
