package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import java.time.YearMonth;
import java.time.ZoneId;
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

/**
 * The dashboard's partner rows link each partner's signed compliance report for the last whole month (Beijing time),
 * and that link asks the gateway for exactly that month.
 */
@SpringBootTest
@AutoConfigureMockMvc
class DashboardWebTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    private MockHttpSession session;

    @BeforeEach
    void sign_in_as_the_regulator() throws Exception {
        session = RegulatorSignIn.signIn(mvc, gateway);
        when(gateway.object(eq(RegulatorSignIn.KEY), eq("/api/v1/audit/statistics?days={d}"), any()))
                .thenReturn(Map.of("devicesByState", Map.of("COLLECTED", 2), "flowPerDay", List.of(),
                        "timeToDestruction", List.of(), "bucketHours", List.of()));
        when(gateway.list(RegulatorSignIn.KEY, "/api/v1/audit/partners")).thenReturn(List.of(
                partner("CollectorOrgMSP"), partner("ProcessorOrgMSP")));
        when(gateway.object(RegulatorSignIn.KEY, "/api/v1/audit/exceptions?size=1"))
                .thenReturn(Map.of("items", List.of(), "totalItems", 0));
    }

    private static Map<String, Object> partner(final String mspId) {
        return Map.of("mspId", mspId, "devicesHeldByState", Map.of(), "handoversSent", Map.of(),
                "handoversReceived", Map.of(), "erasureOutcomes", Map.of("ERASED", 0, "ERASED_WITH_EXCEPTIONS", 0,
                        "NOT_ERASED", 0), "lots", Map.of("count", 0));
    }

    @Test
    void links_each_partners_report_for_the_last_whole_month_in_both_languages() throws Exception {
        final YearMonth last = YearMonth.now(ZoneId.of("Asia/Shanghai")).minusMonths(1);
        final String query = "from=" + last.atDay(1) + "&amp;to=" + last.atEndOfMonth();
        for (final String language : List.of("zh-CN", "en")) {
            final String html = mvc.perform(get("/regulator").session(session)
                            .header(HttpHeaders.ACCEPT_LANGUAGE, language))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            for (final String partner : List.of("CollectorOrgMSP", "ProcessorOrgMSP")) {
                assertThat(html).as("%s, %s", language, partner)
                        .contains("/regulator/compliance.pdf?organisation=" + partner + "&amp;" + query)
                        .contains("/regulator/compliance?organisation=" + partner + "&amp;" + query);
            }
            assertThat(html).contains(language.equals("en") ? "Report for " + last : last + " 月度报告")
                    .contains(language.equals("en") ? "signed PDF" : "签名的 PDF");
        }
    }

    @Test
    void the_monthly_link_asks_the_gateway_for_that_month_in_beijing_time_and_the_pages_language() throws Exception {
        when(gateway.bytes(eq(RegulatorSignIn.KEY), any(), any(Object[].class))).thenReturn(new GatewayClient.Download(
                "%PDF-1.7".getBytes(), new HttpHeaders()));

        mvc.perform(get("/regulator/compliance.pdf").session(session).header(HttpHeaders.ACCEPT_LANGUAGE, "en")
                        .param("organisation", "ProcessorOrgMSP").param("from", "2026-11-01")
                        .param("to", "2026-11-30"))
                .andExpect(status().isOk());

        verify(gateway).bytes(RegulatorSignIn.KEY,
                "/api/v1/audit/compliance.pdf?organisation={o}&from={f}&to={t}&lang={l}", "ProcessorOrgMSP",
                "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z", "en");
        assertThat(ComplianceController.Period.of("2026-02-01", "2026-02-28").month()).isEqualTo("2026-02");
        assertThat(ComplianceController.Period.of("2026-02-01", "2026-02-27").month()).isNull();
    }
}
