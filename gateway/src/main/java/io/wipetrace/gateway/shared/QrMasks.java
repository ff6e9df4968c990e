package io.wipetrace.gateway.shared;

import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The mask pattern of a QR code (error correction level M) chosen as ZXing's encoder chooses it, and the finished
 * symbol, from the symbol ZXing built under mask pattern 0.
 *
 * <p>ZXing's encoder builds the whole symbol once for each of the eight mask patterns of ISO/IEC 18004, scores each
 * with the four penalty rules and keeps the lowest (the lower mask number on a tie). The symbol under mask k differs
 * from the one under mask 0 only in its data modules, which are flipped where the two mask conditions disagree, and in
 * the two copies of the format information; which modules those are depends on the version alone. So each version's
 * differences are worked out once, as rows and as columns of bits, a candidate symbol is the mask-0 symbol XOR them,
 * and the penalty rules count 64 modules at a time.
 *
 * <p>The penalty is ZXing's (3.5.3), rule for rule:
 * <ol>
 *   <li>each run of five or more modules of one colour in a row or a column: 3 + (length − 5);</li>
 *   <li>each 2×2 block of one colour: 3;</li>
 *   <li>each dark-light-dark-dark-dark-light-dark pattern in a row or a column with four light modules before it or
 *       after it: 40. As in ZXing, those four modules must lie inside the symbol: its edge does not count as
 *       light;</li>
 *   <li>10 for each whole 5 % by which the share of dark modules is away from 50 %, in integer arithmetic.</li>
 * </ol>
 */
final class QrMasks {

    /** Mask patterns of ISO/IEC 18004. */
    private static final int MASKS = 8;
    /** Generator of the format information's BCH(15,5) code, x^10 + x^8 + x^5 + x^4 + x^2 + x + 1. */
    private static final int FORMAT_GENERATOR = 0x537;
    /** Mask XOR-ed onto the format information so that it is never all light. */
    private static final int FORMAT_MASK = 0x5412;
    /** Error correction level M's two bits in the format information. */
    private static final int LEVEL_M_BITS = 0b00;

    /** Per version (index 1–40), built when first needed. */
    private static final AtomicReferenceArray<Layout> LAYOUTS = new AtomicReferenceArray<>(41);

    private QrMasks() {}

    /**
     * @param maskZero a code ZXing encoded at level M under mask pattern 0 (hint {@code QR_MASK_PATTERN} 0)
     * @return its modules under the mask pattern ZXing's encoder would have chosen, one cell per module
     */
    static BitMatrix finish(final QRCode maskZero) {
        final Layout layout = layout(maskZero);
        final long[] symbol = lines(maskZero.getMatrix(), layout);
        final long[] candidate = new long[symbol.length];
        final int mask = lowest(penalties(symbol, layout, candidate));
        apply(symbol, layout, mask, candidate);
        return matrix(candidate, layout);
    }

    /**
     * @param maskZero a code ZXing encoded at level M under mask pattern 0
     * @return the mask pattern ZXing's encoder would choose for it
     */
    static int choose(final QRCode maskZero) {
        return lowest(penalties(maskZero));
    }

    /**
     * @param maskZero a code ZXing encoded at level M under mask pattern 0
     * @return the penalty of its symbol under each mask pattern, 0 to 7, as ZXing scores it
     */
    static int[] penalties(final QRCode maskZero) {
        final Layout layout = layout(maskZero);
        final long[] symbol = lines(maskZero.getMatrix(), layout);
        return penalties(symbol, layout, new long[symbol.length]);
    }

    /**
     * @param maskZero a code ZXing encoded at level M under mask pattern 0
     * @param mask a mask pattern, 0 to 7
     * @return its modules under that mask pattern, one cell per module
     */
    static BitMatrix symbol(final QRCode maskZero, final int mask) {
        if (mask < 0 || mask >= MASKS) {
            throw new IllegalArgumentException("no mask pattern " + mask);
        }
        final Layout layout = layout(maskZero);
        final long[] symbol = lines(maskZero.getMatrix(), layout);
        final long[] candidate = new long[symbol.length];
        apply(symbol, layout, mask, candidate);
        return matrix(candidate, layout);
    }

