package io.wipetrace.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    private static final String URL = "http://127.0.0.1:8080/verify/7K2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV";

    @Test
    void draws_a_png_that_decodes_to_the_portal_link() throws Exception {
        final BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(URL)));
        final int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        final LuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);

        assertThat(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText()).isEqualTo(URL);
    }

    @Test
    void draws_each_module_as_an_eight_pixel_square_inside_a_four_module_white_quiet_zone() throws Exception {
        final BitMatrix matrix = QrCodes.matrix(URL);
        final BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCodes.png(matrix)));
        final int modules = matrix.getWidth();

        assertThat(image.getWidth()).isEqualTo((modules + 8) * 8);
        assertThat(image.getHeight()).isEqualTo((modules + 8) * 8);
        assertThat(image.getColorModel().getPixelSize()).as("one bit a pixel").isEqualTo(1);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                final int mx = x / 8 - 4;
                final int my = y / 8 - 4;
                final boolean dark = mx >= 0 && my >= 0 && mx < modules && my < modules && matrix.get(mx, my);
                assertThat(image.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y)
                        .isEqualTo(dark ? 0x000000 : 0xffffff);
            }
        }
    }

    @Test
    void draws_an_svg_of_the_same_matrix_with_a_quiet_zone() {
        final int modules = QrCodes.matrix(URL).getWidth();
        assertThat(QrCodes.svg(URL)).startsWith("<svg").contains("viewBox=\"0 0 " + (modules + 8) + " " + (modules + 8));
    }

    @Test
    void draws_each_horizontal_run_of_dark_modules_as_one_rectangle_and_no_other_cell() {
        final Random random = new Random(37);
        for (final String text : new String[] {URL, QrMasksTest.receiptLink(random), QrMasksTest.receiptLink(random),
                "0123456789".repeat(30), "a long text in byte mode, ".repeat(20)}) {
            final BitMatrix matrix = QrCodes.matrix(text);
            final int size = matrix.getWidth() + 8;
            final String svg = QrCodes.svg(matrix);
            final String head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                    + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                    + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
            assertThat(svg).as(text).startsWith(head).endsWith("\"/></svg>");

            final String path = svg.substring(head.length(), svg.length() - "\"/></svg>".length());
            final Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(path);
            final Set<Long> drawn = new HashSet<>();
            int runs = 0;
            int end = 0;
            while (run.find()) {
                assertThat(run.start()).as("%s: nothing between rectangles", text).isEqualTo(end);
                end = run.end();
                runs++;
                final int x = Integer.parseInt(run.group(1)) - 4;
                final int y = Integer.parseInt(run.group(2)) - 4;
                final int length = Integer.parseInt(run.group(3));
                assertThat(run.group(4)).as("%s: the rectangle closes", text).isEqualTo(run.group(3));
                assertThat(x > 0 && matrix.get(x - 1, y)).as("%s: a run starts at %d,%d", text, x, y).isFalse();
                assertThat(x + length < matrix.getWidth() && matrix.get(x + length, y))
                        .as("%s: the run from %d,%d ends after %d", text, x, y, length).isFalse();
                for (int i = 0; i < length; i++) {
                    assertThat(drawn.add(cell(x + i, y))).as("%s: %d,%d drawn once", text, x + i, y).isTrue();
                }
            }
            assertThat(end).as(text).isEqualTo(path.length());

            final Set<Long> dark = new HashSet<>();
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    if (matrix.get(x, y)) {
                        dark.add(cell(x, y));
                    }
                }
            }
            assertThat(drawn).as(text).isEqualTo(dark);
            assertThat(runs).as("%s: fewer rectangles than dark modules", text).isLessThan(dark.size());
            final long squares = dark.stream()
                    .mapToLong(cell -> ("M" + ((cell >> 16) + 4) + " " + ((cell & 0xffff) + 4) + "h1v1h-1z").length())
                    .sum();
            assertThat((long) path.length()).as("%s: shorter than one square a module", text).isLessThan(squares);
        }
    }

    private static long cell(final int x, final int y) {
        return (long) x << 16 | y;
    }
}
