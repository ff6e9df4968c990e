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
}