    private static Layout layout(final QRCode maskZero) {
        if (maskZero.getMaskPattern() != 0 || maskZero.getECLevel() != ErrorCorrectionLevel.M) {
            throw new IllegalArgumentException("expected a level M code under mask pattern 0, got " + maskZero);
        }
        final Version version = maskZero.getVersion();
        final int number = version.getVersionNumber();
        final Layout cached = LAYOUTS.get(number);
        if (cached != null) {
            return cached;
        }
        // Built at most a few times over when threads race; every copy is the same.
        final Layout built = new Layout(version);
        return LAYOUTS.compareAndExchange(number, null, built) instanceof Layout other ? other : built;
    }

    /** The lowest penalty's mask pattern, the lower number on a tie. */
    private static int lowest(final int[] penalties) {
        int best = 0;
        for (int mask = 1; mask < MASKS; mask++) {
            if (penalties[mask] < penalties[best]) {
                best = mask;
            }
        }
        return best;
    }

    /** The symbol's rows, then its columns, as bits: module x of row y is bit x of row y's words, and so on. */
    private static long[] lines(final ByteMatrix matrix, final Layout layout) {
        final int size = layout.size;
        if (matrix.getWidth() != size || matrix.getHeight() != size) {
            throw new IllegalArgumentException("a version's symbol is " + size + " modules a side");
        }
        final byte[][] modules = matrix.getArray();
        final int words = layout.words;
        final long[] lines = new long[layout.stride];
        for (int y = 0; y < size; y++) {
            final byte[] row = modules[y];
            final int column = (y >>> 6) + size * words;
            for (int w = 0; w < words; w++) {
                long bits = 0;
                for (int x = 64 * w; x < Math.min(size, 64 * w + 64); x++) {
                    // Modules are 0 (light) or 1 (dark): no branch on data that is random.
                    final long dark = row[x] & 1L;
                    bits |= dark << x;
                    lines[column + x * words] |= dark << y;
                }
                lines[y * words + w] = bits;
            }
        }
        return lines;
    }

    /** Marks module (x, y) dark in the rows and in the columns that start at {@code offset}. */
    private static void set(final long[] lines, final int offset, final int size, final int words, final int x,
            final int y) {
        lines[offset + y * words + (x >>> 6)] |= 1L << x;
        lines[offset + (size + x) * words + (y >>> 6)] |= 1L << y;
    }

    /** The symbol under {@code mask}, into {@code candidate}. */
    private static void apply(final long[] symbol, final Layout layout, final int mask, final long[] candidate) {
        final long[] deltas = layout.deltas;
        final int offset = mask * layout.stride;
        for (int i = 0; i < symbol.length; i++) {
            candidate[i] = symbol[i] ^ deltas[offset + i];
        }
    }

    private static int[] penalties(final long[] symbol, final Layout layout, final long[] candidate) {
        final int[] penalties = new int[MASKS];
        for (int mask = 0; mask < MASKS; mask++) {
            apply(symbol, layout, mask, candidate);
            penalties[mask] = penalty(candidate, layout);
        }
        return penalties;
    }

