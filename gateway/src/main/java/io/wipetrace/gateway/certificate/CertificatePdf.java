package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.verify.Verification;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Draws a certificate's facts as an A4 PDF, Chinese and English side by side, with the QR code of the verify page.
 * Drawn by {@link PdfWriter}; unsigned, {@link SignedPdfs} signs it. The proof bundle hash and the device ID are also written to the document
 * information ({@code WipeTraceProofBundleSha256}, {@code WipeTraceDeviceId}) for the verifier to read.
 */
final class CertificatePdf {

    static final String BUNDLE_HASH_KEY = "WipeTraceProofBundleSha256";
    static final String DEVICE_KEY = "WipeTraceDeviceId";

    /** Times in China's zone, named in both languages, as the consumer reads them. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '北京时间 Beijing time'")
            .withZone(java.time.ZoneId.of("Asia/Shanghai"));

    /** Codes (states, results, methods) in words: Chinese, then English; the code stays beside them for auditors. */
    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("NOT_DESTROYED", List.of("未销毁", "not destroyed")),
            Map.entry("DISMANTLED", List.of("已拆解", "dismantled")),
            Map.entry("STORAGE_DESTROYED", List.of("存储介质已销毁", "storage destroyed")),
            Map.entry("SMELTED", List.of("已熔炼", "smelted")),
            Map.entry("REFURBISHED", List.of("经验证清除后翻新再用", "refurbished after a verified erasure")),
            Map.entry("RESOLD", List.of("经验证清除后再次出售", "sold again after a verified erasure")),
            Map.entry("EXPORTED", List.of("已出境", "shipped out of the country")),
            Map.entry("VERIFIED_ERASURE", List.of("以国家标准认可的方法清除并经全量验证后方离开回收企业",
                    "left the recycler only after an erasure by a method the national standard accepts, fully verified")),
            Map.entry("OVERWRITE", List.of("覆写", "overwrite")),
            Map.entry("BLOCK_ERASE", List.of("块擦除", "block erase")),
            Map.entry("ERASED", List.of("已清除", "erased")),
            Map.entry("ERASED_WITH_EXCEPTIONS", List.of("已清除（有例外）", "erased with exceptions")),
            Map.entry("NOT_ERASED", List.of("未清除", "not erased")),
            Map.entry("CLEAR", List.of("覆写清除", "clear (overwrite)")),
            Map.entry("PURGE", List.of("净化清除", "purge")),
            Map.entry("DESTRUCT", List.of("物理销毁", "destruct")),
            Map.entry("FULL", List.of("全量验证", "fully verified")),
            Map.entry("SAMPLED", List.of("抽样验证", "verified by sample")),
            Map.entry("SHRED", List.of("粉碎", "shredded")),
            Map.entry("DEGAUSS", List.of("消磁", "degaussed")),
            Map.entry("CRUSH", List.of("压碎", "crushed")),
            Map.entry("COLLECTED", List.of("已回收", "collected")),
            Map.entry("IN_TRANSIT", List.of("运输中", "in transit")),
            Map.entry("RECEIVED", List.of("已签收", "received")),
            Map.entry("WIPED", List.of("已清除数据", "wiped")),
            Map.entry("WIPE_FAILED", List.of("清除失败", "wipe failed")));

    /** Why the issuer signs, as the signature dictionary states it. */
    static final String REASON = "WipeTrace erasure and destruction certificate / 数据清除与销毁证明";

    private CertificatePdf() {}

    /**
     * @param w where to draw
     * @param facts what to state
     */
    static void draw(final PdfWriter w, final CertificateFacts facts) throws IOException {
        final Verification device = facts.device();
        if (facts.verifyUrl() != null) {
            w.qr(facts.verifyUrl(), "扫码查验 Scan to verify");
        }
        w.title("数据清除与销毁证明", "Data Erasure and Destruction Certificate");
        w.small("本证明依据 WipeTrace 联盟账本（Hyperledger Fabric）记录出具，不含任何个人信息。"
                + " Issued from the WipeTrace alliance ledger (Hyperledger Fabric); it holds no personal data.");
        w.belowQr();

        w.section("设备  Device");
        w.row("设备编号 Device ID", device.deviceId());
        w.row("型号类别 Model class", device.make() + " " + device.model() + ", " + device.storageGb() + " GB");
        w.row("当前状态 Current state", both(device.state()));
        w.row("当前保管方 Current custodian", organisation(device, device.custodian()));

        final Verification.Step collected = device.timeline().stream()
                .filter(step -> "COLLECTED".equals(step.step())).findFirst().orElse(null);
        if (collected != null) {
            w.section("回收  Collection");
            w.row("回收时间 Collected at", TIME.format(collected.time()));
            w.row("回收站点 Site", site(device, collected.siteId()));
            w.row("回收机构 Organisation", organisation(device, collected.organisation()));
        }

        w.section("数据清除  Data erasure");
        final Verification.Erasure erasure = device.erasure();
        if (erasure == null) {
            w.row("清除记录 Erasure", "无（设备须经物理销毁） none recorded (physical destruction path)");
        } else {
            w.row("方法 Method", both(erasure.method()) + " (" + erasure.technique() + ")");
            w.row("标准 Standard", erasure.standard());
            w.row("结果 Result", both(erasure.result()) + ", " + both(erasure.verification()));
            w.row("清除站 Wiping station", erasure.stationId());
            w.row("完成时间 Finished at", erasure.endedAt() == null ? "-" : TIME.format(erasure.endedAt()));
            w.row("清除报告 Erasure report", erasure.reportId());
            w.row("报告 SHA-256 Report SHA-256", erasure.reportSha256());
            w.row("清除站签名 Station signature", "已验证 verified — " + erasure.signature());
        }

        w.section("物理销毁  Physical destruction");
        final Verification.Destruction destruction = device.destruction();
        w.row("状态 Status", both(destruction.status()));
        w.row("拆解 Dismantled", time(destruction.dismantledAt()));
        w.row("存储介质销毁 Storage destroyed", time(destruction.storageDestroyedAt())
                + (destruction.storageDestructionMethod() == null ? "" : ", " + both(destruction.storageDestructionMethod())));
        w.row("熔炼 Smelted", time(destruction.smeltedAt())
                + (destruction.lotId() == null ? "" : ", 批次 lot " + destruction.lotId()));
        if (destruction.releasedAt() != null) {
            // The national standard: a product whose user data was not erased may not be resold or shipped abroad.
            w.row("离开回收企业 Left the recycler", time(destruction.releasedAt())
                    + (destruction.exportCountry() == null ? "" : ", 目的地 destination " + destruction.exportCountry()));
            w.row("依据 On the basis of", "STORAGE_DESTROYED".equals(destruction.releaseBasis())
                    ? "存储介质已物理销毁后方出境 shipped as scrap only after its storage was physically destroyed"
                    : both(destruction.releaseBasis()));
        }

        w.section("账本记录  Ledger records (channel transactions)");
        for (final Verification.Step step : device.timeline()) {
            w.mono("#" + step.sequence() + " " + step.step() + "  " + TIME.format(step.time()) + "  "
                    + organisation(device, step.organisation()) + "  block " + step.ledger().blockNumber());
            w.mono("    tx " + step.ledger().txId());
        }

        w.section("公链锚定  Public anchors (EVM)");
        w.row("锚定合约 Anchor contract",
                facts.anchorContract() == null ? "本网关不做锚定 this gateway does not anchor" : facts.anchorContract());
        w.row("信任文件 Trust file SHA-256", facts.trustFileSha256() == null
                ? "本网关未配置信任文件 no trust file is configured on this gateway" : facts.trustFileSha256());
        if (facts.anchors().isEmpty()) {
            w.row("锚定 Anchor", "尚未锚定 not anchored yet");
        }
        for (final CertificateFacts.Anchor anchor : facts.anchors()) {
            w.mono("anchor #" + anchor.sequence() + "  chain " + anchor.chainId() + "  block " + anchor.block());
            w.mono("    contract " + anchor.contract());
            w.mono("    tx " + anchor.transaction());
        }

        w.section("证明包  Proof bundle");
        w.row("证明包哈希 Bundle SHA-256",
                facts.bundleSha256() == null ? "尚无（未锚定） none yet (not anchored)" : facts.bundleSha256());

        w.section("签发  Issue");
        w.row("签发机构 Issued by", organisation(device, facts.issuerMspId()));
        w.row("签发时间 Issued at", TIME.format(facts.issuedAt()));
        w.row("电子签名 Signature", "PAdES，签发机构的 Fabric 身份密钥 / PAdES with the issuer's Fabric identity;"
                + " check: wipetrace-verifier bundle.json --certificate this.pdf --ca <issuer MSP CA>");
        if (facts.verifyUrl() != null) {
            w.row("查验网址 Verify page", facts.verifyUrl());
        }
    }

    private static String both(final String code) {
        final List<String> words = code == null ? null : WORDS.get(code);
        return words == null ? String.valueOf(code) : words.get(0) + " " + words.get(1) + " (" + code + ")";
    }

    /** The registered name with the MSP ID beside it (the ID is what a signature names), or the ID alone. */
    private static String organisation(final Verification device, final String mspId) {
        final String name = mspId == null ? null : device.organisations().get(mspId);
        return name == null ? String.valueOf(mspId) : name + " (" + mspId + ")";
    }

    private static String site(final Verification device, final String siteId) {
        final Verification.Site site = siteId == null ? null : device.sites().get(siteId);
        return site == null || site.name() == null ? String.valueOf(siteId)
                : site.name() + (site.city() == null ? "" : ", " + site.city()) + " (" + siteId + ")";
    }

    private static String time(final Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /**
     * @param info the document information to fill
     * @param facts what the certificate states
     */
    static void info(final PDDocumentInformation info, final CertificateFacts facts) {
        info.setTitle("数据清除与销毁证明 Data Erasure and Destruction Certificate " + facts.device().deviceId());
        info.setAuthor(facts.issuerMspId());
        info.setCustomMetadataValue(DEVICE_KEY, facts.device().deviceId());
        if (facts.bundleSha256() != null) {
            info.setCustomMetadataValue(BUNDLE_HASH_KEY, facts.bundleSha256());
        }
    }
}
