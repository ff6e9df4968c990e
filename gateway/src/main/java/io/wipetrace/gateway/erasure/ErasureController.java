package io.wipetrace.gateway.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.device.DeviceView;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

/**
 * Erasures: a wiping station's signed record and its report file. The gateway hashes the file (SHA-256 and SM3),
 * refuses the request when the record names another hash or the caller's organisation has no room left for it
 * ({@code wipetrace.reports.quota-per-organisation}), holds the file in quarantine while it submits
 * {@code RecordErasure} (the chaincode checks role, custody and the station's signature), and keeps it under its
 * SHA-256 only once the transaction committed; a refused or failed request leaves no file.
 */
@RestController
@RequestMapping("/api/v1/erasures")
@Tag(name = "Erasures")
class ErasureController {

    static final String ID = Identifiers.ID;
    static final String HASH = Identifiers.HEX_256;

    private final DeviceWrites device;
    private final IdempotentWrites writes;
    private final ReportStore reports;
    private final ReportUsage usage;
    private final DataSize quota;

    ErasureController(final DeviceWrites device, final IdempotentWrites writes,
            final ReportStore reports, final ReportUsage usage,
            @Value("${wipetrace.reports.quota-per-organisation:10GB}") final DataSize quota) {
        this.device = device;
        this.writes = writes;
        this.reports = reports;
        this.usage = usage;
        this.quota = quota;
    }

    record Verification(@NotNull @Pattern(regexp = "FULL|SAMPLED") String mode, @NotBlank @Pattern(regexp = ID) String by) {}

    /**
     * The erasure record exactly as the station signed it (the signature covers every other member, canonically). It
     * reaches public proof bundles as it is, so it holds no free text: people, the consent and a failed result's reason
     * are identifiers, the technique, standard and tool labels ({@link Identifiers#LABEL}).
     */
    record ErasureRecord(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ID) String reportId,
            @NotBlank @Pattern(regexp = HASH) String reportSha256,
            @Pattern(regexp = HASH) String reportSm3,
            @NotNull @Pattern(regexp = "OVERWRITE|BLOCK_ERASE|CLEAR|PURGE|DESTRUCT") String method,
            @NotBlank @Pattern(regexp = Identifiers.LABEL) String technique,
            @NotBlank @Pattern(regexp = Identifiers.LABEL) String standard,
            @NotBlank @Pattern(regexp = Identifiers.LABEL) String tool,
            @NotBlank @Pattern(regexp = Identifiers.LABEL) String toolVersion,
            @NotNull @Pattern(regexp = "ERASED|ERASED_WITH_EXCEPTIONS|NOT_ERASED") String result,
            @Pattern(regexp = ID) String resultReason,
            @NotNull @Valid Verification verification,
            @NotBlank String startedAt,
            @NotBlank String endedAt,
            @NotBlank @Pattern(regexp = ID) String siteId,
            @NotBlank @Pattern(regexp = ID) String operator,
            @Pattern(regexp = ID) String witness,
            @NotBlank @Pattern(regexp = ID) String consentReference,
            @NotBlank @Pattern(regexp = ID) String stationId,
            @NotBlank @Size(max = 1024) String signature) {}

    record Report(String sha256, String sm3, long size) {}

    record ErasureResponse(DeviceView device, Report report, LedgerReference ledger) {}

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Record an erasure with its report file",
            description = "Part `record`: the station-signed erasure record (application/json). Part `report`: the"
                    + " report file. 422 REPORT_HASH_MISMATCH when the file's SHA-256 (or SM3, if given) differs"
                    + " from the record's; 507 REPORT_QUOTA_EXCEEDED when the organisation's reports would outgrow its"
                    + " quota. The file is kept only if the erasure commits.")
    ResponseEntity<ErasureResponse> record(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestPart("record") final ErasureRecord record,
            @RequestPart("report") final MultipartFile report) {
        if (report.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REPORT_EMPTY", "the report file is empty");
        }
        final ReportStore.Digests digests;
        try (InputStream in = report.getInputStream()) {
            digests = ReportStore.digest(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!digests.sha256().equals(record.reportSha256())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "REPORT_HASH_MISMATCH", "the report file's"
                    + " SHA-256 is " + digests.sha256() + ", the record says " + record.reportSha256());
        }
        if (record.reportSm3() != null && !digests.sm3().equals(record.reportSm3())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "REPORT_HASH_MISMATCH", "the report file's"
                    + " SM3 is " + digests.sm3() + ", the record says " + record.reportSm3());
        }
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/erasures",
                Map.of("record", record, "reportSha256", digests.sha256()), HttpStatus.CREATED,
                ErasureResponse.class, context -> {
                    requireRoom(principal.organisation(), digests.size());
                    try (InputStream in = report.getInputStream();
                            ReportStore.Incoming upload = reports.receive(digests, in)) {
                        final DeviceWrites.Written<DeviceView> erased = device.submit(principal.organisation(),
                                context.journal("erasure"), "RecordErasure", record, DeviceView.class);
                        upload.keep();
                        usage.add(principal.organisation(), digests.sha256(), digests.size());
                        return new ErasureResponse(erased.result(),
                                new Report(digests.sha256(), digests.sm3(), digests.size()), erased.ledger());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** 507 REPORT_QUOTA_EXCEEDED unless the organisation's stored reports and this one fit its quota. */
    private void requireRoom(final String organisation, final long size) {
        final long used = usage.bytes(organisation);
        if (used + size > quota.toBytes()) {
            throw new ApiException(HttpStatus.INSUFFICIENT_STORAGE, "REPORT_QUOTA_EXCEEDED", "this organisation's"
                    + " reports take " + used + " of its " + quota.toBytes() + " bytes; a report of " + size
                    + " bytes does not fit");
        }
    }
}
