package io.wipetrace.gateway.audit;

import io.wipetrace.proof.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wipetrace.gateway.audit.ComplianceReportPdf.Language;
import io.wipetrace.gateway.audit.ComplianceReports.ClauseResult;
import io.wipetrace.gateway.audit.ComplianceReports.Report;
import io.wipetrace.gateway.audit.ComplianceRules.Clause;
import io.wipetrace.gateway.audit.ComplianceRules.Finding;
import io.wipetrace.gateway.audit.ComplianceRulesTest.History;
import io.wipetrace.gateway.certificate.SignedPdfs;
import io.wipetrace.gateway.certificate.SigningIdentity;
import io.wipetrace.gateway.certificate.TestSigners;
import io.wipetrace.verifier.CertificateCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compliance report as a regulator downloads it: one language throughout, every count, a signature that holds. */
class ComplianceReportPdfTest {

    private static final Path FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    private static final Instant AT = Instant.parse("2027-02-01T02:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    /** The English requirement names, as the portal and the JSON's readers know them. */
    private static final List<String> ENGLISH_NAMES = List.of(
            "The user is told the erasure's scope, method and impact and consents before it",
            "No access to, or keeping of, user data without the user's consent",
            "Erasure by overwriting or block erase, so that the data cannot be recovered",
            "The recycler verifies the erasure before the product is sold again",
            "A product whose user data was not erased is neither resold nor shipped out of the country");
    private static final List<String> CHINESE_NAMES = List.of("清除前告知用户清除的范围、方式和影响，并取得用户同意",
            "未经用户同意，不得访问或留存用户数据", "采用覆写或块擦除方式清除，使数据无法恢复", "产品再次销售前，回收企业验证清除效果",
            "未清除用户数据的产品不得再次销售，也不得出境");

    private static X509Certificate ca;
    private static X509Certificate otherCa;
    private static SigningIdentity regulator;
    private static Report report;

    @BeforeAll
    static void report() throws Exception {
        assertThat(FONT).as("the document font (Debian fonts-wqy-zenhei; ./wipetrace up installs it)").isReadable();
        final KeyPair caKeys = TestSigners.keys();
        ca = TestSigners.certificate("CN=ca.regulator.wipetrace.local", caKeys, "CN=ca.regulator.wipetrace.local",
                caKeys.getPrivate(), true);
        otherCa = TestSigners.certificate("CN=ca.other.example", TestSigners.keys(), "CN=ca.other.example",
                TestSigners.keys().getPrivate(), true);
        final KeyPair keys = TestSigners.keys();
        regulator = new SigningIdentity("RegulatorMSP", TestSigners.certificate("CN=User1@regulator.wipetrace.local",
                keys, "CN=ca.regulator.wipetrace.local", caKeys.getPrivate(), false), keys.getPrivate(), List.of(ca));
        // Every finding ComplianceRules writes, from the histories its own test builds.
        report = aggregate(List.of(
                new History().collected(true).accepted(false).erased("BLOCK_ERASE", "ERASED", "FULL")
                        .event("REFURBISHED", ComplianceRulesTest.RECYCLER, "{}").released("RESOLD", "VERIFIED_ERASURE"),
                new History().collected(true).accepted(true),
                new History().collected(true).accepted(false).erased("PURGE", "ERASED", "FULL")
                        .released("EXPORTED", "VERIFIED_ERASURE"),
                new History().collected(true).accepted(false).erased("OVERWRITE", "ERASED", "SAMPLED")
                        .released("RESOLD", "VERIFIED_ERASURE"),
                new History().collected(true).accepted(false).released("EXPORTED", "STORAGE_DESTROYED"),
                new History().collected(true).accepted(false).released("RESOLD", "STORAGE_DESTROYED"),
                new History().collected(false).accepted(false).erased("OVERWRITE", "ERASED", "FULL"),
                new History().collected(false).accepted(false).event("REFURBISHED", ComplianceRulesTest.RECYCLER, "{}")));
    }

    /** What ComplianceReports does with the projection's rows, over in-memory histories. */
    private static Report aggregate(final List<History> histories) {
        final Map<Clause, long[]> counts = new EnumMap<>(Clause.class);
        final Map<Clause, List<Finding>> violations = new EnumMap<>(Clause.class);
        for (final History history : histories) {
            final ComplianceRules.Outcome outcome = history.check();
            for (final Clause clause : outcome.applies()) {
                counts.computeIfAbsent(clause, c -> new long[2])[0]++;
                final Finding finding = outcome.findings().get(clause);
                if (finding == null) {
                    counts.get(clause)[1]++;
                } else {
                    violations.computeIfAbsent(clause, c -> new ArrayList<>()).add(finding);
                }
            }
        }
        final List<ClauseResult> clauses = new ArrayList<>();
        for (final Clause clause : Clause.values()) {
            final long[] count = counts.getOrDefault(clause, new long[2]);
            clauses.add(new ClauseResult(clause, count[0], count[1], violations.getOrDefault(clause, List.of())));
        }
        return new Report(ComplianceRulesTest.RECYCLER, ComplianceRulesTest.FROM, ComplianceRulesTest.TO, histories.size(), 0, 41, clauses);
    }

    private static byte[] pdf(final Language language) throws Exception {
        final ComplianceReportPdf.Issue issue = new ComplianceReportPdf.Issue(report, "ProcessorOrg 处理厂",
                "RegulatorMSP", "Regulator", AT, ComplianceReportPdf.sha256(report, JSON));
        return new SignedPdfs(FONT, "WenQuanYi Zen Hei", msp -> {
            assertThat(msp).isEqualTo("RegulatorMSP");
            return regulator;
        }).issue("RegulatorMSP", ComplianceReportPdf.REASON, AT, w -> ComplianceReportPdf.draw(w, issue, language),
                info -> ComplianceReportPdf.info(info, issue, language));
    }

    private static String text(final byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document).replaceAll("\\s*\\R\\s*", " ");
        }
    }

    @Test
    void the_chinese_report_is_in_chinese_throughout() throws Exception {
        final String text = text(pdf(Language.ZH));

        assertThat(text).contains("电子产品信息清除合规报告", "各项要求一览", "证明的账本交易", "ProcessorOrg 处理厂 (ProcessorOrgMSP)",
                // The period in Beijing time: 1 January 2027 00:00 UTC is 08:00 there.
                "2027-01-01 08:00:00 北京时间", "2027-02-01 08:00:00 北京时间", "第 41 号区块", "平板电脑", "手机");
        assertThat(text).contains(CHINESE_NAMES);
        for (final String english : ENGLISH_NAMES) {
            assertThat(text).doesNotContain(english);
        }
        // No English sentence anywhere: every finding is translated, and no English heading or label is left.
        assertThat(text).doesNotContain("Requirement", "Device", "Finding", "erased", "resold", "exported", "UTC");
        for (final ClauseResult clause : report.clauses()) {
            for (final Finding finding : clause.violations()) {
                assertThat(text).doesNotContain(finding.finding());
            }
        }
        assertThat(Pattern.compile("[A-Za-z]+ [a-z]+ [a-z]+").matcher(text.replaceAll("“[^”]*”", "")).find())
                .as("three English words in a row in: %s", text).isFalse();
    }

    @Test
    void the_english_report_is_in_english_throughout() throws Exception {
        final String text = text(pdf(Language.EN));

        assertThat(text).contains("Compliance report: erasure of information from electronic products",
                "Requirements at a glance", "Proving transactions", "2027-01-01 00:00:00 UTC", "block 41", "Tablet",
                "erased without a consent record at collection");
        assertThat(text).contains(ENGLISH_NAMES);
        for (final String chinese : CHINESE_NAMES) {
            assertThat(text).doesNotContain(chinese);
        }
        assertThat(text).doesNotContain("北京时间", "适用", "设备");
    }

    @Test
    void states_every_count_and_every_failing_device_with_its_transactions() throws Exception {
        final String text = text(pdf(Language.EN));
        for (final ClauseResult clause : report.clauses()) {
            final Matcher line = Pattern.compile(clause.clause().name()
                    + "\\s+applies to (\\d+) · satisfied (\\d+) · not satisfied (\\d+)").matcher(text);
            assertThat(line.find()).as(clause.clause().name()).isTrue();
            assertThat(Long.parseLong(line.group(1))).isEqualTo(clause.applicable());
            assertThat(Long.parseLong(line.group(2))).isEqualTo(clause.satisfied());
            assertThat(Integer.parseInt(line.group(3))).isEqualTo(clause.violations().size());
            for (final Finding finding : clause.violations()) {
                assertThat(text).contains(finding.finding(), String.join(" ", finding.transactions()));
            }
        }
        assertThat(report.clauses()).allSatisfy(c -> assertThat(c.applicable()).isPositive());
        assertThat(report.clauses()).allSatisfy(c -> assertThat(c.violations()).isNotEmpty());
    }

    @Test
    void is_signed_by_the_regulator_under_its_msp_ca_and_names_the_reports_hash() throws Exception {
        for (final Language language : Language.values()) {
            final byte[] signed = pdf(language);
            final CertificateCheck.Result result = CertificateCheck.check(signed, null, List.of(ca));
            assertThat(result.failure()).isNull();
            assertThat(result.signer()).isEqualTo(regulator.certificate());
            assertThat(CertificateCheck.check(signed, null, List.of(otherCa)).failure())
                    .contains("was not issued by the given CA");
            final String hash = Sha256.hex(io.wipetrace.proof.CanonicalJson.bytes(JSON.valueToTree(report)));
            try (PDDocument document = Loader.loadPDF(signed)) {
                assertThat(document.getDocumentInformation()
                        .getCustomMetadataValue(ComplianceReportPdf.REPORT_HASH_KEY)).isEqualTo(hash);
                assertThat(document.getDocumentInformation().getCreationDate().toInstant()).isEqualTo(AT);
                assertThat(document.getDocumentInformation().getAuthor()).isEqualTo("RegulatorMSP");
            }
            assertThat(text(signed)).contains(hash);
            final byte[] tampered = signed.clone();
            final int at = new String(tampered, StandardCharsets.ISO_8859_1).indexOf('\n') + 2;
            tampered[at] ^= 0x01;
            assertThat(CertificateCheck.check(tampered, null, List.of(ca)).failure()).contains("does not verify");
        }
    }

    @Test
    void another_report_has_another_hash() {
        final Report other = new Report(report.organisation(), report.from(), report.to(), report.devices() + 1, report.returned(),
                report.lastBlockNumber(), report.clauses());
        assertThat(ComplianceReportPdf.sha256(other, JSON)).isNotEqualTo(ComplianceReportPdf.sha256(report, JSON));
    }
}
