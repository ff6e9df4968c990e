package io.wipetrace.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import io.wipetrace.proof.ledger.Crockford;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link QrMasks} against ZXing's own encoder: the same mask chosen, the same penalties, the same modules. */
class QrMasksTest {

    private static final long SEED = 18_004L;
    private static final ErrorCorrectionLevel M = ErrorCorrectionLevel.M;
    /** Alphanumeric mode's characters besides digits. */
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    @Test
    void draws_the_symbol_zxing_draws_under_the_mask_zxing_chooses() throws Exception {
        final Random random = new Random(SEED);
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            texts.add(receiptLink(random));
        }
        for (int i = 0; i < 300; i++) {
            texts.add(randomText(random, 1 + random.nextInt(1000)));
        }
        for (int version = 1; version <= 40; version++) {
            texts.add(textOfVersion(random, version));
        }
        final QRCodeWriter writer = new QRCodeWriter();
        final Map<EncodeHintType, Object> hints =
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0);
        final Set<Integer> versions = new TreeSet<>();
        final int[] chosen = new int[8];
        for (int i = 0; i < texts.size(); i++) {
            final String text = texts.get(i);
            final String what = "seed " + SEED + ", text " + i + " (" + text.length() + " characters): " + text;
            final QRCode zxing = Encoder.encode(text, M);
            final BitMatrix expected = writer.encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);

            assertThat(QrCodes.matrix(text)).as(what).isEqualTo(expected);
            assertThat(QrMasks.choose(maskZero(text))).as(what).isEqualTo(zxing.getMaskPattern());
            versions.add(zxing.getVersion().getVersionNumber());
            chosen[zxing.getMaskPattern()]++;
        }
        System.out.printf("QrMasksTest: %d texts (seed %d), versions %s, chosen masks 0-7 %s%n", texts.size(), SEED,
                versions, IntStream.of(chosen).mapToObj(String::valueOf).collect(Collectors.joining(" ")));
        assertThat(versions).as("versions covered").containsAll(IntStream.rangeClosed(1, 40).boxed().toList());
        assertThat(chosen).as("how often each mask pattern was chosen").doesNotContain(0);
    }

    @Test
    void scores_every_mask_pattern_as_zxing_does() throws Exception {
        final Random random = new Random(SEED + 1);
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add(receiptLink(random));
            texts.add(randomText(random, 1 + random.nextInt(600)));
        }
        for (int i = 0; i < texts.size(); i++) {
            final String text = texts.get(i);
            final int[] penalties = QrMasks.penalties(maskZero(text));
            for (int mask = 0; mask < 8; mask++) {
                final ByteMatrix symbol = Encoder.encode(text, M, Map.of(EncodeHintType.QR_MASK_PATTERN, mask))
                        .getMatrix();
                assertThat(penalties[mask]).as("mask %d, seed %d, text %d: %s", mask, SEED + 1, i, text)
                        .isEqualTo(zxingPenalty(symbol));
            }
        }
    }

    @Test
    void scores_any_arrangement_of_modules_as_zxing_does() throws Exception {
        // Not QR codes: random modules of every share of dark, in rows of one or several longs (sizes 21 to 177,
        // across 64 and 128), scored under each mask as ZXing would score that symbol.
        final Random random = new Random(SEED + 3);
        final double[] darkShares = {0, 0.03, 0.2, 0.4, 0.44, 0.47, 0.5, 0.53, 0.56, 0.6, 0.8, 0.97, 1};
        for (final int version : new int[] {1, 2, 7, 11, 12, 13, 27, 28, 40}) {
            for (final double darkShare : darkShares) {
                final QRCode code = new QRCode();
                code.setECLevel(M);
                code.setMaskPattern(0);
                code.setVersion(Version.getVersionForNumber(version));
                final int size = code.getVersion().getDimensionForVersion();
                final ByteMatrix modules = new ByteMatrix(size, size);
                for (int y = 0; y < size; y++) {
                    // Some rows copy the one above, for long runs down the columns and large blocks.
                    final boolean copy = y > 0 && random.nextInt(4) == 0;
                    for (int x = 0; x < size; x++) {
                        modules.set(x, y, copy ? modules.get(x, y - 1) == 1 : random.nextDouble() < darkShare);
                    }
                }
                code.setMatrix(modules);
                final int[] penalties = QrMasks.penalties(code);
                for (int mask = 0; mask < 8; mask++) {
                    assertThat(penalties[mask]).as("version %d, dark share %s, mask %d, seed %d", version, darkShare,
                            mask, SEED + 3).isEqualTo(zxingPenalty(byteMatrix(QrMasks.symbol(code, mask))));
                }
            }
        }
    }

    @Test
    void builds_every_mask_pattern_as_zxing_does_on_every_version() throws Exception {
        final Random random = new Random(SEED + 2);
        for (int version = 1; version <= 40; version++) {
            for (int n = 0; n < 2; n++) {
                final String text = textOfVersion(random, version);
                final QRCode maskZero = maskZero(text);
                assertThat(maskZero.getVersion().getVersionNumber()).as(text).isEqualTo(version);
                for (int mask = 0; mask < 8; mask++) {
                    final QRCode zxing = Encoder.encode(text, M, Map.of(EncodeHintType.QR_MASK_PATTERN, mask));
                    assertThat(QrMasks.symbol(maskZero, mask))
                            .as("version %d, mask %d, seed %d: %s", version, mask, SEED + 2, text)
                            .isEqualTo(bitMatrix(zxing.getMatrix()));
                }
            }
        }
    }

    @Test
    void writes_the_format_information_of_level_m_as_iso_18004_tabulates_it() {
        final int[] table = {
            0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
        };
        for (int mask = 0; mask < 8; mask++) {
            assertThat(QrMasks.format(mask)).as("mask %d", mask).isEqualTo(table[mask]);
        }
    }

    @Test
    void refuses_a_symbol_under_another_mask_or_level() throws Exception {
        final String link = receiptLink(new Random(SEED));
        final QRCode maskThree = Encoder.encode(link, M, Map.of(EncodeHintType.QR_MASK_PATTERN, 3));
        final QRCode levelL = Encoder.encode(link, ErrorCorrectionLevel.L, Map.of(EncodeHintType.QR_MASK_PATTERN, 0));

        assertThatIllegalArgumentException().isThrownBy(() -> QrMasks.finish(maskThree));
        assertThatIllegalArgumentException().isThrownBy(() -> QrMasks.finish(levelL));
    }

    /** A portal link with a random receipt code, as a collection's answer carries. */
    static String receiptLink(final Random random) {
        final StringBuilder link = new StringBuilder("http://127.0.0.1:8090/verify/");
        for (int i = 0; i < ReceiptCode.LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                link.append('-');
            }
            link.append(Crockford.digit(random.nextInt(32)));
        }
        return link.toString();
    }

    /** Digits only, alphanumeric mode's characters or bytes (ISO-8859-1), one of the three at random. */
    private static String randomText(final Random random, final int length) {
        final StringBuilder text = new StringBuilder(length);
        final int mode = random.nextInt(3);
        for (int i = 0; i < length; i++) {
            text.append(switch (mode) {
                case 0 -> (char) ('0' + random.nextInt(10));
                case 1 -> random.nextInt(4) == 0 ? (char) ('0' + random.nextInt(10))
                        : ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length()));
                default -> random.nextInt(8) == 0 ? (char) (0xa0 + random.nextInt(0x60))
                        : (char) (0x20 + random.nextInt(0x5f));
            });
        }
        return text.toString();
    }

    /** Random lower-case letters (byte mode), as many as make ZXing choose {@code version} at level M. */
    private static String textOfVersion(final Random random, final int version) {
        final int fewest = version == 1 ? 1 : byteCapacity(version - 1) + 1;
        final int length = fewest + random.nextInt(byteCapacity(version) - fewest + 1);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Bytes a version holds at level M: its data codewords less the mode indicator and the character count. */
    private static int byteCapacity(final int version) {
        final Version v = Version.getVersionForNumber(version);
        final int dataBytes = v.getTotalCodewords() - v.getECBlocksForLevel(M).getTotalECCodewords();
        return (dataBytes * 8 - 4 - (version < 10 ? 8 : 16)) / 8;
    }

    private static QRCode maskZero(final String text) throws WriterException {
        return Encoder.encode(text, M, Map.of(EncodeHintType.QR_MASK_PATTERN, 0));
    }

    private static BitMatrix bitMatrix(final ByteMatrix modules) {
        final BitMatrix matrix = new BitMatrix(modules.getWidth(), modules.getHeight());
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                if (modules.get(x, y) == 1) {
                    matrix.set(x, y);
                }
            }
        }
        return matrix;
    }

    private static ByteMatrix byteMatrix(final BitMatrix matrix) {
        final ByteMatrix modules = new ByteMatrix(matrix.getWidth(), matrix.getHeight());
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                modules.set(x, y, matrix.get(x, y));
            }
        }
        return modules;
    }

    /** ZXing's own penalty of a symbol: its four rules (package-private in ZXing, so called by reflection). */
    private static int zxingPenalty(final ByteMatrix symbol) throws Exception {
        final Class<?> rules = Class.forName("com.google.zxing.qrcode.encoder.MaskUtil");
        int penalty = 0;
        for (int rule = 1; rule <= 4; rule++) {
            final Method method = rules.getDeclaredMethod("applyMaskPenaltyRule" + rule, ByteMatrix.class);
            method.setAccessible(true);
            penalty += (int) method.invoke(null, symbol);
        }
        return penalty;
    }
}
