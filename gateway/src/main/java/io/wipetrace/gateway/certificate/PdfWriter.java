package io.wipetrace.gateway.certificate;

import com.google.zxing.common.BitMatrix;
import io.wipetrace.gateway.shared.QrCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The gateway's A4 documents (the erasure certificate, the regulator's compliance report) drawn top to bottom in one
 * font with Chinese glyphs, embedded as a subset, starting a new page when one is full. Unsigned; {@link SignedPdfs}
 * signs what it draws.
 */
public final class PdfWriter {

    private static final float MARGIN = 48;
    private static final float LABEL_WIDTH = 150;
    private static final float QR_SIZE = 96;

    /** What a document says, drawn with a writer. */
    @FunctionalInterface
    public interface Drawing {
        /**
         * @param writer where to draw
         * @throws IOException if the font cannot be used
         */
        void draw(PdfWriter writer) throws IOException;
    }

    private interface FontLoader {
        PDType0Font load(PDDocument document) throws IOException;
    }

    private final PDDocument document;
    private final PDType0Font font;
    private PDPageContentStream content;
    private float y;
    /** Width kept free on the right of the title while the QR code stands there. */
    private float reservedRight;
    private float qrBottom;
    private final float width = PDRectangle.A4.getWidth();
    private final float height = PDRectangle.A4.getHeight();

    private PdfWriter(final PDDocument document, final PDType0Font font) throws IOException {
        this.document = document;
        this.font = font;
        newPage();
    }

    /**
     * Draws a document.
     *
     * @param fontFile a TrueType font (.ttf) or collection (.ttc) with Chinese glyphs
     * @param fontName which font of a collection to use (the first when none has that name)
     * @param drawing what to draw
     * @param info fills the document information (title, author, the keys a verifier reads)
     * @return the unsigned PDF
     * @throws IOException if the font cannot be read
     */
    static byte[] render(final Path fontFile, final String fontName, final Drawing drawing,
            final Consumer<PDDocumentInformation> info) throws IOException {
        if (!fontFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
            return render(drawing, info, document -> PDType0Font.load(document, fontFile.toFile()));
        }
        // The collection stays open until the document is saved: the subset is taken from it then.
        try (TrueTypeCollection collection = new TrueTypeCollection(fontFile.toFile())) {
            final TrueTypeFont chosen = pick(collection, fontFile, fontName);
            return render(drawing, info, document -> PDType0Font.load(document, chosen, true));
        }
    }

    private static byte[] render(final Drawing drawing, final Consumer<PDDocumentInformation> info,
            final FontLoader fonts) throws IOException {
        try (PDDocument document = new PDDocument()) {
            final PdfWriter writer = new PdfWriter(document, fonts.load(document));
            drawing.draw(writer);
            writer.content.close();
            info.accept(document.getDocumentInformation());
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static TrueTypeFont pick(final TrueTypeCollection collection, final Path fontFile, final String fontName)
            throws IOException {
        final TrueTypeFont named = collection.getFontByName(fontName);
        if (named != null) {
            return named;
        }
        final List<TrueTypeFont> all = new ArrayList<>();
        collection.processAllFonts(all::add);
        if (all.isEmpty()) {
            throw new IOException("the font collection " + fontFile + " holds no font");
        }
        return all.getFirst();
    }

    /**
     * The document's title, one line per argument, the first larger.
     *
     * @param lines the title's lines
     */
    public void title(final String... lines) throws IOException {
        for (int i = 0; i < lines.length; i++) {
            text(MARGIN, i == 0 ? 17 : 13, lines[i]);
        }
        y -= 4;
    }

    /** Continues below the QR code once the text beside it is written. */
    public void belowQr() {
        if (reservedRight > 0) {
            y = Math.min(y, qrBottom);
            reservedRight = 0;
        }
    }

    /**
     * A section heading with a rule under it.
     *
     * @param heading the heading
     */
    public void section(final String heading) throws IOException {
        room(40);
        y -= 6;
        text(MARGIN, 11, heading);
        content.setLineWidth(0.5f);
        content.moveTo(MARGIN, y - 3);
        content.lineTo(width - MARGIN, y - 3);
        content.stroke();
        y -= 6;
    }

    /**
     * A labelled value; the value wraps in its column.
     *
     * @param label the label
     * @param value the value, or {@code null} for a dash
     */
    public void row(final String label, final String value) throws IOException {
        final List<String> lines = wrap(value == null ? "—" : value, 9, width - 2 * MARGIN - LABEL_WIDTH);
        room(12 * Math.max(1, lines.size()));
        final float top = y;
        text(MARGIN, 9, label);
        y = top;
        for (final String line : lines) {
            text(MARGIN + LABEL_WIDTH, 9, line);
        }
    }

    /**
     * Small print, wrapped (beside the QR code while it stands there).
     *
     * @param text the text
     */
    public void small(final String text) throws IOException {
        for (final String line : wrap(text, 8, width - 2 * MARGIN - reservedRight)) {
            text(MARGIN, 8, line);
        }
    }

    /**
     * A full-width line of small text for identifiers (transactions, hashes), wrapped anywhere.
     *
     * @param text the text
     */
    public void mono(final String text) throws IOException {
        for (final String line : wrap(text, 8, width - 2 * MARGIN)) {
            room(10);
            text(MARGIN, 8, line);
        }
    }

    /**
     * The QR code in the top right corner of the first page, with a caption under it.
     *
     * @param url what it encodes
     * @param caption the words under it
     */
    public void qr(final String url, final String caption) throws IOException {
        final BitMatrix matrix = QrCodes.matrix(url);
        final float module = QR_SIZE / matrix.getWidth();
        final float left = width - MARGIN - QR_SIZE;
        final float top = y;
        content.setNonStrokingColor(0f, 0f, 0f);
        for (int my = 0; my < matrix.getHeight(); my++) {
            for (int mx = 0; mx < matrix.getWidth(); mx++) {
                if (matrix.get(mx, my)) {
                    content.addRect(left + mx * module, top - (my + 1) * module, module, module);
                }
            }
        }
        content.fill();
        y = top - QR_SIZE;
        text(left, 7, caption);
        qrBottom = y - 6;
        reservedRight = QR_SIZE + 12;
        y = top;
    }

    private void room(final float needed) throws IOException {
        if (y - needed < MARGIN) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        final PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = height - MARGIN;
    }

    private void text(final float x, final float size, final String text) throws IOException {
        y -= size * 1.35f;
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }

    /** Breaks at spaces where it can, anywhere inside long runs (hashes, Chinese). */
    private List<String> wrap(final String text, final float size, final float maxWidth) throws IOException {
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int lastSpace = -1;
        for (int i = 0; i < text.length(); ) {
            final int cp = text.codePointAt(i);
            line.appendCodePoint(cp);
            if (cp == ' ') {
                lastSpace = line.length() - 1;
            }
            if (font.getStringWidth(line.toString()) / 1000 * size > maxWidth) {
                if (lastSpace > 0) {
                    lines.add(line.substring(0, lastSpace));
                    line = new StringBuilder(line.substring(lastSpace + 1));
                } else {
                    line.setLength(line.length() - Character.charCount(cp));
                    lines.add(line.toString());
                    line = new StringBuilder().appendCodePoint(cp);
                }
                lastSpace = -1;
            }
            i += Character.charCount(cp);
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
