package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.erasure.ReportUsage;
import io.wipetrace.gateway.idempotency.IdempotencyStore;
import io.wipetrace.gateway.idempotency.KeySecrets;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import io.wipetrace.gateway.ledger.Submission;
import io.wipetrace.gateway.ledger.TransactionJournal;
import io.wipetrace.gateway.projection.BagDevices;
import io.wipetrace.gateway.projection.EventDevices;
import io.wipetrace.gateway.security.ApiKeyStore;
import io.wipetrace.gateway.security.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The write API's web layer: security rules, headers, validation and the problem details of ledger failures. */
// The write side's slice: the consumer and regulator read controllers and bulk imports have slices of their own.
@WebSliceOf(value = {"anchoring", "custody", "device", "erasure", "security", "projection", "web"},
        properties = "wipetrace.reports.dir=${java.io.tmpdir}/wipetrace-web-test-reports")
class WriteApiWebTest {

    static final String COLLECTOR_KEY = "wtk_collector-test-key";
    static final String PROCESSOR_KEY = "wtk_processor-test-key";
    static final String REGULATOR_KEY = "wtk_regulator-test-key";
    static final String ADMIN_KEY = "wtk_admin-test-key";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private LedgerClient ledger;

    @MockitoBean
    private EventDevices eventDevices;


    @MockitoBean

    private BagDevices bagDevices;

    @MockitoBean
    private IdempotencyStore idempotency;

    @MockitoBean
    private ApiKeyStore keys;

    @MockitoBean
    private FabricGateways gateways;

    @MockitoBean
    private ReportUsage reportUsage;

    @BeforeEach
    void keysAndOrganisations() {
        key(COLLECTOR_KEY, "collector", "PARTNER");
        key(PROCESSOR_KEY, "processor", "PARTNER");
        key(REGULATOR_KEY, "regulator", "REGULATOR");
        key(ADMIN_KEY, "regulator", "ADMIN");
        when(gateways.mspId("collector")).thenReturn("CollectorOrgMSP");
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
        when(gateways.organisations()).thenReturn(new LinkedHashSet<>(List.of("collector", "processor", "regulator")));
        when(idempotency.claim(anyString(), anyString(), anyString(), any()))
                .thenReturn(new IdempotencyStore.Claim.Acquired());
        // The store keeps the first value remembered under a name, and answers with it.
        when(idempotency.recordValue(anyString(), anyString(), anyString(), anyString()))
                .thenAnswer(invocation -> invocation.getArgument(3));
    }

    private void key(final String clear, final String organisation, final String role) {
        when(keys.findActiveByHash(ApiKeys.hash(clear))).thenReturn(Optional.of(new ApiKeyStore.ApiKeyRecord(
                UUID.randomUUID(), organisation, role, "test", Instant.now(), null)));
    }

    private static MockHttpServletRequestBuilder offer(final String key) {
        return offer(key, UUID.randomUUID().toString());
    }

