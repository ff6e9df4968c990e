package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.springframework.http.HttpStatus;

/**
 * Issues the gateway's signed documents — the erasure certificate and the regulator's compliance report — in one
 * way: drawn by {@link PdfWriter} in the configured font ({@code wipetrace.certificate.font-file}), then signed with
 * a PAdES baseline signature ({@link PadesSigner}) as an organisation's Fabric identity, so that any PDF reader or
 * the WipeTrace verifier ({@code --certificate}) can check who issued it and that nothing changed since.
 */
public final class SignedPdfs {

    private final Path fontFile;
    private final String fontName;
    private final Function<String, SigningIdentity> identities;

    /**
     * @param fontFile a TrueType font (.ttf) or collection (.ttc) with Chinese glyphs
     * @param fontName which font of a collection to use
     * @param identities an organisation's signing identity by MSP ID; throws a problem (503) when there is none
     */
    public SignedPdfs(final Path fontFile, final String fontName,
            final Function<String, SigningIdentity> identities) {
        this.fontFile = fontFile;
        this.fontName = fontName;
        this.identities = identities;
    }

    /**
     * Draws and signs a document.
     *
     * @param signer the MSP ID of the organisation that signs
     * @param reason why it signs, as the signature states it
     * @param at the signing time
     * @param drawing what the document says
     * @param info fills the document information (the creator, WipeTrace, and the creation date, {@code at}, are
     *     added)
     * @return the signed PDF
     * @throws ApiException 503 CERTIFICATE_FONT_MISSING without the font, 503 CERTIFICATE_ISSUER_UNAVAILABLE without
     *     the signer's identity
     */
    public byte[] issue(final String signer, final String reason, final Instant at, final PdfWriter.Drawing drawing,
            final Consumer<PDDocumentInformation> info) throws IOException {
        final byte[] unsigned = render(drawing, info.andThen(written -> {
            written.setCreator("WipeTrace");
            final Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(at.toEpochMilli());
            written.setCreationDate(created);
        }));
        return PadesSigner.sign(unsigned, identities.apply(signer), at, reason);
    }

    byte[] render(final PdfWriter.Drawing drawing, final Consumer<PDDocumentInformation> info) throws IOException {
        if (!Files.isReadable(fontFile)) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CERTIFICATE_FONT_MISSING", "The document font "
                    + fontFile + " is missing: install Debian's fonts-wqy-zenhei or set WIPETRACE_CERTIFICATE_FONT"
                    + " (wipetrace.certificate.font-file) to a TrueType font with Chinese glyphs.");
        }
        return PdfWriter.render(fontFile, fontName, drawing, info);
    }
}
