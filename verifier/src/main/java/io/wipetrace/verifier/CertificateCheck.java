package io.wipetrace.verifier;

import io.wipetrace.proof.Sha256;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks a WipeTrace erasure and destruction certificate (a PDF with a PAdES signature, see docs/proof-bundle.md,
 * "Certificates"): the signature covers the whole file and verifies with the certificate it carries, that
 * certificate was issued by the given CA (the issuing organisation's MSP root), and the proof bundle hash the
 * certificate names equals the SHA-256 of the bundle file.
 */
public final class CertificateCheck {

    /** Document information key holding the hex SHA-256 of the proof bundle JSON as served. */
    public static final String BUNDLE_HASH_KEY = "WipeTraceProofBundleSha256";
    /** Document information key holding the device ID. */
    public static final String DEVICE_KEY = "WipeTraceDeviceId";

    private CertificateCheck() {}

    /**
     * What was checked, and the first thing that failed.
     *
     * @param checked what held, in order
     * @param failure why the certificate is not genuine, or {@code null}
     * @param signer the signer certificate, or {@code null} if none could be read
     * @param bundleSha256 the proof bundle hash the certificate names, or {@code null}
     */
    public record Result(List<String> checked, String failure, X509Certificate signer, String bundleSha256) {
        /** @return whether everything held */
        public boolean verified() {
            return failure == null;
        }
    }

    /**
     * @param pdf the certificate file
     * @param bundle the proof bundle file's bytes, or {@code null} to skip the hash comparison
     * @param trustedCas CA certificates one of which must have issued the signer's certificate; empty to skip
     * @return the result
     */
    public static Result check(final byte[] pdf, final byte[] bundle, final Collection<X509Certificate> trustedCas) {
        final List<String> checked = new ArrayList<>();
        X509Certificate signer = null;
        String bundleHash = null;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            final List<PDSignature> signatures = document.getSignatureDictionaries();
            if (signatures.size() != 1) {
                return new Result(checked, "expected exactly one signature, found " + signatures.size(), null, null);
            }
            final PDSignature signature = signatures.getFirst();
            final int[] range = signature.getByteRange();
            if (range == null || range.length != 4 || range[0] != 0 || range[1] < 0 || range[2] < range[1]
                    || (long) range[2] + range[3] != pdf.length) {
                return new Result(checked, "the signature does not cover the whole file (byte range "
                        + java.util.Arrays.toString(range) + ", file length " + pdf.length + ")", null, null);
            }
            checked.add("the signature covers the whole file except the signature itself");
            final CMSSignedData cms;
            // The reserved room after the CMS is zero padding: read the one DER object, not the padding.
            try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
                cms = new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)),
                        ContentInfo.getInstance(in.readObject()));
            }
            final Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return new Result(checked, "expected one signer, found " + signers.size(), null, null);
            }
            final SignerInformation info = signers.iterator().next();
            @SuppressWarnings("unchecked")
            final Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(info.getSID());
            if (matches.isEmpty()) {
                return new Result(checked, "the signature carries no signer certificate", null, null);
            }
            signer = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
            boolean valid;
            try {
                valid = info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
            } catch (CMSSignerDigestMismatchException e) {
                valid = false;
            }
            if (!valid) {
                return new Result(checked, "the signature does not verify: the file was changed after signing",
                        signer, null);
            }
            checked.add("signature valid, signed by " + signer.getSubjectX500Principal().getName());
            if (!trustedCas.isEmpty()) {
                final String issuer = issuedBy(signer, trustedCas);
                if (issuer == null) {
                    return new Result(checked, "the signer's certificate (issuer "
                            + signer.getIssuerX500Principal().getName() + ") was not issued by the given CA", signer,
                            null);
                }
                checked.add("signer certificate issued by " + issuer);
            }
            bundleHash = document.getDocumentInformation().getCustomMetadataValue(BUNDLE_HASH_KEY);
        } catch (IOException e) {
            return new Result(checked, "not a readable PDF: " + e.getMessage(), signer, null);
        } catch (CMSException | OperatorCreationException | CertificateException e) {
            return new Result(checked, "the signature is malformed: " + e.getMessage(), signer, null);
        }
        if (bundle != null) {
            if (bundleHash == null) {
                return new Result(checked, "the certificate names no proof bundle (issued before the device was"
                        + " anchored)", signer, null);
            }
            final String actual = Sha256.hex(bundle);
            if (!actual.equals(bundleHash)) {
                return new Result(checked, "the certificate names proof bundle SHA-256 " + bundleHash
                        + " but the bundle's SHA-256 is " + actual, signer, bundleHash);
            }
            checked.add("the certificate names this proof bundle (SHA-256 " + actual + ")");
        }
        return new Result(checked, null, signer, bundleHash);
    }

    private static String issuedBy(final X509Certificate signer, final Collection<X509Certificate> cas) {
        for (final X509Certificate ca : cas) {
            if (!ca.getSubjectX500Principal().equals(signer.getIssuerX500Principal())) {
                continue;
            }
            try {
                signer.verify(ca.getPublicKey());
                signer.checkValidity();
                return ca.getSubjectX500Principal().getName();
            } catch (GeneralSecurityException e) {
                // not this CA, or the signer's certificate has expired: try the next one
            }
        }
        return null;
    }
}
