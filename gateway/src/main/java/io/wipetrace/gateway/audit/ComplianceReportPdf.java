package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.audit.ComplianceReports.ClauseResult;
import io.wipetrace.gateway.audit.ComplianceReports.Report;
import io.wipetrace.gateway.audit.ComplianceRules.Finding;
import io.wipetrace.gateway.certificate.PdfWriter;
import io.wipetrace.proof.CanonicalJson;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * The compliance report as a PDF in one language, Chinese or English: drawn from the same {@link Report} the JSON and
 * CSV answers are written from, so the three never disagree on a count. It names the recycler by its registered name,
 * the period, every requirement in words with its counts, every device that does not satisfy it with the ledger
 * transactions that prove it, and the SHA-256 of the report's canonical JSON form — the JSON answer of
 * {@code GET /api/v1/audit/compliance} for the same parameters, canonicalised as event leaves are (docs/proof-bundle.md)
 * — also written to the document information ({@value #REPORT_HASH_KEY}). Requirement IDs stay beside the words, as
 * in the JSON and CSV.
 */
final class ComplianceReportPdf {

    /** Document information key holding the hex SHA-256 of the report's canonical JSON. */
    static final String REPORT_HASH_KEY = "WipeTraceComplianceReportSha256";

    /** The report's language. */
    enum Language {
        ZH(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '北京时间'").withZone(ZoneId.of("Asia/Shanghai"))),
        EN(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC));

        private final DateTimeFormatter time;

        Language(final DateTimeFormatter time) {
            this.time = time;
        }

        /**
         * @param tag {@code zh} or {@code en}
         * @return the language
         */
        static Language of(final String tag) {
            return valueOf(tag.toUpperCase(Locale.ROOT));
        }

        String time(final Instant instant) {
            return time.format(instant);
        }

        String word(final String key) {
            final List<String> words = WORDS.get(key);
            if (words == null) {
                throw new IllegalArgumentException("no words for " + key);
            }
            return words.get(ordinal());
        }

        /** A code in words where there are some ({@code product.PHONE}), else the code itself. */
        String code(final String prefix, final String code) {
            final List<String> words = WORDS.get(prefix + "." + code);
            return words == null ? String.valueOf(code) : words.get(ordinal());
        }
    }

    /**
     * What one PDF states.
     *
     * @param report the report
     * @param recyclerName the recycler's registered name, or {@code null} when it registered none
     * @param issuer the MSP ID of the organisation that signs (the regulator)
     * @param issuerName its registered name, or {@code null}
     * @param issuedAt when
     * @param reportSha256 hex SHA-256 of the report's canonical JSON
     */
    record Issue(Report report, String recyclerName, String issuer, String issuerName, Instant issuedAt,
            String reportSha256) {}

    /** Why the regulator signs, as the signature dictionary states it. */
    static final String REASON = "WipeTrace compliance report / 合规报告";

    /** Chinese, then English. */
    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("title", List.of("电子产品信息清除合规报告",
                    "Compliance report: erasure of information from electronic products")),
            Map.entry("subtitle", List.of("依据国家标准《数据安全技术 电子产品信息清除技术要求》",
                    "Under the national standard “Data security technology — Technical requirements for erasing"
                            + " information from electronic products”")),
            Map.entry("intro", List.of("本报告由联盟账本的事件生成：每项要求适用的设备数、符合的设备数，以及每台不符合的设备和证明它的账本交易。"
                    + "一台设备计入本期间，当且仅当该回收企业在期间内对它写入过事件。",
                    "Made from the alliance ledger's events: for each requirement, how many devices it applied to, how"
                            + " many satisfied it, and every device that did not, with the ledger transactions that"
                            + " prove it. A device counts when the recycler wrote an event on it in the period.")),
            Map.entry("section.report", List.of("报告", "Report")),
            Map.entry("recycler", List.of("回收企业", "Recycler")),
            Map.entry("period", List.of("期间", "Period")),
            Map.entry("period.value", List.of("自 %s 起，至 %s 前", "from %s, up to %s (exclusive)")),
            Map.entry("devices", List.of("涉及设备", "Devices")),
            Map.entry("devices.value", List.of("%d 台", "%d")),
            Map.entry("returned", List.of("未经清除退还用户", "Returned unwiped to owners")),
            Map.entry("returned.value", List.of("%d 台（不适用清除与转售条款）", "%d (outside the erasure and resale clauses)")),
            Map.entry("height", List.of("账本高度", "Ledger height")),
            Map.entry("height.value", List.of("第 %d 号区块", "block %d")),
            Map.entry("sha256", List.of("报告哈希（SHA-256）", "Report SHA-256")),
            Map.entry("sha256.note", List.of("规范 JSON 形式的报告（即同参数下 JSON 格式报告的内容）的 SHA-256 哈希值。",
                    "SHA-256 of the report's canonical JSON form (the JSON report for the same parameters).")),
            Map.entry("section.summary", List.of("各项要求一览", "Requirements at a glance")),
            Map.entry("summary.value", List.of("%s  适用 %d 台 · 符合 %d 台 · 不符合 %d 台",
                    "%s  applies to %d · satisfied %d · not satisfied %d")),
            Map.entry("clause.id", List.of("要求编号", "Requirement ID")),
            Map.entry("applicable", List.of("适用设备", "Applies to")),
            Map.entry("satisfied", List.of("符合", "Satisfied")),
            Map.entry("violated", List.of("不符合", "Not satisfied")),
            Map.entry("count.value", List.of("%d 台", "%d")),
            Map.entry("none", List.of("所有适用设备均符合。", "Every device it applies to satisfies it.")),
            Map.entry("device", List.of("设备", "Device")),
            Map.entry("productType", List.of("产品类型", "Product type")),
            Map.entry("finding", List.of("所见", "Finding")),
            Map.entry("transactions", List.of("证明的账本交易", "Proving transactions")),
            Map.entry("section.issue", List.of("签发", "Issue")),
            Map.entry("issuer", List.of("签发机构", "Issued by")),
            Map.entry("issuedAt", List.of("签发时间", "Issued at")),
            Map.entry("signature", List.of("电子签名", "Signature")),
            Map.entry("signature.value", List.of("PAdES 电子签名，使用签发机构的 Fabric 身份密钥；任何 PDF 阅读器均可查验签名及文件自签名后未被改动。",
                    "PAdES, with the issuer's Fabric identity; any PDF reader checks who signed it and that nothing"
                            + " changed since.")),
            Map.entry("clause.CONSENT_BEFORE_ERASURE", List.of("清除前告知用户清除的范围、方式和影响，并取得用户同意",
                    "The user is told the erasure's scope, method and impact and consents before it")),
            Map.entry("clause.NO_ACCESS_WITHOUT_CONSENT", List.of("未经用户同意，不得访问或留存用户数据",
                    "No access to, or keeping of, user data without the user's consent")),
            Map.entry("clause.ERASURE_METHOD", List.of("采用覆写或块擦除方式清除，使数据无法恢复",
                    "Erasure by overwriting or block erase, so that the data cannot be recovered")),
            Map.entry("clause.VERIFIED_BEFORE_RESALE", List.of("产品再次销售前，回收企业验证清除效果",
                    "The recycler verifies the erasure before the product is sold again")),
            Map.entry("clause.NO_RELEASE_UNERASED", List.of("未清除用户数据的产品不得再次销售，也不得出境",
                    "A product whose user data was not erased is neither resold nor shipped out of the country")),
            Map.entry("product.PHONE", List.of("手机", "Phone")),
            Map.entry("product.TABLET", List.of("平板电脑", "Tablet")),
            Map.entry("product.LAPTOP", List.of("笔记本电脑", "Laptop")),
            Map.entry("product.DESKTOP", List.of("台式电脑", "Desktop computer")),
            Map.entry("product.WEARABLE", List.of("可穿戴设备", "Wearable")),
            Map.entry("product.OFFICE_EQUIPMENT", List.of("办公设备", "Office equipment")),
            Map.entry("product.OTHER", List.of("其他", "Other")),
            Map.entry("step.ERASURE_RECORDED", List.of("清除记录", "erasure")),
            Map.entry("step.REFURBISHED", List.of("翻新", "refurbishment")),
            Map.entry("step.RESOLD", List.of("再次出售", "resale")),
            Map.entry("step.EXPORTED", List.of("出境", "export")),
            Map.entry("method.PURGE", List.of("净化清除", "purge")),
            Map.entry("method.DESTRUCT", List.of("物理销毁", "destruct")));

    /**
     * The findings {@link ComplianceRules} writes, in Chinese: each English sentence's shape and its translation.
     * A finding of a shape not listed here stays in English, in parentheses (the unit test lists every shape).
     */
    private static final List<Map.Entry<Pattern, Function<Matcher, String>>> FINDINGS_ZH = List.of(
            finding("erased without a consent record at collection", m -> "回收时无用户同意记录，却已清除"),
            finding("the erasure names another consent than the one on record", m -> "清除记录所引用的同意并非账本上记录的同意"),
            finding("erased by (\\S+), not overwrite or block erase",
                    m -> "以" + Language.ZH.code("method", m.group(1)) + "（" + m.group(1) + "）方式清除，并非覆写或块擦除"),
            finding("arrived with a broken seal before it was wiped: possible access to user data",
                    m -> "清除前送达时封签已破损：可能有人接触过用户数据"),
            finding("(\\S+) recorded on a device collected without consent",
                    m -> "回收时未取得用户同意的设备上记录了" + Language.ZH.code("step", m.group(1))),
            finding("resold without an erasure verified in full", m -> "再次出售前的清除未经全量验证"),
            finding("(resold|exported) as scrap without a storage destruction",
                    m -> "作为废料" + ("resold".equals(m.group(1)) ? "再次出售" : "出境") + "，但存储介质未经销毁"),
            finding("(resold|exported) without a verified erasure by an accepted method",
                    m -> ("resold".equals(m.group(1)) ? "再次出售" : "出境") + "前没有以认可方式进行并经验证的清除"));

    private ComplianceReportPdf() {}

    private static Map.Entry<Pattern, Function<Matcher, String>> finding(final String regex,
            final Function<Matcher, String> zh) {
        return Map.entry(Pattern.compile(regex), zh);
    }

    /**
     * A finding in the chosen language.
     *
     * @param finding the finding as {@link ComplianceRules} wrote it (English)
     * @param language the language
     * @return the finding in that language
     */
    static String finding(final String finding, final Language language) {
        if (language == Language.EN) {
            return finding;
        }
        for (final Map.Entry<Pattern, Function<Matcher, String>> shape : FINDINGS_ZH) {
            final Matcher matcher = shape.getKey().matcher(finding);
            if (matcher.matches()) {
                return shape.getValue().apply(matcher);
            }
        }
        return "（" + finding + "）";
    }

    /**
     * @param report the report
     * @param json the mapper the JSON answer is written with
     * @return hex SHA-256 of the report's canonical JSON
     */
    static String sha256(final Report report, final ObjectMapper json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    CanonicalJson.bytes(json.valueToTree(report))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * @param w where to draw
     * @param issue what to state
     * @param l in which language
     */
    static void draw(final PdfWriter w, final Issue issue, final Language l) throws IOException {
        final Report report = issue.report();
        w.title(l.word("title"), l.word("subtitle"));
        w.small(l.word("intro"));

        w.section(l.word("section.report"));
        w.row(l.word("recycler"), named(issue.recyclerName(), report.organisation()));
        w.row(l.word("period"), l.word("period.value").formatted(l.time(report.from()), l.time(report.to())));
        w.row(l.word("devices"), l.word("devices.value").formatted(report.devices()));
        w.row(l.word("returned"), l.word("returned.value").formatted(report.returned()));
        w.row(l.word("height"), l.word("height.value").formatted(report.lastBlockNumber()));
        w.row(l.word("sha256"), issue.reportSha256());
        w.small(l.word("sha256.note"));

        w.section(l.word("section.summary"));
        for (final ClauseResult clause : report.clauses()) {
            w.mono(l.word("summary.value").formatted(clause.clause().name(), clause.applicable(), clause.satisfied(),
                    clause.violations().size()));
        }

        for (final ClauseResult clause : report.clauses()) {
            w.section(l.word("clause." + clause.clause().name()));
            w.row(l.word("clause.id"), clause.clause().name());
            w.row(l.word("applicable"), l.word("count.value").formatted(clause.applicable()));
            w.row(l.word("satisfied"), l.word("count.value").formatted(clause.satisfied()));
            w.row(l.word("violated"), l.word("count.value").formatted(clause.violations().size()));
            if (clause.violations().isEmpty()) {
                w.small(l.word("none"));
            }
            for (final Finding finding : clause.violations()) {
                w.row(l.word("device"), finding.deviceId());
                w.row(l.word("productType"), l.code("product", finding.productType()));
                w.row(l.word("finding"), finding(finding.finding(), l));
                w.row(l.word("transactions"), String.join(" ", finding.transactions()));
            }
        }

        w.section(l.word("section.issue"));
        w.row(l.word("issuer"), named(issue.issuerName(), issue.issuer()));
        w.row(l.word("issuedAt"), l.time(issue.issuedAt()));
        w.row(l.word("signature"), l.word("signature.value"));
    }

    /**
     * @param info the document information to fill
     * @param issue what the report states
     * @param l its language
     */
    static void info(final PDDocumentInformation info, final Issue issue, final Language l) {
        info.setTitle(l.word("title") + " " + issue.report().organisation());
        info.setAuthor(issue.issuer());
        info.setCustomMetadataValue(REPORT_HASH_KEY, issue.reportSha256());
    }

    private static String named(final String name, final String mspId) {
        return name == null || name.isBlank() ? mspId : name + " (" + mspId + ")";
    }
}
