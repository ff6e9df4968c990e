package io.wipetrace.gateway.audit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.projection.DeviceFilter;
import io.wipetrace.gateway.projection.DeviceSummary;
import io.wipetrace.gateway.shared.Page;
import io.wipetrace.proof.ledger.DeviceState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

// The controller's behaviour; who may call it is the security rules' business, tested in WriteApiWebTest.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(AuditController.class)
class AuditControllerTest {

    private static final Instant AT = Instant.parse("2026-03-02T08:16:00Z");
    private static final String DEVICE = "DEV-0123456789abcdef";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private AuditService service;

    @MockitoBean
    private AuditQueries queries;

    @Test
    void searches_devices_with_every_filter_and_the_page_asked_for() throws Exception {
        final DeviceFilter filter = new DeviceFilter(DeviceState.WIPED, "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
        when(queries.devices(filter, 2, 10)).thenReturn(Page.of(List.of(device("Mi 9")), 2, 10, 21));

        mvc.perform(get("/api/v1/audit/devices").param("state", "WIPED").param("organisation", "ProcessorOrgMSP")
                        .param("site", "SITE-PRC-SZ-01").param("from", "2026-03-01T00:00:00Z")
                        .param("to", "2026-04-01T00:00:00Z").param("page", "2").param("size", "10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].deviceId").value(DEVICE))
                .andExpect(jsonPath("$.page").value(2))
                .andExpect(jsonPath("$.totalItems").value(21))
                .andExpect(jsonPath("$.totalPages").value(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=201", "page=-1", "size=ten", "state=SHREDDED",
        "from=yesterday", "from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z", "site=SITE%00X",
        "organisation=Org%01"})
    void refuses_bad_paging_and_filter_parameters_with_a_400_problem(final String query) throws Exception {
        mvc.perform(get(java.net.URI.create("/api/v1/audit/devices?" + query)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/invalid-parameter"));
        verify(queries, never()).devices(any(), anyInt(), anyInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/audit/devices?to=%2B999999999-12-31T23:59:59Z",
        "/api/v1/audit/devices.csv?to=%2B999999999-12-31T23:59:59Z",
        "/api/v1/audit/devices?from=-999999999-01-01T00:00:00Z", "/api/v1/audit/devices?to=%2B10000-01-01T00:00:00Z",
        "/api/v1/audit/devices.csv?from=0000-12-31T23:59:59Z"})
    void refuses_times_the_database_cannot_hold_with_a_400_problem_naming_the_parameter(final String uri)
            throws Exception {
        final String parameter = uri.contains("from=") ? "from" : "to";
        mvc.perform(get(java.net.URI.create(uri)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"))
                .andExpect(jsonPath("$.detail").value(startsWith("'" + parameter + "' must lie between")));
        verify(queries, never()).devices(any(), anyInt(), anyInt());
        verify(queries, never()).streamDevices(any(), any());
    }

    @Test
    void accepts_the_first_and_last_instants_of_years_1_to_9999() throws Exception {
        when(queries.devices(any(), anyInt(), anyInt())).thenReturn(Page.of(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/audit/devices").param("from", "0001-01-01T00:00:00Z")
                        .param("to", "9999-12-31T23:59:59Z"))
                .andExpect(status().isOk());
    }

    @Test
    void refuses_bad_paging_of_exceptions_too() throws Exception {
        mvc.perform(get("/api/v1/audit/exceptions?size=1000")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        mvc.perform(get("/api/v1/audit/exceptions?kind=LATE")).andExpect(status().isBadRequest());
    }

    @Test
    void answers_a_device_neither_side_knows_with_a_404_problem() throws Exception {
        when(service.device(DEVICE)).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/audit/devices/{id}", DEVICE))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("DEVICE_NOT_FOUND"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/device-not-found"));
    }

    @Test
    void refuses_a_malformed_device_id_and_reports_an_unreachable_ledger() throws Exception {
        mvc.perform(get("/api/v1/audit/devices/{id}", "short")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        when(service.device(DEVICE)).thenThrow(new LedgerHistory.LedgerUnavailable("peer down", null));
        mvc.perform(get("/api/v1/audit/devices/{id}", DEVICE)).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.code").value("LEDGER_UNAVAILABLE"));
    }

    @Test
    void exports_devices_as_csv_with_a_header_and_escaped_fields() throws Exception {
        doAnswer(invocation -> {
            final Consumer<DeviceSummary> sink = invocation.getArgument(1);
            sink.accept(device("Redmi \"Note\", 9"));
            return null;
        }).when(queries).streamDevices(eq(new DeviceFilter(DeviceState.WIPED, null, null, null, null)), any());

        mvc.perform(get("/api/v1/audit/devices.csv").param("state", "WIPED"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition", containsString("devices.csv")))
                .andExpect(content().string(startsWith("\uFEFFdevice_id,state,custodian_msp_id,")))
                .andExpect(content().string(containsString("\r\n" + DEVICE + ",WIPED,ProcessorOrgMSP,")))
                .andExpect(content().string(containsString(",Xiaomi,\"Redmi \"\"Note\"\", 9\",false,")));
    }

    @Test
    void exports_exceptions_as_csv() throws Exception {
        doAnswer(invocation -> {
            final Consumer<AuditException> sink = invocation.getArgument(1);
            sink.accept(new AuditException(Kind.HANDOVER_NOT_ACKNOWLEDGED, "HANDOVER", "HO-1", "ProcessorOrgMSP",
                    "SITE-PRC-SZ-01", AT, AT.plusSeconds(3600), "offered by CollectorOrgMSP, 1 device(s)", List.of()));
            sink.accept(new AuditException(Kind.SEAL_BROKEN, "HANDOVER", "HO-2", "ProcessorOrgMSP",
                    "SITE-PRC-SZ-01", AT, null, "sent by CollectorOrgMSP, seal S-1, 1 device(s)",
                    List.of(new Acknowledgement(Kind.SEAL_BROKEN, "HO-2", "=HYPERLINK(\"x\")", "regulator",
                            "PERSON", "p-7f3a", AT.plusSeconds(60)))));
            return null;
        }).when(queries).streamExceptions(eq(new ExceptionFilter(Kind.SEAL_BROKEN, "ProcessorOrgMSP",
                "SITE-PRC-SZ-01", AT, null, null)), any());

        mvc.perform(get("/api/v1/audit/exceptions.csv").param("kind", "SEAL_BROKEN")
                        .param("organisation", "ProcessorOrgMSP").param("site", "SITE-PRC-SZ-01")
                        .param("from", AT.toString()))
                .andExpect(status().isOk())
                .andExpect(content().string("\uFEFFkind,subject_type,subject_id,organisation,site_id,since,due_at,detail,"
                        + "acknowledged_at,acknowledged_by,acknowledgement_note\r\n"
                        + "HANDOVER_NOT_ACKNOWLEDGED,HANDOVER,HO-1,ProcessorOrgMSP,SITE-PRC-SZ-01,2026-03-02T08:16:00Z,"
                        + "2026-03-02T09:16:00Z,\"offered by CollectorOrgMSP, 1 device(s)\",,,\r\n"
                        + "SEAL_BROKEN,HANDOVER,HO-2,ProcessorOrgMSP,SITE-PRC-SZ-01,2026-03-02T08:16:00Z,,"
                        + "\"sent by CollectorOrgMSP, seal S-1, 1 device(s)\",2026-03-02T08:17:00Z,p-7f3a,"
                        + "\"'=HYPERLINK(\"\"x\"\")\"\r\n"));
    }

    @Test
    void lists_exceptions_with_every_filter_and_their_acknowledgements() throws Exception {
        final ExceptionFilter filter = new ExceptionFilter(Kind.RECEIVED_NOT_WIPED, "ProcessorOrgMSP",
                "SITE-PRC-SZ-01", AT, AT.plusSeconds(86_400), null);
        when(queries.exceptions(filter, 1, 20)).thenReturn(Page.of(List.of(new AuditException(
                Kind.RECEIVED_NOT_WIPED, "DEVICE", DEVICE, "ProcessorOrgMSP", "SITE-PRC-SZ-01", AT, AT.plusSeconds(60),
                "now RECEIVED", List.of(new Acknowledgement(Kind.RECEIVED_NOT_WIPED, DEVICE, "asked the plant",
                        "regulator", "API_KEY", "key-12", AT.plusSeconds(120))))), 1, 20, 21));

        mvc.perform(get("/api/v1/audit/exceptions").param("kind", "RECEIVED_NOT_WIPED")
                        .param("organisation", "ProcessorOrgMSP").param("site", "SITE-PRC-SZ-01")
                        .param("from", AT.toString()).param("to", AT.plusSeconds(86_400).toString())
                        .param("page", "1").param("size", "20"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].dueAt").value("2026-03-02T08:17:00Z"))
                .andExpect(jsonPath("$.items[0].acknowledgements[0].actor").value("key-12"))
                .andExpect(jsonPath("$.items[0].acknowledgements[0].note").value("asked the plant"))
                .andExpect(jsonPath("$.totalItems").value(21));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z", "site=SITE%00X",
        "organisation=Org%01", "from=yesterday", "kind=LATE"})
    void refuses_bad_exception_filters_with_a_400_problem(final String query) throws Exception {
        mvc.perform(get(java.net.URI.create("/api/v1/audit/exceptions?" + query)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        verify(queries, never()).exceptions(any(), anyInt(), anyInt());
    }

    @Test
    void acknowledges_an_exception_and_answers_a_retry_with_the_first_acknowledgement() throws Exception {
        final Acknowledgement first = new Acknowledgement(Kind.SEAL_BROKEN, "HO-2", "called the carrier",
                "regulator", "PERSON", "p-7f3a", AT);
        when(queries.acknowledge(eq(Kind.SEAL_BROKEN), eq("HO-2"), eq("called the carrier"), any(), eq("k-1")))
                .thenReturn(new AcknowledgementStore.Added(first, false))
                .thenReturn(new AcknowledgementStore.Added(first, true));

        mvc.perform(post("/api/v1/audit/exceptions/SEAL_BROKEN/HO-2/acknowledgements")
                        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"  called the carrier \"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.actor").value("p-7f3a"))
                .andExpect(jsonPath("$.at").value("2026-03-02T08:16:00Z"));
        mvc.perform(post("/api/v1/audit/exceptions/SEAL_BROKEN/HO-2/acknowledgements")
                        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"called the carrier\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"note\":\"  \"}", "{\"note\":null}"})
    void refuses_an_acknowledgement_without_a_note(final String body) throws Exception {
        mvc.perform(post("/api/v1/audit/exceptions/SEAL_BROKEN/HO-2/acknowledgements")
                        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        verify(queries, never()).acknowledge(any(), any(), any(), any(), any());
    }

    @Test
    void refuses_an_acknowledgement_without_an_idempotency_key_or_of_an_unknown_rule() throws Exception {
        mvc.perform(post("/api/v1/audit/exceptions/SEAL_BROKEN/HO-2/acknowledgements")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_MISSING"));
        mvc.perform(post("/api/v1/audit/exceptions/LATE/HO-2/acknowledgements")
                        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
        verify(queries, never()).acknowledge(any(), any(), any(), any(), any());
    }

    @Test
    void passes_on_the_refusal_of_an_exception_the_rules_do_not_find() throws Exception {
        when(queries.acknowledge(any(), any(), any(), any(), any()))
                .thenThrow(AuditProblems.exceptionNotFound(Kind.SEAL_BROKEN, "HO-9"));
        mvc.perform(post("/api/v1/audit/exceptions/SEAL_BROKEN/HO-9/acknowledgements")
                        .header("Idempotency-Key", "k-1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\":\"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("EXCEPTION_NOT_FOUND"));
    }

    private static DeviceSummary device(final String model) {
        return new DeviceSummary(DEVICE, "WIPED", "ProcessorOrgMSP", "SITE-PRC-SZ-01", "CollectorOrgMSP",
                "SITE-COL-SH-01", "STORE", "Xiaomi", model, false, AT, AT, AT, null, null, null, null, null, AT, AT,
                null, "ERASED", "PURGE", "NIST SP 800-88r1", "STATION-SZ-ECDSA-01", null, 4, 9, "PHONE", null, null);
    }
}
