package io.wipetrace.gateway.shared;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * QR codes of receipt links, as PNG and as SVG (ZXing's encoder; the choice of mask and the drawing are ours).
 *
 * <p>ZXing encodes the text (mode, version, Reed–Solomon) and builds the symbol under mask pattern 0 only;
 * {@link QrMasks} chooses the mask pattern and finishes the symbol. ZXing's own choice builds the whole symbol eight
 * times, once per mask pattern, and scores each: that was most of the cost of a REST collection's QR code (some 530 of
 * 600 µs of CPU for a receipt link). {@link QrMasks} scores each mask with the same penalty in one pass over the
 * symbol's bits, so {@link #matrix} is, module for module, what ZXing's {@code QRCodeWriter} answers at level M without
 * a margin, for about a tenth of the CPU.
 */
public final class QrCodes {

    private static final int MODULE_PIXELS = 8;
    private static final int QUIET_ZONE = 4;
    /** ZXing builds the symbol under mask pattern 0 only; {@link QrMasks} chooses the mask. */
    private static final Map<EncodeHintType, Object> MASK_ZERO = Map.of(EncodeHintType.QR_MASK_PATTERN, 0);

    private QrCodes() {}

    /**
     * @param text what the code says, e.g. a portal link
     * @return its modules at error correction level M, one cell per module, without a quiet zone (the quiet zone is
     *     added when drawing)
     */
    public static BitMatrix matrix(final String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot encode a QR code of nothing");
        }
        try {
            return QrMasks.finish(Encoder.encode(text, ErrorCorrectionLevel.M, MASK_ZERO));
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
        // One rectangle a horizontal run of dark modules: about half the characters of one square a module.
        final StringBuilder path = new StringBuilder(2048);
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                final int from = x;
                while (x < matrix.getWidth() && matrix.get(x, y)) {
                    x++;
                }
                final int run = x - from;
                path.append('M').append(from + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(run).append("v1h-").append(run).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