    private static MockHttpServletRequestBuilder offer(final String key, final String idempotencyKey) {
        final MockHttpServletRequestBuilder request = post("/api/v1/handovers")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey)
                .content("""
                        {"deviceIds":["DEV-0123456789abcdef"],"toMspId":"ProcessorOrgMSP","toSiteId":"SITE-PRC-SZ-01"}""");
        return key == null ? request : request.header("X-Api-Key", key);
    }

    private void ledgerAnswers(final String result) {
        when(ledger.submit(any(), any())).thenReturn(new LedgerClient.Committed("tx-1", 7,
                result.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void answers_a_path_variable_that_breaks_its_pattern_with_a_validation_problem() throws Exception {
        mvc.perform(post("/api/v1/devices/{id}/personal-data/purge", "\u0084")
                        .header("X-Api-Key", COLLECTOR_KEY).header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("deviceId"));
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void answers_an_unexpected_failure_as_an_internal_error_problem_without_internals() throws Exception {
        when(ledger.submit(any(), any())).thenThrow(new IllegalStateException("secret internals"));

        mvc.perform(offer(COLLECTOR_KEY))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("secret"))));
    }

    @Test
    void answers_a_database_whose_pool_is_exhausted_as_busy_with_a_retry_after() throws Exception {
        when(idempotency.claim(anyString(), anyString(), anyString(), any())).thenThrow(
                new CannotGetJdbcConnectionException("pool exhausted", new SQLTransientConnectionException("timeout")));

        mvc.perform(offer(COLLECTOR_KEY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("DATABASE_BUSY"));
    }

    @Test
    void asks_an_anonymous_caller_to_authenticate() throws Exception {
        mvc.perform(offer(null))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/unauthenticated"));
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void refuses_an_unknown_or_revoked_key() throws Exception {
        mvc.perform(offer("wtk_not-a-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("API_KEY_INVALID"));
    }

    @Test
    void keeps_admin_keys_off_the_partner_endpoints_and_partner_keys_off_the_admin_ones() throws Exception {
        mvc.perform(offer(ADMIN_KEY)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_FORBIDDEN"));
        mvc.perform(get("/api/v1/admin/api-keys").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/admin/api-keys").header("X-Api-Key", ADMIN_KEY)).andExpect(status().isOk());
    }

    @Test
    void lets_only_the_administrator_rotate_the_personal_data_master_key() throws Exception {
        final String rotation = "/api/v1/admin/personal-data/master-key/rotation";
        mvc.perform(post(rotation).header("X-Api-Key", COLLECTOR_KEY)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_FORBIDDEN"));
        mvc.perform(post(rotation)).andExpect(status().isUnauthorized());

        final String first = mvc.perform(post(rotation).header("X-Api-Key", ADMIN_KEY)).andExpect(status().isOk())
                .andExpect(jsonPath("$.rewrapped").isNumber())
                .andExpect(jsonPath("$.fingerprint").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{16}")))
                .andReturn().getResponse().getContentAsString();
        mvc.perform(post(rotation).header("X-Api-Key", ADMIN_KEY)).andExpect(status().isOk())
                .andExpect(jsonPath("$.fingerprint").value(org.hamcrest.Matchers.not(
                        com.jayway.jsonpath.JsonPath.<String>read(first, "$.fingerprint"))));
    }

    @Test
    void keeps_audit_for_regulators_and_verify_public() throws Exception {
        mvc.perform(get("/api/v1/audit/devices").header("X-Api-Key", COLLECTOR_KEY)).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/devices").header("X-Api-Key", REGULATOR_KEY)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/verify/7K2Q-M9XD")).andExpect(status().isNotFound());
        mvc.perform(get("/internal/anything").header("X-Api-Key", ADMIN_KEY)).andExpect(status().isForbidden());
    }

    @Test
    void submits_as_the_callers_own_organisation() throws Exception {
        ledgerAnswers("{\"handoverId\":\"HO-1\",\"status\":\"PENDING\"}");

        mvc.perform(offer(PROCESSOR_KEY))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.handover.status").value("PENDING"))
                .andExpect(jsonPath("$.ledger.transactionId").value("tx-1"))
                .andExpect(jsonPath("$.ledger.blockNumber").value(7));

        final ArgumentCaptor<Submission> submitted = ArgumentCaptor.forClass(Submission.class);
        verify(ledger).submit(submitted.capture(), any(TransactionJournal.class));
        assertThat(submitted.getValue().organisation()).isEqualTo("processor");
        assertThat(submitted.getValue().qualifiedName()).isEqualTo("device:OfferHandover");
        assertThat(submitted.getValue().arguments().getFirst()).contains("\"toMspId\":\"ProcessorOrgMSP\"")
                .contains("\"handoverId\":\"HO-");
    }

    @Test
    void offers_a_bags_devices_from_the_read_model_or_else_from_the_custody_list_on_the_callers_peer()
            throws Exception {
        ledgerAnswers("{\"handoverId\":\"HO-1\",\"status\":\"PENDING\"}");
        final String bag = "{\"bagId\":\"BAG-7\",\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"SITE-PRC-SZ-01\"}";
        when(bagDevices.held(eq("collector"), eq("CollectorOrgMSP"), eq("BAG-7"), any(), anyInt()))
                .thenReturn(Optional.of(List.of("DEV-0000000000000002", "DEV-0000000000000001")));

        mvc.perform(bagOffer(bag)).andExpect(status().isCreated());

        final ArgumentCaptor<Submission> fromReadModel = ArgumentCaptor.forClass(Submission.class);
        verify(ledger).submit(fromReadModel.capture(), any(TransactionJournal.class));
        assertThat(fromReadModel.getValue().arguments().getFirst())
                .contains("\"deviceIds\":[\"DEV-0000000000000001\",\"DEV-0000000000000002\"]");
        verify(ledger, never()).evaluate(anyString(), anyString(), anyString(), any(String[].class));

        // The read model did not reach the caller's peer's height in time: its custody list, page by page.
        org.mockito.Mockito.clearInvocations(ledger);
        when(bagDevices.held(eq("collector"), eq("CollectorOrgMSP"), eq("BAG-7"), any(), anyInt()))
                .thenReturn(Optional.empty());
        when(ledger.evaluate(eq("collector"), eq("device"), eq("ListDevicesByCustodian"), any(String[].class)))
                .thenReturn(custodyPage("BKMK", "DEV-0000000000000003", "BAG-7"))
                .thenReturn(custodyPage("", "DEV-0000000000000004", "BAG-8"));

        mvc.perform(bagOffer(bag)).andExpect(status().isCreated());

        final ArgumentCaptor<Submission> fromLedger = ArgumentCaptor.forClass(Submission.class);
        verify(ledger).submit(fromLedger.capture(), any(TransactionJournal.class));
        assertThat(fromLedger.getValue().arguments().getFirst())
                .contains("\"deviceIds\":[\"DEV-0000000000000003\"]");
        verify(ledger, org.mockito.Mockito.times(2)).evaluate(eq("collector"), eq("device"),
                eq("ListDevicesByCustodian"), any(String[].class));
    }

    @Test
    void refuses_an_offer_of_a_bag_the_caller_holds_no_offerable_device_of() throws Exception {
        when(bagDevices.held(eq("collector"), eq("CollectorOrgMSP"), eq("BAG-9"), any(), anyInt()))
                .thenReturn(Optional.of(List.of()));

        mvc.perform(bagOffer("{\"bagId\":\"BAG-9\",\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"SITE-PRC-SZ-01\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("BAG_NOT_FOUND"));
        verify(ledger, never()).submit(any(), any());
    }

    private static MockHttpServletRequestBuilder bagOffer(final String body) {
        return post("/api/v1/handovers").contentType(MediaType.APPLICATION_JSON).header("X-Api-Key", COLLECTOR_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()).content(body);
    }

    /** A page of ListDevicesByCustodian with one collected device of a bag. */
    private static byte[] custodyPage(final String bookmark, final String deviceId, final String bagId) {
        return ("{\"bookmark\":\"" + bookmark + "\",\"devices\":[{\"deviceId\":\"" + deviceId
                + "\",\"bagId\":\"" + bagId + "\",\"state\":\"COLLECTED\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void corrects_on_the_device_named_or_else_on_the_one_the_read_model_holds_the_event_for() throws Exception {
        ledgerAnswers("{\"deviceId\":\"DEV-0123456789abcdef\",\"type\":\"CORRECTION\"}");
        when(eventDevices.deviceOf("abc123:0")).thenReturn(Optional.of("DEV-0123456789abcdef"));

        mvc.perform(correction(COLLECTOR_KEY, "{\"deviceId\":\"DEV-fedcba9876543210\",\"eventId\":\"abc123:0\","
                        + "\"reason\":\"typo\",\"correction\":{\"storageGb\":64}}"))
                .andExpect(status().isCreated());
        mvc.perform(correction(COLLECTOR_KEY, "{\"eventId\":\"abc123:0\",\"reason\":\"typo\","
                        + "\"correction\":{\"storageGb\":64}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.event.type").value("CORRECTION"));

        final ArgumentCaptor<Submission> submitted = ArgumentCaptor.forClass(Submission.class);
        verify(ledger, org.mockito.Mockito.times(2)).submit(submitted.capture(), any(TransactionJournal.class));
        assertThat(submitted.getAllValues()).extracting(Submission::qualifiedName)
                .containsOnly("device:CorrectEvent");
        assertThat(submitted.getAllValues().get(0).arguments().getFirst())
                .contains("\"deviceId\":\"DEV-fedcba9876543210\"").contains("\"eventId\":\"abc123:0\"");
        assertThat(submitted.getAllValues().get(1).arguments().getFirst())
                .contains("\"deviceId\":\"DEV-0123456789abcdef\"").contains("\"eventId\":\"abc123:0\"");
        verify(eventDevices).deviceOf("abc123:0");
    }

    @Test
    void answers_a_correction_of_an_event_the_read_model_does_not_hold_as_not_found() throws Exception {
        when(eventDevices.deviceOf("abc123:9")).thenReturn(Optional.empty());

        mvc.perform(correction(COLLECTOR_KEY, "{\"eventId\":\"abc123:9\",\"reason\":\"typo\","
                        + "\"correction\":{\"storageGb\":64}}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("EVENT_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("deviceId")));
        verify(ledger, never()).submit(any(), any());
    }

    private static MockHttpServletRequestBuilder correction(final String key, final String body) {
        return post("/api/v1/corrections").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString()).header("X-Api-Key", key).content(body);
    }

    @Test
    void requires_an_idempotency_key_on_writes() throws Exception {
        mvc.perform(post("/api/v1/handovers").header("X-Api-Key", COLLECTOR_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_MISSING"));
    }

    @Test
    void replays_a_completed_request_without_touching_the_ledger() throws Exception {
        final KeySecrets secrets = new KeySecrets("collector", "retry-key-1");
        when(idempotency.claim(eq("collector"), eq(secrets.keyHash()), anyString(), any()))
                .thenReturn(new IdempotencyStore.Claim.Completed(201, secrets.seal(KeySecrets.RESPONSE,
                        "{\"handover\":{\"handoverId\":\"HO-9\"},\"ledger\":{\"transactionId\":\"tx-9\",\"blockNumber\":3}}")));

        mvc.perform(offer(COLLECTOR_KEY, "retry-key-1"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.ledger.transactionId").value("tx-9"));
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void lists_every_invalid_field() throws Exception {
        mvc.perform(post("/api/v1/handovers").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceIds\":[],\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"bad site\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[?(@.field == 'deviceIds')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'toSiteId')]").exists());
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void wants_either_devices_or_a_bag() throws Exception {
        mvc.perform(post("/api/v1/handovers").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"deviceIds\":[\"DEV-0123456789abcdef\"],\"bagId\":\"BAG-1\","
                                + "\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"SITE-PRC-SZ-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'oneSelection')]").exists());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an unknown member|\"inputCount\":3,\"colour\":\"red\"|$.colour",
        "an integer as a string|\"inputCount\":\"3\"|$.inputCount",
        "a fraction for an integer|\"inputCount\":1.5|$.inputCount",
        "a number for a string|\"inputCount\":3,\"siteId\":12345678|$.siteId",
        "a member given twice|\"inputCount\":3,\"inputCount\":4|$.inputCount",
        "true for an integer|\"inputCount\":true|$.inputCount"})
    void refuses_bodies_the_chaincode_would_refuse_for_their_form_with_422_naming_the_member(final String what,
            final String members, final String member) throws Exception {
        mvc.perform(post("/api/v1/lots").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"lotId\":\"LOT-1\",\"deviceIds\":[\"DEV-0123456789abcdef\"],"
                                + "\"inputWeightGrams\":100,\"outputWeightGrams\":90,\"siteId\":\"SITE-SML-QY-01\","
                                + members + "}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("INVALID_JSON_MEMBER"))
                .andExpect(jsonPath("$.member").value(member))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(member + ": ")));
        verify(ledger, never()).submit(any(), any());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DEVICE_NOT_FOUND", "NOT_CUSTODIAN", "wrong code", "another organisation's device"})
    void answers_a_receipt_image_for_an_unknown_device_a_foreign_one_and_a_wrong_code_alike(final String failure)
            throws Exception {
        final String device = "DEV-0123456789abcdef";
        final String code = "7K2Q-M9XD-0AB1-CDEF-GHJK-MNPQ-RSTV";
        if (failure.equals("wrong code")) {
            when(ledger.evaluate(anyString(), anyString(), anyString(), any(String[].class)))
                    .thenReturn(("{\"receiptHash\":\"sha256:0000\",\"collectorMspId\":\"CollectorOrgMSP\"}")
                            .getBytes(StandardCharsets.UTF_8));
        } else if (failure.equals("another organisation's device")) {
            // The right code, but the processor collected it: every member reads the device on the channel.
            when(ledger.evaluate(anyString(), anyString(), anyString(), any(String[].class)))
                    .thenReturn(("{\"receiptHash\":\"" + io.wipetrace.gateway.shared.ReceiptCode.hash(code).orElseThrow()
                            + "\",\"collectorMspId\":\"ProcessorOrgMSP\"}").getBytes(StandardCharsets.UTF_8));
        } else {
            when(ledger.evaluate(anyString(), anyString(), anyString(), any(String[].class))).thenThrow(
                    LedgerException.rejected(LedgerError.valueOf(failure), failure + ": detail", null));
        }
        mvc.perform(get("/api/v1/collections/{id}/receipt.png", device).header("X-Api-Key", COLLECTOR_KEY)
                        .header("X-Receipt-Code", code))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("RECEIPT_NOT_FOUND"))
                .andExpect(jsonPath("$.detail").value("no device " + device + " with this receipt code"));
    }

    @Test
    void says_when_the_body_is_not_json() throws Exception {
        mvc.perform(offer(COLLECTOR_KEY).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("BODY_UNREADABLE"));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
        "REJECTED, DEVICE_NOT_FOUND, 404",
        "REJECTED, NOT_CUSTODIAN, 403",
        "REJECTED, ROLE_NOT_HELD, 403",
        "REJECTED, ILLEGAL_TRANSITION, 409",
        "REJECTED, HANDOVER_EXISTS, 409",
        "REJECTED, LOT_CLOSED, 409",
        "REJECTED, INVALID_ARGUMENT, 422",
        "REJECTED, SIGNATURE_INVALID, 422",
        "REJECTED, RESALE_NOT_ERASED, 409",
        "REJECTED, CONSENT_MISMATCH, 422",
        "UNAVAILABLE, ENDORSEMENT_FAILED, 502",
        "INVALIDATED, COMMIT_ENDORSEMENT_POLICY_FAILURE, 502",
        "INVALIDATED, LEDGER_CONFLICT, 503",
        "UNAVAILABLE, LEDGER_UNAVAILABLE, 503",
        "UNAVAILABLE, LEDGER_TIMEOUT, 504",
        "OUTCOME_UNKNOWN, LEDGER_OUTCOME_UNKNOWN, 504"
    })
    void maps_ledger_failures_to_problem_details(final LedgerException.Kind kind, final String code,
            final int expected) throws Exception {
        when(ledger.submit(any(), any())).thenThrow(kind == LedgerException.Kind.REJECTED
                ? LedgerException.rejected(LedgerError.valueOf(code), code + ": detail", null)
                : new LedgerException(kind, code, code + ": detail", null));

        mvc.perform(offer(COLLECTOR_KEY))
                .andExpect(status().is(expected))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.type").value(Problems.type(code).toString()));
    }

    @Test
    void refuses_an_erasure_report_whose_hash_differs_from_the_record() throws Exception {
        final String record = """
                {"deviceId":"DEV-0123456789abcdef","reportId":"RPT-1","reportSha256":"%s","method":"PURGE",
                 "technique":"block erase","standard":"NIST SP 800-88r1","tool":"WipeBox","toolVersion":"4.2",
                 "result":"ERASED","verification":{"mode":"FULL","by":"op"},"startedAt":"2026-03-02T08:00:00Z",
                 "endedAt":"2026-03-02T08:07:00Z","siteId":"SITE-PRC-SZ-01","operator":"op",
                 "consentReference":"CONSENT-1","stationId":"STATION-SZ-ECDSA-01","signature":"c2ln"}"""
                .formatted("0".repeat(64));

        mvc.perform(multipart("/api/v1/erasures")
                        .file(new MockMultipartFile("record", "", MediaType.APPLICATION_JSON_VALUE,
                                record.getBytes(StandardCharsets.UTF_8)))
                        .file(new MockMultipartFile("report", "report.pdf", "application/pdf", new byte[] {1, 2, 3}))
                        .header("X-Api-Key", PROCESSOR_KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("REPORT_HASH_MISMATCH"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/report-hash-mismatch"));
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void issues_a_key_once_and_lists_none_of_the_secrets() throws Exception {
        final String body = mvc.perform(post("/api/v1/admin/api-keys").header("X-Api-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"organisation\":\"processor\",\"role\":\"PARTNER\",\"label\":\"station\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.apiKey").value(org.hamcrest.Matchers.startsWith("wtk_")))
                .andReturn().getResponse().getContentAsString();
        final String clear = com.jayway.jsonpath.JsonPath.read(body, "$.apiKey");
        verify(keys).insert(any(UUID.class), eq(ApiKeys.hash(clear)), eq("processor"), eq("PARTNER"), eq("station"));

        mvc.perform(post("/api/v1/admin/api-keys").header("X-Api-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"organisation\":\"elsewhere\",\"role\":\"PARTNER\",\"label\":\"x\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("ORGANISATION_UNKNOWN"));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource({"REGULATOR, collector", "ADMIN, processor", "PARTNER, regulator"})
    void refuses_to_issue_a_key_with_a_role_its_organisation_does_not_hold(final String role,
            final String organisation) throws Exception {
        mvc.perform(post("/api/v1/admin/api-keys").header("X-Api-Key", ADMIN_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"organisation\":\"" + organisation + "\",\"role\":\"" + role
                                + "\",\"label\":\"x\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("ROLE_NOT_HELD_BY_ORGANISATION"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(role)))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsStringIgnoringCase("regulator organisation"))));
        verify(keys, never()).insert(any(), any(), any(), any(), any());
    }

    @Test
    void refuses_a_stored_key_whose_role_its_organisation_does_not_hold() throws Exception {
        key("wtk_collector-as-regulator", "collector", "REGULATOR");
        key("wtk_processor-as-admin", "processor", "ADMIN");

        mvc.perform(get("/api/v1/audit/devices").header("X-Api-Key", "wtk_collector-as-regulator"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_NOT_HELD_BY_ORGANISATION"));
        mvc.perform(get("/api/v1/admin/api-keys").header("X-Api-Key", "wtk_processor-as-admin"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_NOT_HELD_BY_ORGANISATION"));
        verify(keys, never()).list();
    }
}
