package io.wipetrace.gateway.certificate;

import io.wipetrace.proof.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.wipetrace.gateway.verify.Verification;
import io.wipetrace.verifier.CertificateCheck;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The certificate as a consumer gets it: both languages, the key facts, a QR code that scans, a signature that holds. */
class CertificatePdfTest {

    static final Path FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    private static final String URL = "http://127.0.0.1:8090/verify/7K2Q9ZX10A4MBCDEFGHJKMNPQRST";
    private static final Instant AT = Instant.parse("2026-11-20T08:30:00Z");
    private static final byte[] BUNDLE = "{\"format\":\"wipetrace-proof-bundle\",\"version\":1}"
            .getBytes(StandardCharsets.UTF_8);

    private static X509Certificate ca;
    private static X509Certificate otherCa;
    private static SigningIdentity issuer;
    private static byte[] signed;

    @BeforeAll
    static void issue() throws Exception {
        assertThat(FONT).as("the certificate font (Debian fonts-wqy-zenhei; ./wipetrace up installs it)").isReadable();
        final KeyPair caKeys = TestSigners.keys();
        ca = TestSigners.certificate("CN=ca.smelter.wipetrace.local", caKeys, "CN=ca.smelter.wipetrace.local",
                caKeys.getPrivate(), true);
        otherCa = TestSigners.certificate("CN=ca.other.example", TestSigners.keys(), "CN=ca.other.example",
                TestSigners.keys().getPrivate(), true);
        final KeyPair userKeys = TestSigners.keys();
        issuer = new SigningIdentity("SmelterOrgMSP",
                TestSigners.certificate("CN=User1@smelter.wipetrace.local", userKeys, "CN=ca.smelter.wipetrace.local",
                        caKeys.getPrivate(), false),
                userKeys.getPrivate(), List.of(ca));
        final CertificateFacts facts = new CertificateFacts(smeltedDevice(),
                List.of(new CertificateFacts.Anchor(3, 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                        "0x" + "e".repeat(64), 42)),
                Sha256.hex(BUNDLE), "0x5fbdb2315678afecb367f032d93f642f64180aa3", "7".repeat(64), URL,
                "SmelterOrgMSP", AT);
        signed = pdfs().issue("SmelterOrgMSP", CertificatePdf.REASON, AT, w -> CertificatePdf.draw(w, facts),
                info -> CertificatePdf.info(info, facts));
    }

    /** The signer the gateway uses, holding only the issuer's identity. */
    private static SignedPdfs pdfs() {
        return new SignedPdfs(FONT, "WenQuanYi Zen Hei", msp -> {
            assertThat(msp).isEqualTo(issuer.mspId());
            return issuer;
        });
    }

    @Test
    void states_the_key_facts_in_chinese_and_english() throws Exception {
        final String text;
        try (PDDocument document = Loader.loadPDF(signed)) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains("数据清除与销毁证明", "Data Erasure and Destruction Certificate",
                "DEV-0123456789abcdef", "Xiaomi Redmi Note 9, 128 GB",
                // Beijing time, named; organisations and sites by their registered names; states in words.
                "回收时间", "2026-11-01 17:00:00 北京时间 Beijing time", "Pudong collection centre, Shanghai",
                "CollectorOrg (CollectorOrgMSP)",
                "净化清除 purge (PURGE)", "NIST SP 800-88r1", "已清除 erased (ERASED)", "STATION-SZ-ECDSA-01",
                "b".repeat(64), "已熔炼 smelted (SMELTED)", "LOT-2026-0042", "粉碎 shredded (SHRED)",
                "tx" + "1".repeat(62), "0x" + "e".repeat(64), "chain 31337",
                Sha256.hex(BUNDLE), "SmelterOrg (SmelterOrgMSP)", "2026-11-20 16:30:00 北京时间",
                "Anchor contract", "0x5fbdb2315678afecb367f032d93f642f64180aa3", "Trust file SHA-256", "7".repeat(64));
    }

