package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @Test
    void rounds_a_chart_axis_up_to_a_readable_number() {
        assertThat(Plots.niceCeiling(0)).isEqualTo(1);
        assertThat(Plots.niceCeiling(7.3)).isEqualTo(10);
        assertThat(Plots.niceCeiling(18.2)).isEqualTo(20);
        assertThat(Plots.niceCeiling(230)).isEqualTo(250);
        assertThat(Plots.niceCeiling(420)).isEqualTo(500);
    }

    @Test
    void writes_a_png_with_a_line_per_run_under_directories_it_makes(@TempDir final Path dir) throws Exception {
        final Path png = dir.resolve("perf/writes.png");
        final List<LoadGenerator.Second> rising = List.of(new LoadGenerator.Second(1, 10, 0, 1, 2),
                new LoadGenerator.Second(2, 20, 0, 1, 2), new LoadGenerator.Second(3, 40, 1, 1, 3));
        final LoadGenerator.Result run = new LoadGenerator.Result("floor", "fixed backlog, 4 in flight",
                new Histogram(3), 70, 1, 3, rising);

        Plots.write(png, "Writes per second", "tx/s", List.of(run), LoadGenerator.Second::operations);

        final BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG that ImageIO reads").isNotNull();
        assertThat(image.getWidth()).isGreaterThan(image.getHeight());
        assertThat(pixels(image, 0x1f77b4)).as("the first run's line, in the first colour").isPositive();
        assertThat(pixels(image, 0xd62728)).as("no second run, so no second colour").isZero();
        assertThat(Files.size(png)).isPositive();
    }

    private static int pixels(final BufferedImage image, final int rgb) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                count += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return count;
    }
}
