package io.wipetrace.gateway.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes of receipt links, as PNG and as SVG (ZXing's encoder; the drawing is ours). */
public final class QrCodes {

    private static final int MODULE_PIXELS = 8;
    private static final int QUIET_ZONE = 4;

    private QrCodes() {}

    /**
     * @param text what the code says, e.g. a portal link
     * @return its modules, one cell per module, without a quiet zone
     */
    public static BitMatrix matrix(final String text) {
        try {
            // size 0: one matrix cell per module; the quiet zone is added when drawing.
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /**
     * @param text what the code holds (a receipt's verification address)
     * @return the QR code as a PNG image
     */
    public static byte[] png(final String text) {
        return png(matrix(text));
    }

    /**
     * @param matrix a code's modules ({@link #matrix})
     * @return the QR code as a PNG image
     */
    public static byte[] png(final BitMatrix matrix) {
        final int size = (matrix.getWidth() + 2 * QUIET_ZONE) * MODULE_PIXELS;
        final BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        // Samples of the 1-bit raster straight away (0 black, 1 white): setRGB would convert colours pixel by
        // pixel, which made this the costliest step of a collection write.
        final WritableRaster raster = image.getRaster();
        final int[] white = new int[size];
        Arrays.fill(white, 1);
        final int[] dark = new int[MODULE_PIXELS * MODULE_PIXELS];
        for (int y = 0; y < size; y++) {
            raster.setSamples(0, y, size, 1, 0, white);
        }
        for (int my = 0; my < matrix.getHeight(); my++) {
            for (int mx = 0; mx < matrix.getWidth(); mx++) {
                if (matrix.get(mx, my)) {
                    raster.setSamples((mx + QUIET_ZONE) * MODULE_PIXELS, (my + QUIET_ZONE) * MODULE_PIXELS,
                            MODULE_PIXELS, MODULE_PIXELS, 0, dark);
                }
            }
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @param text what the code holds (a receipt's verification address)
     * @return the QR code as an SVG document
     */
    public static String svg(final String text) {
        return svg(matrix(text));
    }

    /**
     * @param matrix a code's modules ({@link #matrix}): encode once for both drawings
     * @return the QR code as an SVG document
     */
    public static String svg(final BitMatrix matrix) {
        final int size = matrix.getWidth() + 2 * QUIET_ZONE;
        final StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
