package io.wipetrace.gateway.bulk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.idempotency.KeySecrets;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.device.DeviceKeyStore;
import io.wipetrace.gateway.device.PersonalDataProperties;
import io.wipetrace.gateway.erasure.ReportStore;
import io.wipetrace.gateway.idempotency.IdempotencyProperties;
import io.wipetrace.gateway.erasure.ReportUsage;
import io.wipetrace.gateway.idempotency.IdempotencyStore;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import io.wipetrace.gateway.projection.BagDevices;
import io.wipetrace.gateway.projection.EventDevices;
import io.wipetrace.gateway.security.ApiKeyStore;
import io.wipetrace.gateway.security.ApiKeys;
import io.wipetrace.gateway.security.LocalNetworkRegistry;
import io.wipetrace.gateway.security.SecurityConfiguration;
import io.wipetrace.gateway.security.SecurityProperties;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.MockMvcPrint;
import io.wipetrace.gateway.web.WebSliceOf;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The import endpoints' web layer with the real security rules, intake service and event streams; the store and the
 * ledger are mocked. MockMvc's result printing is off: it reads the response's headers while an event stream's
 * thread may still be writing them, which fails the stream test now and then with a ConcurrentModificationException.
 */
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@WebSliceOf(value = {"anchoring", "bulk", "custody", "device", "erasure", "security", "projection", "web"},
        properties = {
    "wipetrace.imports.max-bytes=2KB",
    "wipetrace.imports.events-poll=50ms",
    "wipetrace.reports.dir=${java.io.tmpdir}/wipetrace-web-test-reports"
})
class ImportApiWebTest {

    /** The application as this slice sees it (as the write side's WebSlice, with the intake service and events). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(basePackages = "io.wipetrace.gateway",
            excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    @EnableConfigurationProperties({IdempotencyProperties.class, SecurityProperties.class, ImportProperties.class,
            PersonalDataProperties.class})
    @Import({SecurityConfiguration.class, ChaincodeJson.class, DeviceWrites.class, IdempotentWrites.class,
            ReportStore.class, DeviceKeyStore.class, LocalNetworkRegistry.class, ImportService.class,
            ImportEvents.class})
    static class Slice {}

    private static final String COLLECTOR_KEY = "wtk_collector-test-key";
    private static final String PROCESSOR_KEY = "wtk_processor-test-key";
    private static final String REGULATOR_KEY = "wtk_regulator-test-key";
    private static final String ADMIN_KEY = "wtk_admin-test-key";
    private static final String CSV = CollectionRowsTest.HEADER + "\r\n" + CollectionRowsTest.GOOD + "\r\n"
            + CollectionRowsTest.GOOD.replace("128", "0") + "\r\n";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private LedgerClient ledger;

    /** The correction controller's read model lookup (custody module). */
    @MockitoBean
    private EventDevices eventDevices;

    @MockitoBean
    private BagDevices bagDevices;

    @MockitoBean
    private ImportStore store;

    @MockitoBean
    private IdempotencyStore idempotency;

    @MockitoBean
    private ApiKeyStore keys;

    @MockitoBean
    private FabricGateways gateways;

    @MockitoBean
    private ReportUsage reportUsage;

    private final AtomicReference<Job> stored = new AtomicReference<>();

