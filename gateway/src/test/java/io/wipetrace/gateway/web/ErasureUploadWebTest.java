package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.gateway.erasure.ReportUsage;
import io.wipetrace.gateway.idempotency.IdempotencyStore;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import io.wipetrace.gateway.projection.BagDevices;
import io.wipetrace.gateway.projection.EventDevices;
import io.wipetrace.gateway.security.ApiKeyStore;
import io.wipetrace.gateway.security.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.util.FileSystemUtils;

/** Erasure uploads on disk: a report file is kept only once its erasure committed, within the organisation's quota. */
@WebSliceOf(value = {"anchoring", "custody", "device", "erasure", "security", "projection", "web"},
        properties = "wipetrace.reports.quota-per-organisation=1KB")
class ErasureUploadWebTest {

    private static final String PROCESSOR_KEY = "wtk_processor-test-key";
    private static final Path REPORTS = temporaryDirectory();
    private static final byte[] REPORT = "erasure report of DEV-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @DynamicPropertySource
    static void reports(final DynamicPropertyRegistry registry) {
        registry.add("wipetrace.reports.dir", REPORTS::toString);
    }

    @AfterAll
    static void removeReports() throws IOException {
        FileSystemUtils.deleteRecursively(REPORTS);
    }

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
    private IdempotencyStore idempotency;

    @MockitoBean
    private ApiKeyStore keys;

    @MockitoBean
    private FabricGateways gateways;

    @MockitoBean
    private ReportUsage usage;

    @BeforeEach
    void processorKeyAndEmptyReports() throws IOException {
        when(keys.findActiveByHash(ApiKeys.hash(PROCESSOR_KEY))).thenReturn(Optional.of(new ApiKeyStore.ApiKeyRecord(
                UUID.randomUUID(), "processor", "PARTNER", "test", Instant.now(), null)));
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        when(idempotency.claim(anyString(), anyString(), anyString(), any()))
                .thenReturn(new IdempotencyStore.Claim.Acquired());
        // The store keeps the first value remembered under a name, and answers with it.
        when(idempotency.recordValue(anyString(), anyString(), anyString(), anyString()))
                .thenAnswer(invocation -> invocation.getArgument(3));
        FileSystemUtils.deleteRecursively(REPORTS);
        Files.createDirectories(REPORTS);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("wipetrace-reports");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private ResultActions upload() throws Exception {
        final String record = """
                {"deviceId":"DEV-0123456789abcdef","reportId":"RPT-1","reportSha256":"%s","method":"PURGE",
                 "technique":"block erase","standard":"NIST SP 800-88r1","tool":"WipeBox","toolVersion":"4.2",
                 "result":"ERASED","verification":{"mode":"FULL","by":"op"},"startedAt":"2026-03-02T08:00:00Z",
                 "endedAt":"2026-03-02T08:07:00Z","siteId":"SITE-PRC-SZ-01","operator":"op",
                 "consentReference":"CONSENT-1","stationId":"STATION-SZ-ECDSA-01","signature":"c2ln"}"""
                .formatted(sha256(REPORT));
        return mvc.perform(multipart("/api/v1/erasures")
                .file(new MockMultipartFile("record", "", MediaType.APPLICATION_JSON_VALUE,
                        record.getBytes(StandardCharsets.UTF_8)))
                .file(new MockMultipartFile("report", "report.pdf", "application/pdf", REPORT))
                .header("X-Api-Key", PROCESSOR_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    /** @return every regular file under the reports directory, quarantine included */
    private static List<Path> filesUnderReports() throws IOException {
        try (Stream<Path> files = Files.walk(REPORTS)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "REJECTED, ROLE_NOT_HELD, 403",
        "REJECTED, NOT_CUSTODIAN, 403",
        "REJECTED, SIGNATURE_INVALID, 422",
        "UNAVAILABLE, LEDGER_UNAVAILABLE, 503",
        "OUTCOME_UNKNOWN, LEDGER_OUTCOME_UNKNOWN, 504"})
    void leaves_no_file_behind_when_the_ledger_refuses_or_fails_the_erasure(final LedgerException.Kind kind,
            final String code, final int expected) throws Exception {
        when(ledger.submit(any(), any())).thenThrow(kind == LedgerException.Kind.REJECTED
                ? LedgerException.rejected(LedgerError.valueOf(code), code + ": detail", null)
                : new LedgerException(kind, code, code + ": detail", null));

        upload().andExpect(status().is(expected)).andExpect(jsonPath("$.code").value(code));

        assertThat(filesUnderReports()).isEmpty();
        verify(usage, never()).add(anyString(), anyString(), anyLong());
    }

    @Test
    void keeps_the_report_under_its_sha256_once_the_erasure_committed_and_not_before() throws Exception {
        final Path kept = REPORTS.resolve(sha256(REPORT));
        when(ledger.submit(any(), any())).thenAnswer(invocation -> {
            assertThat(kept).doesNotExist();
            assertThat(filesUnderReports()).singleElement()
                    .satisfies(file -> assertThat(file.getParent()).isEqualTo(REPORTS.resolve(".incoming")));
            return new LedgerClient.Committed("tx-1", 7, "{\"deviceId\":\"DEV-0123456789abcdef\"}"
                    .getBytes(StandardCharsets.UTF_8));
        });

        upload().andExpect(status().isCreated()).andExpect(jsonPath("$.report.size").value(REPORT.length));

        assertThat(filesUnderReports()).containsExactly(kept);
        assertThat(kept).hasBinaryContent(REPORT);
        verify(usage).add("processor", sha256(REPORT), REPORT.length);
    }

    @Test
    void refuses_a_report_beyond_the_organisations_quota_before_keeping_it_or_asking_the_ledger() throws Exception {
        when(usage.bytes("processor")).thenReturn(1024L - REPORT.length + 1);

        upload().andExpect(status().isInsufficientStorage())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("REPORT_QUOTA_EXCEEDED"));

        assertThat(filesUnderReports()).isEmpty();
        verify(ledger, never()).submit(any(), any());
    }
}
