package io.wipetrace.gateway.bulk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.shared.Csv;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.bulk.ImportStore.ResultRow;
import io.wipetrace.gateway.bulk.ImportViews.JobView;
import io.wipetrace.gateway.bulk.ImportViews.Paged;
import io.wipetrace.gateway.bulk.ImportViews.ResultView;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Bulk imports: {@code POST /api/v1/imports?kind=collections} with a CSV or JSON-lines file (as the body or as the
 * multipart part {@code file}) answers 202 with the job once every row is validated and stored; the job, its row
 * errors, its progress (polling or server-sent events) and each row's device ID and receipt code are read below.
 */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Bulk imports", description = "CSV or JSON-lines files of collections, written to the ledger in batches")
class ImportController {

    /** What the results say about receipt codes. */
    private static final String RECEIPT_CODES = "The receipt code (and its verify URL) only for the importing"
            + " organisation when it sends the Idempotency-Key it sent the import with: the codes are stored sealed"
            + " under a key derived from it, never in clear, and deleted at the job's receiptCodesUntil"
            + " (wipetrace.imports.receipt-retention after it finished). Without the key, or with another, receiptCode"
            + " is absent. The ledger keeps only the code's hash.";

    private static final String FILE_DESCRIPTION = """
            CSV (RFC 4180, UTF-8 with or without a byte order mark, or GBK/GB18030 as spreadsheet programs on Chinese
            Windows save it; GET /api/v1/imports/template.csv gives the header row; a header row naming the columns make, model, storageGb, channel, siteId,
            consentReference, consentScope, consentMethod, consentImpact, bagId (optional), sealId (optional), locked)
            or JSON lines (one object per line, as the body of POST /api/v1/collections without personal data).""";

    private static final String IMPORT_SUMMARY = "Import a CSV or JSON-lines file of collections";
    private static final String IMPORT_DESCRIPTION = """
            The file is the request body (text/csv or application/x-ndjson) or the multipart part `file` (its format
            from the part's Content-Type or its name: .csv, .jsonl, .ndjson). Every row is validated and the job
            stored before the answer, 202 with the job (Location: the job); a worker then writes the valid rows to
            the ledger in batches. The same Idempotency-Key with the same file returns the same job
            (Idempotent-Replayed: true), never a second one; with another file 409 IDEMPOTENCY_KEY_REUSED. Only an
            organisation holding the kind's role may import (collections: COLLECTOR), else 403 ROLE_NOT_HELD.""";

    private final ImportService service;
    private final ImportStore store;
    private final ImportEvents events;
    private final ImportProperties properties;
    private final String portalBaseUrl;

    ImportController(final ImportService service, final ImportStore store, final ImportEvents events,
            final ImportProperties properties,
            @Value("${wipetrace.portal.base-url:http://127.0.0.1:8080}") final String portalBaseUrl) {
        this.service = service;
        this.store = store;
        this.events = events;
        this.properties = properties;
        this.portalBaseUrl = portalBaseUrl.endsWith("/")
                ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
    }

