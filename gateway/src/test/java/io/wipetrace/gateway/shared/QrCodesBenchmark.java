package io.wipetrace.gateway.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Thread CPU time of a receipt link's QR code: ZXing's full mask search ({@code QRCodeWriter}) against
 * {@link QrCodes#matrix}, and the latter's two parts; medians over receipt links after a warm-up. A figure to read,
 * not a test: run its {@code main} with the test class path.
 */
public final class QrCodesBenchmark {

    private static final int WARM_UP = 20_000;
    private static final int LINKS = 5_000;

    private QrCodesBenchmark() {}

    /**
     * @param args ignored
     * @throws Exception if ZXing cannot encode a link
     */
    public static void main(final String[] args) throws Exception {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final QRCodeWriter writer = new QRCodeWriter();
        final Map<EncodeHintType, Object> hints =
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0);
        final Map<EncodeHintType, Object> maskZero = Map.of(EncodeHintType.QR_MASK_PATTERN, 0);
        final Random random = new Random(1);
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            final String link = QrMasksTest.receiptLink(random);
            sink += writer.encode(link, BarcodeFormat.QR_CODE, 0, 0, hints).hashCode();
            sink += QrCodes.matrix(link).hashCode();
        }
        final String[] links = new String[LINKS];
        long squares = 0;
        long runs = 0;
        for (int i = 0; i < LINKS; i++) {
            links[i] = QrMasksTest.receiptLink(random);
            final BitMatrix matrix = QrCodes.matrix(links[i]);
            if (!matrix.equals(writer.encode(links[i], BarcodeFormat.QR_CODE, 0, 0, hints))) {
                throw new AssertionError("not ZXing's symbol: " + links[i]);
            }
            runs += QrCodes.svg(matrix).length();
            squares += squaresSvgLength(matrix);
        }
        // Each in its own loop over the same links, so that none runs in caches another has just thrashed.
        final long[] zxing = new long[LINKS];
        final long[] ours = new long[LINKS];
        final long[] encode = new long[LINKS];
        final long[] masks = new long[LINKS];
        for (int i = 0; i < LINKS; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            sink += writer.encode(links[i], BarcodeFormat.QR_CODE, 0, 0, hints).hashCode();
            zxing[i] = threads.getCurrentThreadCpuTime() - start;
        }
        for (int i = 0; i < LINKS; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            sink += QrCodes.matrix(links[i]).hashCode();
            ours[i] = threads.getCurrentThreadCpuTime() - start;
        }
        final QRCode[] codes = new QRCode[LINKS];
        for (int i = 0; i < LINKS; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            codes[i] = Encoder.encode(links[i], ErrorCorrectionLevel.M, maskZero);
            encode[i] = threads.getCurrentThreadCpuTime() - start;
        }
        for (int i = 0; i < LINKS; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            sink += QrMasks.finish(codes[i]).hashCode();
            masks[i] = threads.getCurrentThreadCpuTime() - start;
        }
        long empty = Long.MAX_VALUE;
        for (int i = 0; i < 1000; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            empty = Math.min(empty, threads.getCurrentThreadCpuTime() - start);
        }
        System.out.printf("QR code of a receipt link, thread CPU, median of %d after %d warm-up:%n", LINKS, WARM_UP);
        System.out.printf("  ZXing QRCodeWriter (eight masks)   %6.1f µs%n", median(zxing));
        System.out.printf("  QrCodes.matrix                      %6.1f µs%n", median(ours));
        System.out.printf("    of which Encoder.encode, mask 0   %6.1f µs%n", median(encode));
        System.out.printf("    of which QrMasks.finish           %6.1f µs%n", median(masks));
        System.out.printf("  (reading the clock twice costs at least %.1f µs, included above)%n", empty / 1000.0);
        System.out.printf("SVG: %d characters a link with one square a module, %d with one rectangle a run%n",
                squares / LINKS, runs / LINKS);
        System.out.println(sink == 42 ? "" : "(" + (sink & 1) + ")");
    }

    private static double median(final long[] nanos) {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }

    /** The SVG's length as it was drawn with one square a dark module. */
    private static long squaresSvgLength(final BitMatrix matrix) {
        long length = QrCodes.svg(new BitMatrix(matrix.getWidth())).length();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    length += ("M" + (x + 4) + " " + (y + 4) + "h1v1h-1z").length();
                }
            }
        }
        return length;
    }
}
