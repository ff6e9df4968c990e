package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
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
 * The regulator's exception list with a stand-in for the gateway: the filters reach the gateway (days in the portal's
 * zone, the last day included), acknowledged exceptions say who and when with their history, and the form sends the
 * note and comes back to the same list.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ExceptionsWebTest {

    private static final String ACK = "/api/v1/audit/exceptions/{kind}/{subject}/acknowledgements";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    private MockHttpSession session;

    @BeforeEach
    void sign_in_as_the_regulator() throws Exception {
        session = RegulatorSignIn.signIn(mvc, gateway);
        when(gateway.list(RegulatorSignIn.KEY, "/api/v1/audit/partners")).thenReturn(List.of(
                Map.of("mspId", "CollectorOrgMSP"), Map.of("mspId", "ProcessorOrgMSP")));
    }

    @Test
    void sends_the_filters_and_shows_the_due_date_and_who_acknowledged_when() throws Exception {
        when(gateway.object(RegulatorSignIn.KEY, "/api/v1/audit/exceptions?kind=SEAL_BROKEN"
                + "&organisation=ProcessorOrgMSP&site=SITE-PRC-SZ-01&from=2026-10-31T16:00:00Z"
                + "&to=2026-11-30T16:00:00Z&page=0&size=50")).thenReturn(page(
                        exception("HO-1", List.of(
                                Map.of("actor", "p-4e1d", "at", "2026-11-30T02:00:00Z", "note", "called the carrier"),
                                Map.of("actor", "key-12", "at", "2026-11-29T02:00:00Z", "note", "first look"))),
                        exception("HO-2", List.of())));

        final String html = mvc.perform(get("/regulator/exceptions").session(session)
                        .header(HttpHeaders.ACCEPT_LANGUAGE, "en")
                        .param("kind", "SEAL_BROKEN").param("organisation", "ProcessorOrgMSP")
                        .param("site", "SITE-PRC-SZ-01").param("from", "2026-11-01").param("to", "2026-11-30"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        final String first = row(html, "HO-1");
        assertThat(first).contains("data-acknowledged=\"true\"")
                .contains("Acknowledged by p-4e1d at 2026-11-30 10:00").contains("History (2)")
                .contains("called the carrier").contains("first look")
                .contains("2026-11-29 11:00"); // due, in the portal's zone
        assertThat(row(html, "HO-2")).contains("data-acknowledged=\"false\"").contains("Not acknowledged");
        assertThat(html).contains("value=\"2026-11-01\"").contains("value=\"2026-11-30\"")
                .contains("exceptions.csv?kind=SEAL_BROKEN&amp;organisation=ProcessorOrgMSP");
    }

    @Test
    void a_malformed_filter_is_dropped_not_sent_on() throws Exception {
        when(gateway.object(RegulatorSignIn.KEY, "/api/v1/audit/exceptions?page=0&size=50")).thenReturn(page());
        mvc.perform(get("/regulator/exceptions").session(session).param("kind", "LATE")
                        .param("organisation", "x y").param("site", "SITE 1").param("from", "yesterday"))
                .andExpect(status().isOk());
        verify(gateway).object(RegulatorSignIn.KEY, "/api/v1/audit/exceptions?page=0&size=50");
    }

    @Test
    void acknowledges_with_the_note_and_returns_to_the_same_list() throws Exception {
        mvc.perform(post("/regulator/exceptions/acknowledge").session(session).with(csrf())
                        .param("kind", "SEAL_BROKEN").param("subject", "HO-1").param("note", " called the carrier ")
                        .param("idempotencyKey", "page-1-0").param("filterKind", "SEAL_BROKEN")
                        .param("from", "2026-11-01"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/regulator/exceptions?kind=SEAL_BROKEN&from=2026-11-01#exception-HO-1"))
                .andExpect(flash().attributeExists("done"));
        verify(gateway).post(RegulatorSignIn.KEY, "page-1-0", ACK, Map.of("note", "called the carrier"),
                "SEAL_BROKEN", "HO-1");
    }

    @Test
    void says_why_when_the_gateway_refuses_and_keeps_the_note() throws Exception {
        when(gateway.post(anyString(), anyString(), eq(ACK), any(), any(), any()))
                .thenThrow(new GatewayProblem(404, "EXCEPTION_NOT_FOUND", "gone"));
        mvc.perform(post("/regulator/exceptions/acknowledge").session(session).with(csrf())
                        .header(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN")
                        .param("kind", "SEAL_BROKEN").param("subject", "HO-1").param("note", "called")
                        .param("idempotencyKey", "page-1-0"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("找不到这条异常")))
                .andExpect(flash().attribute("typedNote", "called"));
    }

    @Test
    void refuses_an_unknown_rule_without_asking_the_gateway() throws Exception {
        mvc.perform(post("/regulator/exceptions/acknowledge").session(session).with(csrf())
                        .param("kind", "LATE").param("subject", "HO-1").param("note", "x")
                        .param("idempotencyKey", "k"))
                .andExpect(status().is3xxRedirection());
        verify(gateway, never()).post(anyString(), anyString(), eq(ACK), any(), any(), any());
    }

    private static Map<String, Object> page(final Map<?, ?>... items) {
        return Map.of("items", List.of(items), "page", 0, "size", 50, "totalItems", items.length, "totalPages", 1);
    }

    private static Map<String, Object> exception(final String handover, final List<Map<String, Object>> acks) {
        return Map.of("kind", "SEAL_BROKEN", "subjectType", "HANDOVER", "subjectId", handover,
                "organisation", "ProcessorOrgMSP", "siteId", "SITE-PRC-SZ-01", "since", "2026-11-28T03:00:00Z",
                "dueAt", "2026-11-29T03:00:00Z", "detail", "sent by CollectorOrgMSP", "acknowledgements", acks);
    }

    private static String row(final String html, final String subject) {
        final int start = html.indexOf("id=\"exception-" + subject + "\"");
        assertThat(start).as("row of %s", subject).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