    @BeforeEach
    void keysOrganisationsAndLedger() {
        key(COLLECTOR_KEY, "collector", "PARTNER");
        key(PROCESSOR_KEY, "processor", "PARTNER");
        key(REGULATOR_KEY, "regulator", "REGULATOR");
        key(ADMIN_KEY, "regulator", "ADMIN");
        when(gateways.mspId("collector")).thenReturn("CollectorOrgMSP");
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
        when(gateways.organisations()).thenReturn(new LinkedHashSet<>(List.of("collector", "processor", "regulator")));
        when(ledger.evaluate("collector", "registry", "GetOrganisation", "CollectorOrgMSP"))
                .thenReturn("{\"mspId\":\"CollectorOrgMSP\",\"roles\":[\"COLLECTOR\"]}".getBytes(UTF_8));
        when(ledger.evaluate("processor", "registry", "GetOrganisation", "ProcessorOrgMSP"))
                .thenReturn("{\"mspId\":\"ProcessorOrgMSP\",\"roles\":[\"PROCESSOR\"]}".getBytes(UTF_8));
        when(ledger.evaluate("collector", "registry", "GetSite", "SITE-COL-SH-01"))
                .thenReturn("{\"siteId\":\"SITE-COL-SH-01\",\"mspId\":\"CollectorOrgMSP\"}".getBytes(UTF_8));
        when(store.findByKey(any(), any())).thenReturn(Optional.empty());
        when(store.create(any(), anyList(), anyList(), anyInt())).thenAnswer(invocation -> {
            stored.set(invocation.getArgument(0));
            return true;
        });
        when(store.find(any())).thenAnswer(invocation -> Optional.ofNullable(stored.get())
                .filter(job -> job.id().equals(invocation.getArgument(0))));
    }

    private void key(final String clear, final String organisation, final String role) {
        when(keys.findActiveByHash(ApiKeys.hash(clear))).thenReturn(Optional.of(new ApiKeyStore.ApiKeyRecord(
                UUID.randomUUID(), organisation, role, "test", Instant.now(), null)));
    }

    private static MockHttpServletRequestBuilder importCsv(final String key, final String body) {
        return importCsv(key, body, UUID.randomUUID().toString());
    }

    private static MockHttpServletRequestBuilder importCsv(final String key, final String body,
            final String idempotencyKey) {
        final MockHttpServletRequestBuilder request = post("/api/v1/imports").param("kind", "collections")
                .contentType("text/csv").header("Idempotency-Key", idempotencyKey).content(body);
        return key == null ? request : request.header("X-Api-Key", key);
    }

    /** The Idempotency-Key the stand-in jobs were sent with. */
    private static final String JOB_KEY = "key-12345678";

    private static Job job(final String organisation, final String state, final int done, final int failed) {
        return new Job(UUID.randomUUID(), organisation, "CollectorOrgMSP", "collections", "CSV", "devices.csv",
                new KeySecrets(organisation, JOB_KEY).keyHash(), "0".repeat(64), state, 100, 10, 1, done, failed, null,
                Instant.parse("2026-03-02T08:00:00Z"), null, "COMPLETED".equals(state)
                        ? Instant.parse("2026-03-02T08:01:00Z") : null, null);
    }

