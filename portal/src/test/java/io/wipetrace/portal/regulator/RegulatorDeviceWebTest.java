package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The regulator's device page with a stand-in for the gateway: a summary, readable details and the downloads. */
@SpringBootTest
@AutoConfigureMockMvc
class RegulatorDeviceWebTest {

    private static final String DEVICE = "WT0123456789ABCDEF";
    private static final String REPORT_HASH = "ab".repeat(32);
    private static final String SALT = "a7".repeat(32);

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    private MockHttpSession session;

    @BeforeEach
    void sign_in_as_the_regulator() throws Exception {
        when(gateway.object(RegulatorSignIn.KEY, "/api/v1/audit/devices/{id}", DEVICE)).thenReturn(view());
        session = RegulatorSignIn.signIn(mvc, gateway);
    }

    private static Map<String, Object> view() {
        final Map<String, Object> consent = Map.of("reference", "C-77", "scope", committed("all user data"),
                "method", "overwrite", "impact", "irreversible");
        final Map<String, Object> collected = event("COLLECTED", "COLLECTED", ordered("channel", "STORE",
                "make", committed("Acme Mobile"), "productType", "PHONE", "locked", false, "consent", consent));
        final Map<String, Object> erasure = ordered("reportId", "R-1", "reportSha256", REPORT_HASH,
                "method", "OVERWRITE", "result", "ERASED", "verification", Map.of("mode", "FULL", "by", "QA-3"),
                "endedAt", "2026-11-30T02:05:00Z", "stationId", "ST-9");
        final Map<String, Object> wiped = event("ERASURE_RECORDED", "WIPED",
                ordered("erasure", erasure, "stationAlgorithm", "SM2"));
        final Map<String, Object> summary = new LinkedHashMap<>(Map.of("deviceId", DEVICE, "state", "WIPED",
                "custodianMspId", "ProcessorOrgMSP", "siteId", "P-SITE-1", "collectorMspId", "CollectorOrgMSP",
                "collectionChannel", "STORE", "make", "Acme", "model", "Phone 9", "productType", "PHONE",
                "collectedAt", "2026-11-29T01:00:00Z"));
        summary.putAll(Map.of("erasureResult", "ERASED", "erasureMethod", "OVERWRITE",
                "stateSince", "2026-11-30T02:05:00Z"));
        return Map.of("deviceId", DEVICE, "ledger", List.of(collected, wiped), "consistent", true,
                "differences", List.of(), "projection", Map.of("projectedToBlock", 42, "device", summary));
    }

    /** A partner's text as the ledger holds it: a text commitment (docs/proof-bundle.md, hash rule 6). */
    private static Map<String, Object> committed(final String text) {
        return Map.of("salt", SALT, "sha256", "5e".repeat(32), "text", text);
    }

    private static Map<String, Object> event(final String type, final String state, final Map<String, Object> details) {
        return Map.of("eventId", "tx:0", "txId", "a1b2c3d4e5f6a7b8c9d0", "type", type, "state", state,
                "actorMspId", "CollectorOrgMSP", "txTimestamp", "2026-11-29T01:00:00Z", "details", details);
    }

    private static Map<String, Object> ordered(final Object... pairs) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void shows_a_summary_and_every_detail_labelled_in_chinese_with_codes_in_words() throws Exception {
        final String page = mvc.perform(get("/regulator/devices/" + DEVICE).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("手机", "Phone 9", "已清除", "处理厂", "门店回收", "同意书编号", "C-77",
                "清除报告编号", "全量验证", "验证人", "QA-3", "SM2（国密）", REPORT_HASH, "设备已锁定", "否");
        // No detail is named by its JSON member nor printed as a raw map.
        // A committed text is shown as its text, never as the commitment's salt or hash.
        assertThat(page).contains("Acme Mobile", "all user data").doesNotContain(SALT, "{salt=", "5e5e5e5e");
        assertThat(page).doesNotContain(">reportId<", ">consent.reference<", ">stationAlgorithm<", "{reference=",
                "{mode=", "OVERWRITE<", ">FULL<");
        assertThat(page).contains("/regulator/devices/" + DEVICE + "/certificate.pdf",
                "/regulator/devices/" + DEVICE + "/proof-bundle");
    }

    @Test
    void speaks_english_when_asked_to() throws Exception {
        final String page = mvc.perform(get("/regulator/devices/" + DEVICE).session(session).param("lang", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("Consent reference", "Erasure report", "Verified by", "Overwrite", "Phone")
                .doesNotContain("同意书编号", "清除报告编号", "手机");
    }

    @Test
    void hands_over_the_gateways_proof_bundle_as_a_download_named_after_the_device() throws Exception {
        final byte[] bundle = "{\"version\":3}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        when(gateway.bytes(RegulatorSignIn.KEY, "/api/v1/audit/devices/{id}/proof-bundle", DEVICE))
                .thenReturn(new GatewayClient.Download(bundle, new HttpHeaders()));

        final var response = mvc.perform(get("/regulator/devices/" + DEVICE + "/proof-bundle").session(session))
                .andExpect(status().isOk()).andReturn().getResponse();

        assertThat(response.getContentAsByteArray()).isEqualTo(bundle);
        assertThat(response.getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"wipetrace-proof-bundle-" + DEVICE + ".json\"");
    }

    @Test
    void refuses_a_device_id_that_is_not_one_before_asking_the_gateway() throws Exception {
        mvc.perform(get("/regulator/devices/short").session(session)).andExpect(status().isNotFound());
    }
}
