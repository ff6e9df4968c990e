package io.wipetrace.portal.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The portal's web layer with a stand-in for the gateway: sign-in, roles, CSRF, language and kept form input. */
@SpringBootTest
@AutoConfigureMockMvc
class PortalWebTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    @Test
    void partner_pages_send_a_visitor_to_sign_in_and_back() throws Exception {
        mvc.perform(get("/partner/erasures")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?next=%2Fpartner%2Ferasures"));
    }

    @Test
    void signing_in_keeps_the_key_in_the_session_and_returns_to_the_page_asked_for() throws Exception {
        when(gateway.object("key-1", "/api/v1/me")).thenReturn(Map.of("organisation", "processor",
                "mspId", "ProcessorOrgMSP", "roles", List.of("PARTNER")));
        final MockHttpSession session = new MockHttpSession();

        mvc.perform(post("/login").session(session).with(csrf()).param("apiKey", " key-1 ")
                .param("next", "/partner/erasures")).andExpect(redirectedUrl("/partner/erasures"));
        mvc.perform(get("/partner/erasures").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("key-1"))));
        // A partner's key does not open the regulator's pages.
        mvc.perform(get("/regulator").session(session)).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?next=%2Fregulator&wrongRole=true"));
    }

    @Test
    void a_refused_key_is_explained_and_no_session_is_made() throws Exception {
        when(gateway.object("bad", "/api/v1/me")).thenThrow(new GatewayProblem(401, "UNAUTHENTICATED", "no"));

        final MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("apiKey", "bad").param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("This key was not accepted")));
        mvc.perform(get("/partner").session(session)).andExpect(redirectedUrl("/login?next=%2Fpartner"));
    }

    @Test
    void a_person_whose_token_the_gateway_no_longer_accepts_is_sent_to_sign_in_again() throws Exception {
        when(gateway.object("Bearer token-1", "/api/v1/me")).thenReturn(Map.of("organisation", "regulator",
                "mspId", "RegulatorOrgMSP", "roles", List.of("REGULATOR")));
        when(gateway.object(org.mockito.ArgumentMatchers.eq("Bearer token-1"),
                org.mockito.ArgumentMatchers.startsWith("/api/v1/audit/statistics"), org.mockito.ArgumentMatchers.any()))
                .thenThrow(new GatewayProblem(401, "UNAUTHENTICATED", "expired"));
        final MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("apiKey", "Bearer token-1"))
                .andExpect(redirectedUrl("/regulator"));

        mvc.perform(get("/regulator").session(session)).andExpect(redirectedUrl("/login?expired"));
        mvc.perform(get("/regulator").session(session)).andExpect(redirectedUrl("/login?next=%2Fregulator"));
    }

    @Test
    void a_form_without_its_csrf_token_is_refused_before_reaching_the_gateway() throws Exception {
        mvc.perform(post("/login").param("apiKey", "key-1")).andExpect(status().isForbidden());
        verify(gateway, never()).object(anyString(), anyString());
    }

    @Test
    void the_consumer_page_is_chinese_by_default_and_english_on_request_remembered_in_a_cookie() throws Exception {
        mvc.perform(get("/verify")).andExpect(content().string(org.hamcrest.Matchers.containsString("lang=\"zh-CN\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("回执查询码")));
        mvc.perform(get("/verify").param("lang", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Receipt code")))
                .andExpect(header().string("Set-Cookie", org.hamcrest.Matchers.containsString("wipetrace-lang=en")));
    }

    @Test
    void a_failed_write_shows_the_reason_and_keeps_everything_typed() throws Exception {
        when(gateway.post(eq("key-1"), eq("idem-key-123"), eq("/api/v1/dismantlings"), any()))
                .thenThrow(new GatewayProblem(403, "NOT_CUSTODIAN", "not yours"));
        final MockHttpSession session = signedIn();

        mvc.perform(post("/partner/dismantlings").session(session).with(csrf()).param("idempotencyKey", "idem-key-123")
                .param("deviceId", "WT0123456789ABCDEF").param("storageComponentCommitment", "ab".repeat(32))
                .param("siteId", "SITE-PRC-SZ-01"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("贵单位未持有此设备")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"WT0123456789ABCDEF\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"idem-key-123\"")));
    }

    @Test
    void an_import_job_page_shows_its_progress_and_each_rows_error_in_the_readers_language() throws Exception {
        final java.util.UUID id = java.util.UUID.fromString("0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a");
        when(gateway.object("key-1", "/api/v1/imports/{id}", id)).thenReturn(Map.of("id", id.toString(),
                "fileName", "day.csv", "state", "COMPLETED", "percent", 100, "rowsTotal", 3, "rowsDone", 2,
                "rowsFailed", 1, "rowsPending", 0));
        when(gateway.object("key-1", "/api/v1/imports/{id}/errors?page=0&size={size}", id, 200)).thenReturn(Map.of(
                "items", List.of(Map.of("row", 3, "line", 4, "field", "model", "code", "FIELD_REQUIRED",
                        "message", "is required"), Map.of("row", 3, "line", 4, "code", "SOMETHING_NEW",
                        "message", "the gateway's own words")), "totalItems", 2));
        final MockHttpSession session = signedIn();

        mvc.perform(get("/partner/imports/" + id).session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "导入完成：2 行已记录到账本，1 行未记录，共 3 行。")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"100\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("缺少必填项“model”。")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("the gateway&#39;s own words")))
                // A finished job needs no polling.
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        "import.js"))));
        mvc.perform(get("/partner/imports/" + id).session(session).param("lang", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "The required field &quot;model&quot; is missing.")));
    }

    @Test
    void an_import_without_a_file_is_explained_before_reaching_the_gateway() throws Exception {
        final MockHttpSession session = signedIn();

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/partner/imports")
                .session(session).with(csrf()).param("idempotencyKey", "idem-key-456"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("请选择要导入的文件")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"idem-key-456\"")));
        verify(gateway, never()).postMultipart(anyString(), anyString(), anyString(), any(), any());
    }

    @Test
    void the_import_page_lists_the_organisations_past_jobs_in_the_readers_language() throws Exception {
        final MockHttpSession session = signedIn();
        when(gateway.object("key-1", "/api/v1/imports?page=0&size={size}", 20)).thenReturn(Map.of("items", List.of(
                Map.of("id", "0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a", "fileName", "monday.csv", "state", "COMPLETED",
                        "rowsDone", 298, "rowsTotal", 300, "rowsFailed", 2, "createdAt", "2026-12-01T02:00:00Z"))));

        mvc.perform(get("/partner/imports").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("本单位过往的导入")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "href=\"/partner/imports/0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a\">monday.csv")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("已完成")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("298 / 300")));
        mvc.perform(get("/partner/imports").session(session).param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("past imports")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Finished")))
                .andExpect(content().string(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("已完成"))));
    }

    @Test
    void the_results_of_an_import_are_fetched_with_its_key_only_in_the_session_that_sent_it() throws Exception {
        final MockHttpSession session = signedIn();
        final String job = "0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a";
        final var file = new org.springframework.mock.web.MockMultipartFile("file", "day.csv", "text/csv",
                "make,model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        when(gateway.postMultipart(eq("key-1"), eq("idem-key-801"), eq("/api/v1/imports?kind=collections"), any(),
                any())).thenReturn(Map.of("id", job));
        final byte[] csv = "row,receiptCode\r\n1,7K2Q\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        when(gateway.keyedBytes(eq("key-1"), any(), eq("/api/v1/imports/{id}/results.csv"), any()))
                .thenReturn(new GatewayClient.Download(csv, new org.springframework.http.HttpHeaders()));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/partner/imports")
                .file(file).session(session).with(csrf()).param("idempotencyKey", "idem-key-801"))
                .andExpect(redirectedUrl("/partner/imports/" + job));

        mvc.perform(get("/partner/imports/" + job + "/results.csv").session(session)).andExpect(status().isOk());
        verify(gateway).keyedBytes(eq("key-1"), eq("idem-key-801"), eq("/api/v1/imports/{id}/results.csv"), any());

        // Another session has no key: the gateway answers without receipt codes.
        mvc.perform(get("/partner/imports/" + job + "/results.csv").session(signedIn())).andExpect(status().isOk());
        verify(gateway).keyedBytes(eq("key-1"), eq(null), eq("/api/v1/imports/{id}/results.csv"), any());
    }

    @Test
    void an_accepted_import_opens_its_job_page_and_a_refused_one_says_why() throws Exception {
        final MockHttpSession session = signedIn();
        final var file = new org.springframework.mock.web.MockMultipartFile("file", "day.csv", "text/csv",
                "make,model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        when(gateway.postMultipart(eq("key-1"), eq("idem-key-789"), eq("/api/v1/imports?kind=collections"), any(),
                any())).thenReturn(Map.of("id", "0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/partner/imports")
                .file(file).session(session).with(csrf()).param("idempotencyKey", "idem-key-789"))
                .andExpect(redirectedUrl("/partner/imports/0b5e1c0e-7a6f-4c1e-9b7e-3f2a1d0c9b8a"));

        when(gateway.postMultipart(eq("key-1"), eq("idem-key-790"), eq("/api/v1/imports?kind=collections"), any(),
                any())).thenThrow(new GatewayProblem(403, "ROLE_NOT_HELD", "collections need COLLECTOR"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/partner/imports")
                .file(file).session(session).with(csrf()).param("idempotencyKey", "idem-key-790"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("贵单位未登记从事此类工作")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("请重新选择后再提交")));

        when(gateway.postMultipart(eq("key-1"), eq("idem-key-791"), eq("/api/v1/imports?kind=collections"), any(),
                any())).thenThrow(new GatewayProblem(422, "IMPORT_HEADER_INVALID", "unknown column modle"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/partner/imports")
                .file(file).session(session).with(csrf()).param("idempotencyKey", "idem-key-791").param("lang", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "The column names in the first CSV row are not right. Please name them as described below."
                                + " (unknown column modle)")));
    }

    private MockHttpSession signedIn() throws Exception {
        when(gateway.object("key-1", "/api/v1/me")).thenReturn(Map.of("organisation", "processor",
                "mspId", "ProcessorOrgMSP", "roles", List.of("PARTNER")));
        final MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("apiKey", "key-1"));
        return session;
    }
}
