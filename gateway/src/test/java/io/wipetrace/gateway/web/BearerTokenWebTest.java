package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.erasure.ReportUsage;
import io.wipetrace.gateway.idempotency.IdempotencyStore;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.Submission;
import io.wipetrace.gateway.projection.BagDevices;
import io.wipetrace.gateway.projection.EventDevices;
import io.wipetrace.gateway.security.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With {@code wipetrace.security.oauth2.issuer-uri} set, bearer tokens authenticate, mapped by their claims. */
// The write side's slice: the consumer and regulator read controllers and bulk imports have slices of their own.
@WebSliceOf(value = {"anchoring", "custody", "device", "erasure", "security", "projection", "web"},
        properties = {
    "wipetrace.security.oauth2.issuer-uri=https://issuer.example",
    "wipetrace.reports.dir=${java.io.tmpdir}/wipetrace-web-test-reports"
})
class BearerTokenWebTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private JwtDecoder decoder;

    /** The correction controller's read model lookup (custody module). */
    @MockitoBean
    private EventDevices eventDevices;

    @MockitoBean
    private BagDevices bagDevices;

    @MockitoBean
    private LedgerClient ledger;

    @MockitoBean
    private IdempotencyStore idempotency;

    @MockitoBean
    private ApiKeyStore keys;

    @MockitoBean
    private FabricGateways gateways;

    @MockitoBean
    private ReportUsage reportUsage;

    private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder offer(final String token) {
        return post("/api/v1/handovers").header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"deviceIds":["DEV-0123456789abcdef"],"toMspId":"SmelterOrgMSP","toSiteId":"SITE-SML-QY-01"}""");
    }

    @Test
    void acts_as_the_organisation_the_token_names() throws Exception {
        when(decoder.decode("good")).thenReturn(Jwt.withTokenValue("good").header("alg", "RS256")
                .subject("plant-system").claim("wipetrace_org", "processor").claim("wipetrace_roles", "PARTNER")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).build());
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        when(idempotency.claim(anyString(), anyString(), anyString(), any()))
                .thenReturn(new IdempotencyStore.Claim.Acquired());
        // The store keeps the first value remembered under a name, and answers with it.
        when(idempotency.recordValue(anyString(), anyString(), anyString(), anyString()))
                .thenAnswer(invocation -> invocation.getArgument(3));
        when(ledger.submit(any(), any())).thenReturn(new LedgerClient.Committed("tx-1", 3,
                "{\"handoverId\":\"HO-1\",\"status\":\"PENDING\"}".getBytes(StandardCharsets.UTF_8)));

        mvc.perform(offer("good")).andExpect(status().isCreated());

        final ArgumentCaptor<Submission> submitted = ArgumentCaptor.forClass(Submission.class);
        verify(ledger).submit(submitted.capture(), any());
        assertThat(submitted.getValue().organisation()).isEqualTo("processor");
    }

    @Test
    void refuses_an_invalid_token() throws Exception {
        when(decoder.decode("forged")).thenThrow(new BadJwtException("signature does not verify"));

        mvc.perform(offer("forged"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("TOKEN_INVALID"));
    }
}
