package io.wipetrace.gateway.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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
        // Written directly as a one-bit greyscale PNG (RFC 2083): every collection answer carries one, and drawing it
        // into an image for ImageIO's writer was a tenth of a REST collection's CPU. Rows of pixels are the rows of
        // modules, each repeated MODULE_PIXELS times, so deflating them costs little.
        final int size = (matrix.getWidth() + 2 * QUIET_ZONE) * MODULE_PIXELS;
        final int rowBytes = (size + 7) / 8;
        final byte[] scanlines = new byte[size * (1 + rowBytes)];
        final byte[] row = new byte[rowBytes];
        for (int y = 0; y < size; y++) {
            final int my = y / MODULE_PIXELS - QUIET_ZONE;
            if (y % MODULE_PIXELS == 0) {
                // White (1) everywhere, then the row's dark modules cleared to 0.
                Arrays.fill(row, (byte) 0xff);
                for (int mx = 0; my >= 0 && my < matrix.getHeight() && mx < matrix.getWidth(); mx++) {
                    if (matrix.get(mx, my)) {
                        final int from = (mx + QUIET_ZONE) * MODULE_PIXELS;
                        for (int x = from; x < from + MODULE_PIXELS; x++) {
                            row[x >> 3] &= (byte) ~(0x80 >>> (x & 7));
                        }
                    }
                }
            }
            // Each scanline: filter type 0 (none), then the row.
            System.arraycopy(row, 0, scanlines, y * (1 + rowBytes) + 1, rowBytes);
        }
        final ByteArrayOutputStream png = new ByteArrayOutputStream(1024);
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        final ByteBuffer header = ByteBuffer.allocate(13).putInt(size).putInt(size)
                // bit depth 1, colour type 0 (greyscale), deflate, adaptive filtering, no interlace
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(scanlines);
            deflater.finish();
            final ByteArrayOutputStream compressed = new ByteArrayOutputStream(1024);
            final byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
            chunk(png, "IDAT", compressed.toByteArray());
        } finally {
            deflater.end();
        }
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** One PNG chunk: length, type, data and the CRC-32 of type and data. */
    private static void chunk(final ByteArrayOutputStream png, final String type, final byte[] data) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        final CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