    @Test
    void has_a_qr_code_on_its_first_page_that_scans_to_the_verify_page() throws Exception {
        final BufferedImage page;
        try (PDDocument document = Loader.loadPDF(signed)) {
            page = new PDFRenderer(document).renderImageWithDPI(0, 150);
        }
        final int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
        final String decoded = new QRCodeReader().decode(
                new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels))),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        assertThat(decoded).isEqualTo(URL);
    }

    @Test
    void is_signed_by_the_issuer_under_its_msp_ca_and_names_the_bundle() {
        final CertificateCheck.Result result = CertificateCheck.check(signed, BUNDLE, List.of(ca));
        assertThat(result.failure()).isNull();
        assertThat(result.signer()).isEqualTo(issuer.certificate());
        assertThat(result.bundleSha256()).isEqualTo(Sha256.hex(BUNDLE));
    }

    @Test
    void a_flipped_byte_breaks_the_signature() {
        // The binary comment on the PDF's second line: readers ignore it, the signature covers it.
        final byte[] tampered = signed.clone();
        final int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf('\n') + 2;
        assertThat(tampered[at - 1]).isEqualTo((byte) '%');
        tampered[at] ^= 0x01;
        assertThat(CertificateCheck.check(tampered, BUNDLE, List.of(ca)).failure())
                .isEqualTo("the signature does not verify: the file was changed after signing");
    }

    @Test
    void bytes_appended_after_signing_are_refused() {
        final byte[] longer = java.util.Arrays.copyOf(signed, signed.length + 10);
        assertThat(CertificateCheck.check(longer, BUNDLE, List.of(ca)).failure())
                .startsWith("the signature does not cover the whole file");
    }

    @Test
    void another_bundle_or_another_ca_is_refused() {
        assertThat(CertificateCheck.check(signed, "{}".getBytes(StandardCharsets.UTF_8), List.of(ca)).failure())
                .startsWith("the certificate names proof bundle SHA-256 " + Sha256.hex(BUNDLE));
        assertThat(CertificateCheck.check(signed, BUNDLE, List.of(otherCa)).failure())
                .contains("was not issued by the given CA");
    }

    @Test
    void says_when_no_trust_file_is_configured_rather_than_inventing_a_hash() throws Exception {
        final CertificateFacts facts = new CertificateFacts(smeltedDevice(), List.of(), null, null, null, null,
                "SmelterOrgMSP", AT);
        final byte[] unsigned = pdfs().render(w -> CertificatePdf.draw(w, facts), info -> CertificatePdf.info(info,
                facts));
        final String text;
        try (PDDocument document = Loader.loadPDF(unsigned)) {
            text = new PDFTextStripper().getText(document);
        }
        assertThat(text).contains("no trust file is configured on this gateway", "this gateway does not anchor",
                "not anchored yet");
    }

    @Test
    void writes_a_loadable_pdf_to_disk_for_a_look(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception {
        final Path file = Files.write(dir.resolve("certificate.pdf"), signed);
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            assertThat(document.getDocumentInformation().getCustomMetadataValue(CertificatePdf.BUNDLE_HASH_KEY))
                    .isEqualTo(Sha256.hex(BUNDLE));
            assertThat(CertificatePdf.BUNDLE_HASH_KEY).isEqualTo(CertificateCheck.BUNDLE_HASH_KEY);
        }
    }

    static Verification smeltedDevice() {
        final Instant collected = Instant.parse("2026-11-01T09:00:00Z");
        final String tx = "tx" + "1".repeat(62);
        return new Verification("DEV-0123456789abcdef", "Xiaomi", "Redmi Note 9", 128, "c".repeat(64), "SMELTED",
                "SmelterOrgMSP", "SITE-SML-JX-01",
                List.of(new Verification.Step(0, "COLLECTED", "COLLECTED", collected, "CollectorOrgMSP",
                                "SITE-COL-SH-01", "Collected (HOME_PICKUP)",
                                new Verification.LedgerReference(tx + ":0", tx, 12)),
                        new Verification.Step(1, "SMELTED", "SMELTED", collected.plus(9, ChronoUnit.DAYS),
                                "SmelterOrgMSP", "SITE-SML-JX-01", "Smelted in lot LOT-2026-0042",
                                new Verification.LedgerReference("tx9:0", "tx9", 30))),
                new Verification.Erasure("PURGE", "block erase", "NIST SP 800-88r1", "ERASED", "FULL",
                        "STATION-SZ-ECDSA-01", "RPT-1", "b".repeat(64), collected.plus(2, ChronoUnit.DAYS),
                        "verified by the chaincode at transaction tx4 (block 15)",
                        new Verification.LedgerReference("tx4:0", "tx4", 15)),
                new Verification.Destruction("SMELTED", collected.plus(3, ChronoUnit.DAYS),
                        collected.plus(4, ChronoUnit.DAYS), "SHRED", collected.plus(9, ChronoUnit.DAYS),
                        "LOT-2026-0042"),
                null, 30, java.util.Map.of("CollectorOrgMSP", "CollectorOrg", "SmelterOrgMSP", "SmelterOrg"),
                java.util.Map.of("SITE-COL-SH-01", new Verification.Site("Pudong collection centre", "Shanghai")));
    }
}
