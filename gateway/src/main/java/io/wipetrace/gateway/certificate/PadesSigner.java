package io.wipetrace.gateway.certificate;

import io.wipetrace.proof.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs a PDF in place with a PAdES baseline signature ({@code ETSI.CAdES.detached}): a detached CMS SignedData over
 * the file's byte range, with the ESS signing-certificate-v2 attribute that CAdES asks for and the signer's CA
 * certificates, so that any PDF reader or the WipeTrace verifier can check it.
 */
final class PadesSigner {

    /** Room reserved for the CMS in the file; a P-256 signature with two certificates needs about 2 KB. */
    private static final int SIGNATURE_SIZE = 16_384;

    private PadesSigner() {}

    /**
     * @param unsigned a complete PDF
     * @param issuer who signs
     * @param signedAt the signing time written in the signature dictionary and the signed attributes
     * @param reason why it is signed, as the signature dictionary states it
     * @return the PDF with the signature appended as an incremental update
     */
    static byte[] sign(final byte[] unsigned, final SigningIdentity issuer, final Instant signedAt,
            final String reason) throws IOException {
        try (PDDocument document = Loader.loadPDF(unsigned);
                SignatureOptions options = new SignatureOptions()) {
            final PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(issuer.mspId());
            signature.setReason(reason);
            final Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            calendar.setTimeInMillis(signedAt.toEpochMilli());
            signature.setSignDate(calendar);
            options.setPreferredSignatureSize(SIGNATURE_SIZE);
            document.addSignature(signature, options);
            final ByteArrayOutputStream out = new ByteArrayOutputStream(unsigned.length + 2 * SIGNATURE_SIZE);
            final ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            external.setSignature(cms(external.getContent().readAllBytes(), issuer));
            return out.toByteArray();
        }
    }

    private static byte[] cms(final byte[] content, final SigningIdentity issuer) throws IOException {
        try {
            final X509Certificate certificate = issuer.certificate();
            final String algorithm = switch (issuer.privateKey().getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> throw new IOException("cannot sign with a " + issuer.privateKey().getAlgorithm() + " key");
            };
            final ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuer.privateKey());
            final ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(
                    new SigningCertificateV2(new ESSCertIDv2(
                            Sha256.digest(certificate.getEncoded()))))));
            final CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                            new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(signer, certificate));
            final List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(issuer.caCertificates());
            generator.addCertificates(new JcaCertStore(chain));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IOException("cannot sign the PDF as " + issuer.mspId() + ": " + e.getMessage(), e);
        }
    }
}