    /** ZXing's penalty of a candidate symbol: rules 1 and 3 on its rows and columns, 2 and 4 on its rows. */
    private static int penalty(final long[] lines, final Layout layout) {
        final int size = layout.size;
        final int words = layout.words;
        int runs = 0;
        int blocks = 0;
        int finderLike = 0;
        int dark = 0;
        for (int line = 0; line < 2 * size; line++) {
            final int at = line * words;
            // Rule 2 pairs a row with the next; columns and the last row have none.
            final boolean pairs = line < size - 1;
            for (int w = 0; w < words; w++) {
                // a<s> holds module i + s at bit i, ap<s> module i - s; beyond the line's ends they read as 0.
                final long a0 = lines[at + w];
                final long next = w + 1 < words ? lines[at + w + 1] : 0L;
                final long previous = w > 0 ? lines[at + w - 1] : 0L;
                final long a1 = a0 >>> 1 | next << 63;
                final long a2 = a0 >>> 2 | next << 62;
                final long a3 = a0 >>> 3 | next << 61;
                final long a4 = a0 >>> 4 | next << 60;
                final long ap1 = a0 << 1 | previous >>> 63;

                // Rule 1: every window of five equal modules, plus two for the first window of each run, adds up to
                // 3 + (length - 5) a run.
                final long windows = ~((a0 ^ a1) | (a1 ^ a2) | (a2 ^ a3) | (a3 ^ a4)) & layout.windows[w];
                final long firsts = windows & ((ap1 ^ a0) | (w == 0 ? 1L : 0L));
                runs += Long.bitCount(windows) + 2 * Long.bitCount(firsts);

                // Rule 3: 1011101 starting at the module, with 0000 inside the line just before or just after.
                final long a5 = a0 >>> 5 | next << 59;
                final long a6 = a0 >>> 6 | next << 58;
                final long patterns = a0 & ~a1 & a2 & a3 & a4 & ~a5 & a6;
                if (patterns != 0) {
                    final long ap2 = a0 << 2 | previous >>> 62;
                    final long ap3 = a0 << 3 | previous >>> 61;
                    final long ap4 = a0 << 4 | previous >>> 60;
                    final long a7 = a0 >>> 7 | next << 57;
                    final long a8 = a0 >>> 8 | next << 56;
                    final long a9 = a0 >>> 9 | next << 55;
                    final long a10 = a0 >>> 10 | next << 54;
                    final long lightBefore = ~(ap1 | ap2 | ap3 | ap4) & layout.lightBefore[w];
                    final long lightAfter = ~(a7 | a8 | a9 | a10) & layout.lightAfter[w];
                    finderLike += Long.bitCount(patterns & (lightBefore | lightAfter));
                }

                if (line < size) {
                    dark += Long.bitCount(a0);
                }
                if (pairs) {
                    // Rule 2: the module equals its right neighbour, the one below and that one's right neighbour.
                    final long b0 = lines[at + words + w];
                    final long b1 = b0 >>> 1 | (w + 1 < words ? lines[at + words + w + 1] : 0L) << 63;
                    blocks += Long.bitCount(~((a0 ^ a1) | (b0 ^ b1) | (a0 ^ b0)) & layout.pairs[w]);
                }
            }
        }
        final int total = size * size;
        final int fivePercents = Math.abs(dark * 2 - total) * 10 / total;
        return runs + 3 * blocks + 40 * finderLike + 10 * fivePercents;
    }

    /** The rows of a candidate as a matrix. */
    private static BitMatrix matrix(final long[] lines, final Layout layout) {
        final int size = layout.size;
        final BitMatrix matrix = new BitMatrix(size);
        final BitArray row = new BitArray(size);
        for (int y = 0; y < size; y++) {
            // A BitArray holds 32 modules an int, the first in its least significant bit, as a line's longs do.
            for (int i = 0; 32 * i < size; i++) {
                row.setBulk(32 * i, (int) (lines[y * layout.words + (i >>> 1)] >>> (32 * (i & 1))));
            }
            matrix.setRow(y, row);
        }
        return matrix;
    }

    /**
     * @param mask a mask pattern, 0 to 7
     * @param x a module's column
     * @param y a module's row
     * @return whether the mask pattern's condition holds, i.e. a data module there is flipped
     */
    static boolean masked(final int mask, final int x, final int y) {
        return switch (mask) {
            case 0 -> (y + x) % 2 == 0;
            case 1 -> y % 2 == 0;
            case 2 -> x % 3 == 0;
            case 3 -> (y + x) % 3 == 0;
            case 4 -> (y / 2 + x / 3) % 2 == 0;
            case 5 -> y * x % 2 + y * x % 3 == 0;
            case 6 -> (y * x % 2 + y * x % 3) % 2 == 0;
            case 7 -> ((y + x) % 2 + y * x % 3) % 2 == 0;
            default -> throw new IllegalArgumentException("no mask pattern " + mask);
        };
    }