    @PostMapping(consumes = {ImportFormat.CSV_TYPE, ImportFormat.NDJSON_TYPE, ImportFormat.JSONL_TYPE})
    @Operation(summary = IMPORT_SUMMARY, description = IMPORT_DESCRIPTION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = FILE_DESCRIPTION, content = {
                        @Content(mediaType = ImportFormat.CSV_TYPE, schema = @Schema(type = "string")),
                        @Content(mediaType = ImportFormat.NDJSON_TYPE, schema = @Schema(type = "string"))}),
            responses = {
                @ApiResponse(responseCode = "202", description = "The job, created or (same key, same file) found"),
                @ApiResponse(responseCode = "413", description = "IMPORT_TOO_LARGE, IMPORT_TOO_MANY_ROWS",
                        content = @Content(mediaType = "application/problem+json",
                                schema = @Schema(ref = "#/components/schemas/Problem"))),
                @ApiResponse(responseCode = "415", description = "MEDIA_TYPE_UNSUPPORTED",
                        content = @Content(mediaType = "application/problem+json",
                                schema = @Schema(ref = "#/components/schemas/Problem"))),
                @ApiResponse(responseCode = "422", description = "IMPORT_EMPTY, IMPORT_HEADER_INVALID,"
                        + " IMPORT_CSV_MALFORMED, IMPORT_ENCODING_INVALID",
                        content = @Content(mediaType = "application/problem+json",
                                schema = @Schema(ref = "#/components/schemas/Problem")))})
    ResponseEntity<JobView> importBody(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Parameter(description = "what the file holds: collections", required = true)
            @RequestParam(required = false) final String kind,
            final HttpServletRequest request) throws IOException {
        final ImportFormat format = ImportFormat.ofMediaType(request.getContentType()).orElseThrow();
        if (request.getContentLengthLong() > properties.maxBytes().toBytes()) {
            throw tooLarge();
        }
        final byte[] bytes;
        try (InputStream body = request.getInputStream()) {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.maxBytes().toBytes() + 1));
        }
        return accepted(principal, kind, format, null, bytes, idempotencyKey);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = IMPORT_SUMMARY, description = IMPORT_DESCRIPTION)
    ResponseEntity<JobView> importUpload(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Parameter(description = "what the file holds: collections", required = true)
            @RequestParam(required = false) final String kind,
            @Parameter(description = FILE_DESCRIPTION) @RequestPart("file") final MultipartFile file)
            throws IOException {
        final ImportFormat format = ImportFormat.ofMediaType(file.getContentType())
                .or(() -> ImportFormat.ofFileName(file.getOriginalFilename()))
                .orElseThrow(() -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "MEDIA_TYPE_UNSUPPORTED",
                        "the part 'file' must be text/csv or application/x-ndjson (or named .csv, .jsonl, .ndjson)"));
        if (file.getSize() > properties.maxBytes().toBytes()) {
            throw tooLarge();
        }
        return accepted(principal, kind, format, file.getOriginalFilename(), file.getBytes(), idempotencyKey);
    }

    private ResponseEntity<JobView> accepted(final ApiPrincipal principal, final String kind,
            final ImportFormat format, final String fileName, final byte[] bytes, final String idempotencyKey) {
        if (bytes.length > properties.maxBytes().toBytes()) {
            throw tooLarge();
        }
        final ImportService.Accepted accepted = service.create(principal, kind, format, fileName, bytes,
                idempotencyKey);
        final ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/imports/" + accepted.job().id()));
        if (accepted.replayed()) {
            response.header(IdempotentWrites.REPLAYED_HEADER, "true");
        }
        return response.body(view(accepted.job()));
    }

    @GetMapping
    @Operation(summary = "The caller's organisation's import jobs, newest first",
            description = "Each job as `GET /api/v1/imports/{id}` answers it, with its state, counts and links.")
    Paged<JobView> jobs(@AuthenticationPrincipal final ApiPrincipal principal,
            @RequestParam(defaultValue = "0") final int page, @RequestParam(defaultValue = "20") final int size) {
        checkPage(page, size);
        return Paged.of(store.jobsOf(principal.organisation(), page, size).stream().map(this::view).toList(), page,
                size, store.jobCount(principal.organisation()));
    }

    @GetMapping(value = "/template.csv", produces = "text/csv")
    @Operation(summary = "An empty import file to fill in: the CSV header row of a kind",
            description = "UTF-8 with a byte order mark, so that a spreadsheet program opens and saves it as it"
                    + " should; files saved back as UTF-8 (with or without the mark) or as GBK/GB18030 are accepted.")
    void template(@Parameter(description = "what the file holds: collections")
            @RequestParam(defaultValue = "collections") final String kind, final HttpServletResponse response)
            throws IOException {
        ImportService.Kind.of(kind);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + kind + "-template.csv\"");
        final Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        Csv.withByteOrderMark(writer).row(CollectionRows.SCHEMA.fields().stream().map(RowSchema.Field::column).toList());
        writer.flush();
    }

    @GetMapping("/{id}")
    @Operation(summary = "An import job: state, percent, rows total/done/failed/pending, times",
            description = "Visible to the importing organisation and to regulators; 404 IMPORT_NOT_FOUND otherwise.")
    JobView job(@AuthenticationPrincipal final ApiPrincipal principal, @PathVariable final UUID id) {
        return view(service.visible(principal, id));
    }

    @GetMapping("/{id}/errors")
    @Operation(summary = "Why rows failed, by row",
            description = "Each error names the row (from 1, the CSV header not counted), the file line it starts"
                    + " on, the field (CSV column or JSON member) and a stable code: ROW_MALFORMED, COLUMN_COUNT,"
                    + " FIELD_UNKNOWN, FIELD_WRONG_TYPE, FIELD_REQUIRED, FIELD_TOO_LONG, FIELD_INVALID,"
                    + " FIELD_OUT_OF_RANGE, PERSONAL_DATA_UNSUPPORTED, SITE_NOT_FOUND, SITE_NOT_OWNED, or the"
                    + " ledger's code for rows it refused (DEVICE_EXISTS, RECEIPT_EXISTS, INVALID_ARGUMENT, …).")
    Paged<RowError> errors(@AuthenticationPrincipal final ApiPrincipal principal, @PathVariable final UUID id,
            @RequestParam(defaultValue = "0") final int page, @RequestParam(defaultValue = "100") final int size) {
        final Job job = service.visible(principal, id);
        checkPage(page, size);
        return Paged.of(store.errors(job.id(), page, size), page, size, store.errorCount(job.id()));
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Progress as server-sent events",
            description = "A `progress` event with the job at once and at every change, then a `completed` event"
                    + " when every row has settled; the stream then ends. Event IDs count the settled rows.")
    SseEmitter events(@AuthenticationPrincipal final ApiPrincipal principal, @PathVariable final UUID id) {
        final Job job = service.visible(principal, id);
        return events.stream(() -> store.find(job.id()).map(this::view));
    }

    @GetMapping("/{id}/results")
    @Operation(summary = "Each row's device ID, receipt code and ledger transaction",
            description = RECEIPT_CODES)
    Paged<ResultView> results(@AuthenticationPrincipal final ApiPrincipal principal, @PathVariable final UUID id,
            @Parameter(description = "The Idempotency-Key the import was sent with: opens the receipt codes")
            @RequestHeader(value = IdempotentWrites.HEADER, required = false) final String idempotencyKey,
            @RequestParam(defaultValue = "0") final int page, @RequestParam(defaultValue = "100") final int size) {
        final Job job = service.visible(principal, id);
        checkPage(page, size);
        final UnaryOperator<ResultRow> opener = ImportService.receiptOpener(principal, job, idempotencyKey);
        return Paged.of(store.results(job.id(), page, size).stream()
                .map(row -> ImportViews.result(opener.apply(row), portalBaseUrl)).toList(), page, size,
                job.rowsTotal());
    }

    @GetMapping(value = "/{id}/results.csv", produces = "text/csv")
    @Operation(summary = "The results as CSV (RFC 4180), every row, streamed", description = RECEIPT_CODES)
    void resultsCsv(@AuthenticationPrincipal final ApiPrincipal principal, @PathVariable final UUID id,
            @Parameter(description = "The Idempotency-Key the import was sent with: opens the receipt codes")
            @RequestHeader(value = IdempotentWrites.HEADER, required = false) final String idempotencyKey,
            final HttpServletResponse response) throws IOException {
        final Job job = service.visible(principal, id);
        final UnaryOperator<ResultRow> opener = ImportService.receiptOpener(principal, job, idempotencyKey);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-" + id + "-results.csv\"");
        final Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        final Csv csv = Csv.withByteOrderMark(writer);
        csv.row(ResultView.CSV_HEADER);
        store.streamResults(job.id(), row -> csv.row(ImportViews.result(opener.apply(row), portalBaseUrl).csvRow()));
        writer.flush();
    }

    private JobView view(final Job job) {
        return ImportViews.job(job, properties.receiptRetention());
    }

    private static void checkPage(final int page, final int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                    "page must be 0 or more and size 1 to 1000");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "IMPORT_TOO_LARGE",
                "the file is larger than " + properties.maxBytes().toMegabytes() + " MB; split it into several imports");
    }
}
