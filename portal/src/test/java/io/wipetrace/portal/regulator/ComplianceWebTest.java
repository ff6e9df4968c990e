package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The regulator's compliance page with a stand-in for the gateway: the period it asks for and the page's words. */
@SpringBootTest
@AutoConfigureMockMvc
class ComplianceWebTest {

    private static final String PATH = "/api/v1/audit/compliance?organisation={o}&from={f}&to={t}";
    private static final String DEVICE = "WT0123456789ABCDEF";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    private MockHttpSession session;

    @BeforeEach
    void signInAsTheRegulator() throws Exception {
        // January 2027 in Beijing time is [31 Dec 16:00Z, 31 Jan 16:00Z).
        when(gateway.object(RegulatorSignIn.KEY, PATH, "ProcessorOrgMSP", "2026-12-31T16:00:00Z", "2027-01-31T16:00:00Z"))
                .thenReturn(Map.of("organisation", "ProcessorOrgMSP", "devices", 6, "clauses", List.of(
                        Map.of("clause", "NO_ACCESS_WITHOUT_CONSENT", "applicable", 6, "satisfied", 5,
                                "violations", List.of(Map.of("clause", "NO_ACCESS_WITHOUT_CONSENT", "deviceId", DEVICE,
                                        "productType", "WEARABLE", "finding", "arrived with a broken seal",
                                        "transactions", List.of("abc123")))),
                        Map.of("clause", "ERASURE_METHOD", "applicable", 3, "satisfied", 3, "violations", List.of()))));
        session = RegulatorSignIn.signIn(mvc, gateway);
    }

    @Test
    void shows_each_requirement_with_its_counts_and_the_devices_that_break_it_in_chinese() throws Exception {
        final String page = mvc.perform(get("/regulator/compliance").session(session)
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("未经用户同意，不得访问或留存用户数据", "适用 6 台，符合 5 台", "可穿戴设备", DEVICE,
                "abc123", "所有适用设备均符合。");
        // The gateway's own words stay out of a Chinese page.
        assertThat(page).doesNotContain("arrived with a broken seal", "No access to");
    }

    @Test
    void speaks_english_when_asked_to() throws Exception {
        final String page = mvc.perform(get("/regulator/compliance").session(session).param("lang", "en")
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("No access to, or keeping of, user data without the user&#39;s consent",
                "Applies to 6, satisfied by 5", "Wearable", DEVICE)
                .doesNotContain("未经用户同意", "可穿戴设备");
    }

    @Test
    void hands_over_the_gateways_signed_pdf_in_the_pages_language() throws Exception {
        final String pdfPath = "/api/v1/audit/compliance.pdf?organisation={o}&from={f}&to={t}&lang={l}";
        for (final String lang : List.of("zh", "en")) {
            final byte[] pdf = ("%PDF-1.7 " + lang).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_PDF);
            headers.set(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"compliance-" + lang + ".pdf\"");
            when(gateway.bytes(RegulatorSignIn.KEY, pdfPath, "ProcessorOrgMSP", "2026-12-31T16:00:00Z",
                    "2027-01-31T16:00:00Z", lang)).thenReturn(new GatewayClient.Download(pdf, headers));
        }
        final String zhPage = mvc.perform(get("/regulator/compliance").session(session)
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andReturn().getResponse().getContentAsString();
        assertThat(zhPage).contains("下载签名的报告（PDF，中文）",
                "/regulator/compliance.pdf?organisation=ProcessorOrgMSP&amp;from=2027-01-01&amp;to=2027-01-31");

        final var zh = mvc.perform(get("/regulator/compliance.pdf").session(session)
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(zh.getContentAsString()).isEqualTo("%PDF-1.7 zh");
        assertThat(zh.getContentType()).isEqualTo(MediaType.APPLICATION_PDF_VALUE);
        assertThat(zh.getHeader(HttpHeaders.CONTENT_DISPOSITION)).contains("compliance-zh.pdf");

        final var enPage = mvc.perform(get("/regulator/compliance").session(session).param("lang", "en")
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andReturn().getResponse();
        assertThat(enPage.getContentAsString()).contains("Download the signed report (PDF, English)");
        // The page's language stays with the browser (its cookie): the same link then asks for the English PDF.
        final var en = mvc.perform(get("/regulator/compliance.pdf").session(session).cookie(enPage.getCookies())
                        .param("organisation", "ProcessorOrgMSP").param("from", "2027-01-01").param("to", "2027-01-31"))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(en.getContentAsString()).isEqualTo("%PDF-1.7 en");
    }
}
