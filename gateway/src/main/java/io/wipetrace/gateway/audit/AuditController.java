package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.projection.DeviceFilter;
import io.wipetrace.gateway.projection.DeviceSummary;
import io.wipetrace.gateway.projection.PartnerFigures;
import io.wipetrace.gateway.shared.Csv;
import io.wipetrace.gateway.shared.Page;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.Identifiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.Headers;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulator's reads: any device's history from the ledger beside the projection's, device search, exceptions
 * (filtered by rule, organisation, site and date), per-partner figures and CSV exports; and the regulator's one
 * write, the acknowledgement of an exception with a note. Nothing here submits to the ledger.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    static final String MAX_PAGE_SIZE = "200";

    private static final List<String> EXCEPTION_CSV_HEADER = List.of("kind", "subject_type", "subject_id",
            "organisation", "site_id", "since", "due_at", "detail", "acknowledged_at", "acknowledged_by",
            "acknowledgement_note");

    private final AuditService service;
    private final AuditQueries queries;

    AuditController(final AuditService service, final AuditQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    @GetMapping("/devices/{deviceId}")
    AuditDeviceView device(@PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) {
        return service.device(deviceId).orElseThrow(() -> AuditProblems.deviceNotFound(deviceId));
    }

    @GetMapping("/devices")
    Page<DeviceSummary> devices(
            @RequestParam(required = false) final DeviceState state,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) final int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) final int size) {
        return queries.devices(filter(state, organisation, site, from, to), page, size);
    }

    @GetMapping(value = "/devices.csv", produces = "text/csv")
    void devicesCsv(
            @RequestParam(required = false) final DeviceState state,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            final HttpServletResponse response) throws IOException {
        final DeviceFilter filter = filter(state, organisation, site, from, to);
        final Csv csv = csv(response, "devices.csv");
        csv.row(DeviceSummary.CSV_HEADER);
        queries.streamDevices(filter, device -> csv.row(device.csvRow()));
        response.getWriter().flush();
    }

    @GetMapping("/exceptions")
    Page<AuditException> exceptions(
            @RequestParam(required = false) final Kind kind,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) final int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) final int size) {
        return queries.exceptions(exceptionFilter(kind, organisation, site, from, to), page, size);
    }

    @GetMapping(value = "/exceptions.csv", produces = "text/csv")
    void exceptionsCsv(
            @RequestParam(required = false) final Kind kind,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            final HttpServletResponse response) throws IOException {
        final ExceptionFilter filter = exceptionFilter(kind, organisation, site, from, to);
        final Csv csv = csv(response, "exceptions.csv");
        csv.row(EXCEPTION_CSV_HEADER);
        queries.streamExceptions(filter, e -> {
            final Acknowledgement last = e.latestAcknowledgement();
            csv.row(Arrays.asList(e.kind(), e.subjectType(), e.subjectId(), e.organisation(), e.siteId(), e.since(),
                    e.dueAt(), e.detail(), last == null ? null : last.at(), last == null ? null : last.actor(),
                    last == null ? null : last.note()));
        });
        response.getWriter().flush();
    }

    /**
     * The body of an acknowledgement.
     *
     * @param note what the regulator found or asked for, 1 to 1,000 characters
     */
    record AcknowledgementRequest(@NotBlank @Size(max = 1000) String note) {}

    @PostMapping("/exceptions/{kind}/{subjectId}/acknowledgements")
    @Operation(summary = "Acknowledge an exception the rules find now, with a note; who (the person's pseudonymous ID"
            + " or the API key's ID) and when are kept as the exception's history. A retry with the same"
            + " Idempotency-Key answers the first acknowledgement (Idempotent-Replayed: true)")
    ResponseEntity<Acknowledgement> acknowledge(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable final Kind kind,
            @PathVariable @Pattern(regexp = Identifiers.ID) final String subjectId,
            @Parameter(required = true) @RequestHeader(Headers.IDEMPOTENCY_KEY) @Size(min = 1, max = 200)
                    final String idempotencyKey,
            @Valid @RequestBody final AcknowledgementRequest request) {
        final AcknowledgementStore.Added added = queries.acknowledge(kind, subjectId, request.note().strip(),
                principal, idempotencyKey);
        return added.replayed()
                ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(added.acknowledgement())
                : ResponseEntity.status(HttpStatus.CREATED).body(added.acknowledgement());
    }

    @GetMapping("/exceptions/{kind}/{subjectId}/acknowledgements")
    @Operation(summary = "An exception's acknowledgements, newest first (kept after the exception is closed)")
    List<Acknowledgement> acknowledgements(@PathVariable final Kind kind,
            @PathVariable @Pattern(regexp = Identifiers.ID) final String subjectId) {
        return queries.acknowledgements(kind, subjectId);
    }

    @GetMapping("/partners")
    List<PartnerFigures> partners() {
        return queries.partners();
    }

    private static ExceptionFilter exceptionFilter(final Kind kind, final String organisation, final String site,
            final Instant from, final Instant to) {
        final DeviceFilter checked = filter(null, organisation, site, from, to);
        return new ExceptionFilter(kind, checked.organisation(), checked.site(), checked.from(), checked.to(), null);
    }

    private static DeviceFilter filter(final DeviceState state, final String organisation, final String site,
            final Instant from, final Instant to) {
        checkStorable("from", from);
        checkStorable("to", to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw AuditProblems.invalidParameter("'from' must be before 'to'");
        }
        for (String text : new String[] {organisation, site}) {
            // PostgreSQL text cannot hold NUL, and no organisation or site name has a control character.
            if (text != null && text.chars().anyMatch(Character::isISOControl)) {
                throw AuditProblems.invalidParameter("'organisation' and 'site' must not contain control characters");
            }
        }
        return new DeviceFilter(state, blankToNull(organisation), blankToNull(site), from, to);
    }

    /** The instants PostgreSQL's {@code timestamptz} holds and ISO-8601 writes without a sign: years 1 to 9999. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static void checkStorable(final String parameter, final Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw AuditProblems.invalidParameter("'" + parameter + "' must lie between " + EARLIEST + " and "
                    + LATEST + " (years 1 to 9999)");
        }
    }

    private static String blankToNull(final String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Csv csv(final HttpServletResponse response, final String fileName) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        final Writer writer = response.getWriter();
        return Csv.withByteOrderMark(writer);
    }
}