    /**
     * @param mask a mask pattern, 0 to 7
     * @return the 15 bits of format information for level M and that mask pattern, the most significant first
     */
    static int format(final int mask) {
        final int data = LEVEL_M_BITS << 3 | mask;
        int remainder = data << 10;
        for (int bit = 14; bit >= 10; bit--) {
            if ((remainder >>> bit & 1) != 0) {
                remainder ^= FORMAT_GENERATOR << (bit - 10);
            }
        }
        return (data << 10 | remainder) ^ FORMAT_MASK;
    }

    /** What a version's symbol under each mask pattern differs in from the one under mask pattern 0. */
    private static final class Layout {

        /** Modules a side. */
        final int size;
        /** Longs a line (row or column). */
        final int words;
        /** Longs a symbol: its rows, then its columns. */
        final int stride;
        /** Symbol under mask k XOR symbol under mask 0, as lines, for k = 0 to 7 one after the other. */
        final long[] deltas;
        /** Where a window of five modules fits in a line: bits 0 to size − 5. */
        final long[] windows;
        /** Where a module has a right neighbour: bits 0 to size − 2. */
        final long[] pairs;
        /** Where four modules fit before a module: bits 4 to size − 1. */
        final long[] lightBefore;
        /** Where four modules fit after a pattern of seven starting at a module: bits 0 to size − 11. */
        final long[] lightAfter;

        Layout(final Version version) {
            size = version.getDimensionForVersion();
            words = (size + 63) >>> 6;
            stride = 2 * size * words;
            windows = bits(0, size - 4);
            pairs = bits(0, size - 1);
            lightBefore = bits(4, size);
            lightAfter = bits(0, size - 10);
            final boolean[] function = functionModules(version, size);
            deltas = new long[MASKS * stride];
            for (int mask = 1; mask < MASKS; mask++) {
                final int offset = mask * stride;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        if (!function[y * size + x] && masked(0, x, y) != masked(mask, x, y)) {
                            set(deltas, offset, size, words, x, y);
                        }
                    }
                }
                // The format information's bit i (i = 0 the least significant) in both of its copies.
                final int differs = format(0) ^ format(mask);
                for (int i = 0; i < 15; i++) {
                    if ((differs >>> i & 1) != 0) {
                        if (i < 8) {
                            set(deltas, offset, size, words, 8, i < 6 ? i : i + 1);
                            set(deltas, offset, size, words, size - 1 - i, 8);
                        } else {
                            set(deltas, offset, size, words, i == 8 ? 7 : 14 - i, 8);
                            set(deltas, offset, size, words, 8, size - 15 + i);
                        }
                    }
                }
            }
        }

        /** Bits {@code from} (inclusive) to {@code to} (exclusive) of a line. */
        private long[] bits(final int from, final int to) {
            final long[] bits = new long[words];
            for (int i = from; i < to; i++) {
                bits[i >>> 6] |= 1L << i;
            }
            return bits;
        }

        /**
         * Finder patterns with their separators, timing patterns, alignment patterns, format and version information
         * and the dark module: every module that is not data, row by row.
         */
        private static boolean[] functionModules(final Version version, final int size) {
            final boolean[] function = new boolean[size * size];
            // The finder patterns, their separators and the format information along row and column 8; the lower
            // left one includes the dark module at (8, size - 8).
            fill(function, size, 0, 0, 9, 9);
            fill(function, size, size - 8, 0, 8, 9);
            fill(function, size, 0, size - 8, 9, 8);
            fill(function, size, 0, 6, size, 1);
            fill(function, size, 6, 0, 1, size);
            final int[] centres = version.getAlignmentPatternCenters();
            for (final int y : centres) {
                for (final int x : centres) {
                    final boolean onFinder = x < 8 && (y < 8 || y >= size - 8) || x >= size - 8 && y < 8;
                    if (!onFinder) {
                        fill(function, size, x - 2, y - 2, 5, 5);
                    }
                }
            }
            if (version.getVersionNumber() >= 7) {
                fill(function, size, 0, size - 11, 6, 3);
                fill(function, size, size - 11, 0, 3, 6);
            }
            return function;
        }

        private static void fill(final boolean[] function, final int size, final int left, final int top,
                final int width, final int height) {
            for (int y = top; y < top + height; y++) {
                for (int x = left; x < left + width; x++) {
                    function[y * size + x] = true;
                }
            }
        }
    }
}
