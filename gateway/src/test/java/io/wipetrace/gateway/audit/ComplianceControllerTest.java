package io.wipetrace.gateway.audit;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.certificate.SignedPdfs;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.gateway.projection.RegistryReads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

// The report's parameters; who may call it is the security rules' business (AuthorisationMatrixIT).
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(ComplianceController.class)
class ComplianceControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private EventReads events;

    @MockitoBean
    private RegistryReads registry;

    @MockitoBean
    private SignedPdfs pdfs;

    @MockitoBean
    private AuditProperties audit;

    @MockitoBean
    private FabricProperties fabric;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/api/v1/audit/compliance?organisation=0&from=2000-01-01T00:00:00Z&to=2000-01-01T00:00:00Z",
        "/api/v1/audit/compliance.csv?organisation=0&from=2000-01-01T00:00:00Z&to=2000-01-01T00:00:00Z",
        "/api/v1/audit/compliance?organisation=X&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        "/api/v1/audit/compliance?organisation=X&from=2026-01-01T00:00:00Z&to=%2B10000-01-01T00:00:00Z",
        "/api/v1/audit/compliance.csv?organisation=X&from=0000-12-31T23:59:59Z&to=2026-01-01T00:00:00Z",
        "/api/v1/audit/compliance.pdf?organisation=X&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z&lang=en"})
    void refuses_an_empty_reversed_or_unstorable_period_with_a_400_problem(final String uri) throws Exception {
        mvc.perform(get(java.net.URI.create(uri)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_PARAMETER"))
                .andExpect(jsonPath("$.detail").value(containsString("'")));
    }

    @Test
    void refuses_a_pdf_in_a_language_it_does_not_write() throws Exception {
        mvc.perform(get("/api/v1/audit/compliance.pdf?organisation=X&from=2026-01-01T00:00:00Z"
                        + "&to=2026-02-01T00:00:00Z&lang=fr"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("lang"));
    }
}