    @Test
    void gives_the_template_as_the_header_row_marked_as_utf8_for_spreadsheets() throws Exception {
        mvc.perform(get("/api/v1/imports/template.csv").param("kind", "collections").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString(
                        "collections-template.csv")))
                .andExpect(content().string("\uFEFF" + CollectionRowsTest.HEADER + ",productType\r\n"));
        mvc.perform(get("/api/v1/imports/template.csv").param("kind", "phones").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("IMPORT_KIND_UNKNOWN"));
    }

    @Test
    void accepts_a_csv_file_storing_every_row_before_answering_202() throws Exception {
        final String idempotencyKey = UUID.randomUUID().toString();
        final String before = timeOf(io.wipetrace.proof.ledger.DeviceIds.next());
        mvc.perform(importCsv(COLLECTOR_KEY, CSV, idempotencyKey))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/imports/")))
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andExpect(jsonPath("$.state").value("QUEUED"))
                .andExpect(jsonPath("$.rowsTotal").value(2))
                .andExpect(jsonPath("$.rowsInvalid").value(1))
                .andExpect(jsonPath("$.rowsFailed").value(1))
                .andExpect(jsonPath("$.rowsPending").value(1))
                .andExpect(jsonPath("$.percent").value(50))
                .andExpect(jsonPath("$.links.events").value(org.hamcrest.Matchers.endsWith("/events")));

        @SuppressWarnings("unchecked")
        final ArgumentCaptor<List<ImportStore.NewRow>> rows = ArgumentCaptor.forClass(List.class);
        @SuppressWarnings("unchecked")
        final ArgumentCaptor<List<RowError>> errors = ArgumentCaptor.forClass(List.class);
        verify(store).create(any(), rows.capture(), errors.capture(), eq(1));
        final ImportStore.NewRow good = rows.getValue().get(0);
        assertThat(good.deviceId()).matches("WT[0-9A-Z]{28}");
        // A new device's ID begins with when it was made, so that a run of new devices has neighbouring keys.
        assertThat(timeOf(good.deviceId())).isBetween(before, timeOf(io.wipetrace.proof.ledger.DeviceIds.next()));
        // The receipt code is stored sealed under the request's Idempotency-Key, which opens it again.
        final String receiptCode = new KeySecrets("collector", idempotencyKey)
                .open(ImportService.receiptName(good.row()), good.receiptCode());
        assertThat(good.receiptCode()).startsWith("v1.").doesNotContain(receiptCode);
        assertThat(good.receiptHash()).isEqualTo(io.wipetrace.gateway.shared.ReceiptCode.hash(receiptCode)
                .orElseThrow());
        assertThat(good.batchNo()).isZero();
        assertThat(good.payload()).contains("\"deviceId\":\"" + good.deviceId() + "\"")
                .contains("\"siteId\":\"SITE-COL-SH-01\"").doesNotContain(receiptCode);
        assertThat(rows.getValue().get(1).deviceId()).isNull();
        assertThat(errors.getValue()).containsExactly(new RowError(2, 3, "storageGb", "FIELD_OUT_OF_RANGE",
                "must be at least 1"));
    }

    @Test
    void returns_the_same_job_for_the_same_key_and_file_and_refuses_another_file() throws Exception {
        final Job earlier = job("collector", "RUNNING", 4, 1);
        final String hash = ImportService.requestHash(ImportService.Kind.COLLECTIONS, ImportFormat.CSV,
                CSV.getBytes(UTF_8));
        final String keyHash = new KeySecrets("collector", "same-key-1234").keyHash();
        when(store.findByKey("collector", keyHash)).thenReturn(Optional.of(new Job(earlier.id(),
                "collector", "CollectorOrgMSP", "collections", "CSV", null, keyHash, hash, "RUNNING", 100, 10,
                1, 4, 1, null, earlier.createdAt(), earlier.createdAt(), null, null)));

        mvc.perform(importCsv(COLLECTOR_KEY, CSV, "same-key-1234"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", "/api/v1/imports/" + earlier.id()))
                .andExpect(jsonPath("$.id").value(earlier.id().toString()))
                .andExpect(jsonPath("$.rowsDone").value(4));
        mvc.perform(importCsv(COLLECTOR_KEY, CSV + CollectionRowsTest.GOOD, "same-key-1234"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        verify(store, never()).create(any(), anyList(), anyList(), anyInt());
        verify(ledger, never()).evaluate(any(), any(), any(), any());
    }

    @Test
    void takes_a_multipart_upload_of_json_lines_named_by_its_file() throws Exception {
        final MockMultipartFile file = new MockMultipartFile("file", "devices.jsonl", "application/octet-stream",
                (CollectionRowsTest.GOOD_JSON + "\n").getBytes(UTF_8));

        mvc.perform(multipart("/api/v1/imports").file(file).param("kind", "collections")
                        .header("X-Api-Key", COLLECTOR_KEY).header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.format").value("JSONL"))
                .andExpect(jsonPath("$.fileName").value("devices.jsonl"))
                .andExpect(jsonPath("$.rowsInvalid").value(0));
    }

    @Test
    void answers_problem_details_for_every_refused_file() throws Exception {
        mvc.perform(importCsv(COLLECTOR_KEY, "make,model\nXiaomi,Mi 9\n"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("IMPORT_HEADER_INVALID"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/import-header-invalid"));
        mvc.perform(importCsv(COLLECTOR_KEY, CollectionRowsTest.HEADER + "\n"))
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.code").value("IMPORT_EMPTY"));
        mvc.perform(importCsv(COLLECTOR_KEY, CSV + "x".repeat(2048)))
                .andExpect(status().isPayloadTooLarge()).andExpect(jsonPath("$.code").value("IMPORT_TOO_LARGE"));
        mvc.perform(importCsv(COLLECTOR_KEY, CSV).param("kind", "lots"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("IMPORT_KIND_UNKNOWN"));
        mvc.perform(post("/api/v1/imports").param("kind", "collections").contentType("text/csv").content(CSV)
                        .header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_MISSING"));
        mvc.perform(importCsv(COLLECTOR_KEY, CSV, "short"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_INVALID"));
        mvc.perform(importCsv(COLLECTOR_KEY, CSV).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("MEDIA_TYPE_UNSUPPORTED"));
        mvc.perform(multipart("/api/v1/imports").file(new MockMultipartFile("file", "devices.xlsx", null,
                        CSV.getBytes(UTF_8))).param("kind", "collections").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", UUID.randomUUID().toString()))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("MEDIA_TYPE_UNSUPPORTED"));
        verify(store, never()).create(any(), anyList(), anyList(), anyInt());
    }

    @Test
    void lets_only_organisations_holding_the_kinds_role_import() throws Exception {
        mvc.perform(importCsv(null, CSV)).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
        mvc.perform(importCsv(ADMIN_KEY, CSV)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_FORBIDDEN"));
        mvc.perform(importCsv(PROCESSOR_KEY, CSV)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("ROLE_NOT_HELD"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("needs COLLECTOR")));
        when(ledger.evaluate("regulator", "registry", "GetOrganisation", "RegulatorOrgMSP")).thenThrow(
                LedgerException.rejected(LedgerError.ORGANISATION_NOT_FOUND, "no", null));
        mvc.perform(importCsv(REGULATOR_KEY, CSV)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_REGISTERED"));
        verify(store, never()).create(any(), anyList(), anyList(), anyInt());
    }

    @Test
    void refuses_rows_at_sites_that_are_unknown_or_someone_elses() throws Exception {
        when(ledger.evaluate("collector", "registry", "GetSite", "SITE-PRC-SZ-01"))
                .thenReturn("{\"siteId\":\"SITE-PRC-SZ-01\",\"mspId\":\"ProcessorOrgMSP\"}".getBytes(UTF_8));
        when(ledger.evaluate("collector", "registry", "GetSite", "NOWHERE")).thenThrow(
                LedgerException.rejected(LedgerError.SITE_NOT_FOUND, "no site", null));
        final String csv = CollectionRowsTest.HEADER + "\n" + CollectionRowsTest.GOOD + "\n"
                + CollectionRowsTest.GOOD.replace("SITE-COL-SH-01", "SITE-PRC-SZ-01") + "\n"
                + CollectionRowsTest.GOOD.replace("SITE-COL-SH-01", "NOWHERE") + "\n";

        mvc.perform(importCsv(COLLECTOR_KEY, csv)).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.rowsInvalid").value(2));

        @SuppressWarnings("unchecked")
        final ArgumentCaptor<List<RowError>> errors = ArgumentCaptor.forClass(List.class);
        verify(store).create(any(), anyList(), errors.capture(), eq(1));
        assertThat(errors.getValue()).containsExactly(
                new RowError(2, 3, "siteId", "SITE_NOT_OWNED",
                        "site SITE-PRC-SZ-01 belongs to ProcessorOrgMSP, not CollectorOrgMSP"),
                new RowError(3, 4, "siteId", "SITE_NOT_FOUND", "no site NOWHERE is registered"));
    }

    @Test
    void completes_a_job_at_once_when_no_row_is_valid() throws Exception {
        mvc.perform(importCsv(COLLECTOR_KEY, CollectionRowsTest.HEADER + "\n,,,,,,,,,,,\n"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("COMPLETED"))
                .andExpect(jsonPath("$.percent").value(100))
                .andExpect(jsonPath("$.finishedAt").isNotEmpty());
        verify(store).create(any(), anyList(), anyList(), eq(0));
    }

    @Test
    void shows_a_job_to_its_own_organisation_and_regulators_only() throws Exception {
        final Job job = job("collector", "RUNNING", 3, 1);
        stored.set(job);

        mvc.perform(get("/api/v1/imports/" + job.id()).header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RUNNING"))
                .andExpect(jsonPath("$.percent").value(40))
                .andExpect(jsonPath("$.rowsPending").value(6));
        mvc.perform(get("/api/v1/imports/" + job.id()).header("X-Api-Key", REGULATOR_KEY))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/imports/" + job.id()).header("X-Api-Key", PROCESSOR_KEY))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("IMPORT_NOT_FOUND"));
        mvc.perform(get("/api/v1/imports/" + job.id() + "/errors").header("X-Api-Key", PROCESSOR_KEY))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/imports/" + UUID.randomUUID()).header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/imports/not-a-uuid").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isBadRequest());
    }

    @Test
    void pages_row_errors_and_refuses_bad_paging() throws Exception {
        final Job job = job("collector", "COMPLETED", 9, 1);
        stored.set(job);
        when(store.errors(job.id(), 0, 100)).thenReturn(List.of(new RowError(4, 5, "storageGb", "FIELD_REQUIRED",
                "is required")));
        when(store.errorCount(job.id())).thenReturn(1L);

        mvc.perform(get("/api/v1/imports/" + job.id() + "/errors").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].row").value(4))
                .andExpect(jsonPath("$.items[0].line").value(5))
                .andExpect(jsonPath("$.items[0].field").value("storageGb"))
                .andExpect(jsonPath("$.items[0].code").value("FIELD_REQUIRED"))
                .andExpect(jsonPath("$.totalItems").value(1));
        mvc.perform(get("/api/v1/imports/" + job.id() + "/errors?size=1001").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
    }

    @Test
    void lists_the_callers_own_organisations_jobs_newest_first() throws Exception {
        final Job newer = job("collector", "RUNNING", 4, 1);
        final Job older = job("collector", "COMPLETED", 9, 1);
        when(store.jobsOf("collector", 0, 20)).thenReturn(List.of(newer, older));
        when(store.jobCount("collector")).thenReturn(2L);

        mvc.perform(get("/api/v1/imports").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value(newer.id().toString()))
                .andExpect(jsonPath("$.items[0].state").value("RUNNING"))
                .andExpect(jsonPath("$.items[1].id").value(older.id().toString()))
                .andExpect(jsonPath("$.totalItems").value(2));
        mvc.perform(get("/api/v1/imports").header("X-Api-Key", REGULATOR_KEY))
                .andExpect(status().isOk()).andExpect(jsonPath("$.totalItems").value(0));
        verify(store).jobsOf("regulator", 0, 20);
        mvc.perform(get("/api/v1/imports?size=1001").header("X-Api-Key", COLLECTOR_KEY))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("INVALID_PARAMETER"));
    }

    @Test
    void gives_receipt_codes_to_the_importing_organisation_only_and_only_with_the_imports_key() throws Exception {
        final Job job = job("collector", "COMPLETED", 1, 0);
        stored.set(job);
        // Stored sealed under the import's Idempotency-Key, never in clear.
        final String sealed = new KeySecrets("collector", JOB_KEY).seal(ImportService.receiptName(1),
                "7K2Q-M9XD-0000-0000-0000-0000-0000");
        assertThat(sealed).doesNotContain("7K2Q");
        final ImportStore.ResultRow row = new ImportStore.ResultRow(1, 2, "REGISTERED", "WT0123456789ABCDEFGHJKMNPQRS",
                sealed, "a".repeat(64), "REGISTERED", "tx-1", 12L, null);
        when(store.results(job.id(), 0, 100)).thenReturn(List.of(row));
        org.mockito.Mockito.doAnswer(invocation -> {
            invocation.<java.util.function.Consumer<ImportStore.ResultRow>>getArgument(1).accept(row);
            return null;
        }).when(store).streamResults(eq(job.id()), any());

        mvc.perform(get("/api/v1/imports/" + job.id() + "/results").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", JOB_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].receiptCode").value("7K2Q-M9XD-0000-0000-0000-0000-0000"))
                .andExpect(jsonPath("$.items[0].verifyUrl").value(
                        org.hamcrest.Matchers.endsWith("/verify/7K2Q-M9XD-0000-0000-0000-0000-0000")))
                .andExpect(jsonPath("$.items[0].transactionId").value("tx-1"));
        for (final String key : new String[] {null, "key-87654321"}) {
            final var request = get("/api/v1/imports/" + job.id() + "/results").header("X-Api-Key", COLLECTOR_KEY);
            mvc.perform(key == null ? request : request.header("Idempotency-Key", key))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[0].deviceId").value("WT0123456789ABCDEFGHJKMNPQRS"))
                    .andExpect(jsonPath("$.items[0].receiptCode").doesNotExist())
                    .andExpect(jsonPath("$.items[0].verifyUrl").doesNotExist());
        }
        mvc.perform(get("/api/v1/imports/" + job.id() + "/results").header("X-Api-Key", REGULATOR_KEY)
                        .header("Idempotency-Key", JOB_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].deviceId").value("WT0123456789ABCDEFGHJKMNPQRS"))
                .andExpect(jsonPath("$.items[0].receiptCode").doesNotExist());
        mvc.perform(get("/api/v1/imports/" + job.id() + "/results.csv").header("X-Api-Key", COLLECTOR_KEY)
                        .header("Idempotency-Key", JOB_KEY))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(content().string("\uFEFFrow,line,status,deviceId,receiptCode,receiptHash,verifyUrl,outcome,"
                        + "transactionId,blockNumber,errorCodes\r\n1,2,REGISTERED,WT0123456789ABCDEFGHJKMNPQRS,"
                        + "7K2Q-M9XD-0000-0000-0000-0000-0000," + "a".repeat(64)
                        + ",http://127.0.0.1:8080/verify/7K2Q-M9XD-0000-0000-0000-0000-0000,REGISTERED,tx-1,12,\r\n"));
    }

    @Test
    void streams_progress_as_server_sent_events_until_the_job_completes() throws Exception {
        final Job running = job("collector", "RUNNING", 3, 1);
        final Job done = new Job(running.id(), "collector", "CollectorOrgMSP", "collections", "CSV", null,
                "key-12345678", "0".repeat(64), "COMPLETED", 100, 10, 1, 9, 1, null, running.createdAt(),
                running.createdAt(), Instant.parse("2026-03-02T08:05:00Z"), null);
        when(store.find(running.id())).thenReturn(Optional.of(running), Optional.of(running), Optional.of(done));

        final MvcResult started = mvc.perform(get("/api/v1/imports/" + running.id() + "/events")
                        .header("X-Api-Key", COLLECTOR_KEY).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
        started.getAsyncResult(5_000);
        final String stream = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(stream).contains("event:progress\n").contains("id:4\n").contains("\"rowsDone\":3")
                .contains("event:completed\n").contains("id:10\n").contains("\"state\":\"COMPLETED\"");
        assertThat(stream.indexOf("event:progress")).isLessThan(stream.indexOf("event:completed"));
    }

    /** The part of a device ID that is its time: {@code WT} and ten characters. */
    private static String timeOf(final String deviceId) {
        return deviceId.substring(0, 12);
    }
}
