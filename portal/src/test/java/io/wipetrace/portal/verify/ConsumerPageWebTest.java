package io.wipetrace.portal.verify;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The consumer's page with a stand-in gateway: the answer first, in the reader's language, certificates only where true. */
@SpringBootTest
@AutoConfigureMockMvc
class ConsumerPageWebTest {

    private static final String CODE = "7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRST";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    @Test
    void a_failed_wipe_reads_as_failed_at_the_top_and_in_the_timeline_and_offers_no_certificate() throws Exception {
        when(gateway.object(isNull(), eq("/api/v1/verify/{code}"), eq(CODE))).thenReturn(failedWipe());

        mvc.perform(get("/verify/" + CODE)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-tone=\"failed\"")))
                .andExpect(content().string(containsString("数据清除失败：您的数据仍在手机的存储芯片上")))
                .andExpect(content().string(containsString("<h3>数据清除失败</h3>")))
                .andExpect(content().string(containsString("#step-ERASURE_RECORDED-NOT_ERASED")))
                // Organisations by their registered names, set apart; the station's own words apart too.
                .andExpect(content().string(containsString("data-partner>ProcessorOrg</span>")))
                .andExpect(content().string(containsString("<q data-partner>shred-free scrub</q>")))
                .andExpect(content().string(containsString("以下时间均为北京时间。")))
                .andExpect(content().string(not(containsString("download-certificate"))))
                .andExpect(content().string(not(containsString("Received by"))));
        mvc.perform(get("/verify/" + CODE).header("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5"))
                .andExpect(content().string(containsString("lang=\"en\"")))
                .andExpect(content().string(containsString("The wipe failed: your data is still on the phone")))
                .andExpect(content().string(containsString("<h3>Wipe failed</h3>")))
                .andExpect(content().string(containsString("All times are Beijing time.")));
    }

    @Test
    void accept_language_chooses_the_first_language_and_an_explicit_choice_is_remembered() throws Exception {
        mvc.perform(get("/verify").header("Accept-Language", "fr-FR,en;q=0.8,zh-CN;q=0.5"))
                .andExpect(content().string(containsString("lang=\"en\"")));
        mvc.perform(get("/verify").header("Accept-Language", "zh-TW,en;q=0.8"))
                .andExpect(content().string(containsString("lang=\"zh-CN\"")));
        mvc.perform(get("/verify").header("Accept-Language", "de-DE"))
                .andExpect(content().string(containsString("lang=\"zh-CN\"")));
        // The cookie set by ?lang= wins over the browser's header.
        mvc.perform(get("/verify").header("Accept-Language", "en").cookie(new Cookie("wipetrace-lang", "zh-CN")))
                .andExpect(content().string(containsString("lang=\"zh-CN\"")));
    }

    @Test
    void a_verifiably_wiped_phone_offers_its_certificate() throws Exception {
        final Map<String, Object> wiped = new java.util.HashMap<>(failedWipe());
        wiped.put("state", "WIPED");
        wiped.put("certificate", true);
        wiped.put("erasure", Map.of("result", "ERASED", "verification", "FULL", "method", "PURGE",
                "ledger", Map.of("eventId", "tx4:0")));
        wiped.put("timeline", List.of(Map.of("step", "ERASURE_RECORDED", "state", "WIPED", "time",
                "2026-03-02T08:16:00Z", "organisation", "ProcessorOrgMSP", "ledger", Map.of("eventId", "tx4:0"),
                "facts", Map.of("result", "ERASED", "verification", "FULL", "technique", "block erase"))));
        when(gateway.object(isNull(), eq("/api/v1/verify/{code}"), eq(CODE))).thenReturn(wiped);

        mvc.perform(get("/verify/" + CODE)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-tone=\"safe\"")))
                .andExpect(content().string(containsString("id=\"download-certificate\"")))
                // A technique the portal knows is said in the reader's words, not quoted.
                .andExpect(content().string(containsString("清除方式：块擦除。")))
                .andExpect(content().string(containsString("<h3>数据已清除</h3>")));
    }

    @Test
    void a_refused_certificate_is_explained_in_the_readers_language() throws Exception {
        when(gateway.bytes(isNull(), eq("/api/v1/verify/{code}/certificate.pdf"), eq(CODE)))
                .thenThrow(new GatewayProblem(409, "DATA_NOT_VERIFIABLY_GONE", "not verified"));

        mvc.perform(get("/verify/" + CODE + "/certificate.pdf")).andExpect(status().isConflict())
                .andExpect(content().string(containsString("暂时不能出具证书")));
    }

    @Test
    void a_rate_limited_visitor_is_told_so_and_when_to_try_again() throws Exception {
        when(gateway.object(isNull(), eq("/api/v1/verify/{code}"), eq(CODE)))
                .thenThrow(new GatewayProblem(429, "RATE_LIMITED", "too many", 42));

        mvc.perform(get("/verify/" + CODE)).andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "42"))
                .andExpect(content().string(containsString("请42 秒后再试")));
        mvc.perform(get("/verify/" + CODE).param("lang", "en"))
                .andExpect(content().string(containsString("Please try again in 42 seconds.")));
    }

    @Test
    void a_code_with_full_width_dashes_is_accepted_and_a_wrong_one_is_told_what_is_wrong() throws Exception {
        mvc.perform(get("/verify").param("code", CODE.replace('-', '—').toLowerCase()))
                .andExpect(redirectedUrl("/verify/" + CODE));
        mvc.perform(get("/verify").param("code", "7K2Q-9ZX1"))
                .andExpect(content().string(containsString("查询码太短")));
        mvc.perform(get("/verify").param("code", CODE + "-AAAA").param("lang", "en"))
                .andExpect(content().string(containsString("That code is too long")));
        mvc.perform(get("/verify/" + "7K2Q_9ZX1")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("这不是回执查询码")));
        verify(gateway, never()).object(isNull(), eq("/api/v1/verify/{code}"), anyString());
    }

    @Test
    void pages_are_compressed_and_static_files_have_hashed_names_cached_for_a_year() throws Exception {
        final MvcResult page = mvc.perform(get("/verify").header("Accept-Encoding", "gzip")).andReturn();
        final String html = page.getResponse().getContentAsString();
        // The stylesheet is inlined (no round trip before the first paint), allowed by its hash and nothing else.
        final String css = new String(new org.springframework.core.io.ClassPathResource("static/css/portal.css")
                .getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(html).contains("<style>" + css + "</style>");
        org.assertj.core.api.Assertions.assertThat(page.getResponse().getHeader("Content-Security-Policy"))
                .contains("style-src 'self' 'sha256-" + java.util.Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(
                                css.getBytes(java.nio.charset.StandardCharsets.UTF_8))) + "'");
        final java.util.regex.Matcher icon = java.util.regex.Pattern.compile("/favicon-[0-9a-f]{32}\\.ico")
                .matcher(html);
        org.assertj.core.api.Assertions.assertThat(icon.find()).as(html).isTrue();
        mvc.perform(get(icon.group())).andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("max-age=31536000")));
        // The verify page's module imports the proof module by its hashed name too.
        final String js = mvc.perform(get("/js/verify.js")).andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(js).containsPattern("from '\\./proof-[0-9a-f]{32}\\.js'");
        mvc.perform(get("/favicon.ico")).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", matchesPattern("image/(x-icon|vnd.microsoft.icon)")));
    }

    private static Map<String, Object> failedWipe() {
        final Map<String, Object> ledger = Map.of("eventId", "tx4:0");
        final Map<String, Object> v = new java.util.HashMap<>(Map.of("deviceId", "DEV-1", "make", "Xiaomi",
                "model", "Redmi Note 9", "storageGb", 128, "state", "WIPE_FAILED", "certificate", false,
                "projectedToBlock", 15));
        v.putAll(Map.of("organisations", Map.of("ProcessorOrgMSP", "ProcessorOrg", "CollectorOrgMSP", "CollectorOrg"),
                "sites", Map.of("SITE-PRC-SZ-01", Map.of("name", "Longgang processing plant", "city", "Shenzhen")),
                "erasure", Map.of("result", "NOT_ERASED", "verification", "FULL", "method", "PURGE",
                        "standard", "GB/T 42015-2022", "stationId", "STATION-1", "ledger", ledger),
                "destruction", Map.of("status", "NOT_DESTROYED"),
                "timeline", List.of(Map.of("step", "HANDOVER_ACCEPTED", "state", "RECEIVED", "time",
                                "2026-03-02T06:16:00Z", "organisation", "ProcessorOrgMSP", "siteId", "SITE-PRC-SZ-01",
                                "ledger", Map.of("eventId", "tx3:0"),
                                "facts", Map.of("fromMspId", "CollectorOrgMSP", "sealIntact", false,
                                        "exceptions", List.of("SEAL_BROKEN"))),
                        Map.of("step", "ERASURE_RECORDED", "state", "WIPE_FAILED", "time", "2026-03-02T08:16:00Z",
                                "organisation", "ProcessorOrgMSP", "siteId", "SITE-PRC-SZ-01", "ledger", ledger,
                                "facts", Map.of("result", "NOT_ERASED", "method", "PURGE", "stationId", "STATION-1",
                                        "technique", "shred-free scrub")))));
        return v;
    }
}
