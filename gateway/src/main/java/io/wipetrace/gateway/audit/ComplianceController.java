package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.wipetrace.gateway.certificate.SignedPdfs;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.gateway.projection.RegistryReads;
import io.wipetrace.gateway.shared.Csv;
import io.wipetrace.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulator's clause-by-clause report of a recycler's compliance with the national standard on erasing
 * information from electronic products, for a period: JSON, CSV (UTF-8 with a byte order mark so spreadsheet
 * programs read the Chinese right; cells that would start a formula are quoted with a leading apostrophe), or a PDF in
 * Chinese or English signed with the regulator's Fabric identity ({@link ComplianceReportPdf}); all three are written
 * from one {@link ComplianceReports.Report}.
 */
@RestController
@Validated
@RequestMapping("/api/v1/audit")
class ComplianceController {

    private final ComplianceReports reports;
    private final RegistryReads registry;
    private final ObjectMapper json;
    private final SignedPdfs pdfs;
    private final String signer;
    private final Clock clock;

    ComplianceController(final EventReads events, final RegistryReads registry, final ObjectMapper json,
            final SignedPdfs pdfs, final AuditProperties audit, final FabricProperties fabric) {
        this.reports = new ComplianceReports(events, json);
        this.registry = registry;
        this.json = json;
        this.pdfs = pdfs;
        // The report is the regulator's: signed with the auditing identity; without it, the PDF answers 503.
        final FabricProperties.Identity identity = fabric.identities().get(audit.organisation());
        this.signer = identity == null ? null : identity.mspId();
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/compliance")
    @Operation(summary = "Compliance report of a recycler for a period, requirement by requirement",
            description = "For each requirement of the national erasure standard: how many devices it applied to, how"
                    + " many satisfied it, and every device that did not, with the ledger transactions that prove it."
                    + " A device counts when the organisation wrote an event on it in [from, to).")
    ComplianceReports.Report report(
            @RequestParam @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") final String organisation,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to) {
        return reports.report(organisation, checked(from, to, "from"), to);
    }

    @GetMapping(value = "/compliance.csv", produces = "text/csv")
    @Operation(summary = "The compliance report as CSV",
            description = "One line per requirement with its counts, then one per device not satisfying it.")
    void reportCsv(
            @RequestParam @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") final String organisation,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            final HttpServletResponse response) throws IOException {
        final ComplianceReports.Report report = reports.report(organisation, checked(from, to, "from"), to);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"compliance.csv\"");
        final Csv csv = Csv.withByteOrderMark(response.getWriter());
        csv.row(ComplianceReports.CSV_HEADER);
        ComplianceReports.csvRows(report).forEach(csv::row);
    }

    @GetMapping(value = "/compliance.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The compliance report as a signed PDF, in Chinese or English",
            description = "The same report as the JSON answer, every word in the chosen language (times in Beijing"
                    + " time for zh, UTC for en): the recycler's registered name, the period, each requirement with its"
                    + " counts, every device not satisfying it with its proving transactions, and the SHA-256 of the"
                    + " report's canonical JSON form (also in the document information, key"
                    + " WipeTraceComplianceReportSha256). Signed (PAdES) with the regulator's Fabric identity, as"
                    + " certificates are; 503 CERTIFICATE_FONT_MISSING or CERTIFICATE_ISSUER_UNAVAILABLE when this"
                    + " gateway cannot draw or sign it.")
    ResponseEntity<byte[]> reportPdf(
            @RequestParam @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") final String organisation,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) final Instant to,
            @RequestParam(defaultValue = "zh") @Pattern(regexp = "zh|en") final String lang) throws IOException {
        final ComplianceReports.Report report = reports.report(organisation, checked(from, to, "from"), to);
        if (signer == null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CERTIFICATE_ISSUER_UNAVAILABLE", "This gateway"
                    + " holds no auditing identity (wipetrace.audit.organisation) to sign the report with.");
        }
        final ComplianceReportPdf.Language language = ComplianceReportPdf.Language.of(lang);
        final ComplianceReportPdf.Issue issue = new ComplianceReportPdf.Issue(report, registry.organisationName(organisation), signer,
                registry.organisationName(signer), clock.instant(), ComplianceReportPdf.sha256(report, json));
        final byte[] pdf = pdfs.issue(signer, ComplianceReportPdf.REASON, issue.issuedAt(),
                w -> ComplianceReportPdf.draw(w, issue, language), info -> ComplianceReportPdf.info(info, issue,
                        language));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"compliance-" + organisation + "-"
                        + lang + ".pdf\"")
                .body(pdf);
    }

    private static Instant checked(final Instant from, final Instant to, final String name) {
        for (final Instant value : new Instant[] {from, to}) {
            if (value.isBefore(AuditController.EARLIEST) || value.isAfter(AuditController.LATEST)) {
                throw AuditProblems.invalidParameter("'from' and 'to' must lie between " + AuditController.EARLIEST
                        + " and " + AuditController.LATEST);
            }
        }
        if (!from.isBefore(to)) {
            throw AuditProblems.invalidParameter("'" + name + "' must be before 'to'");
        }
        return from;
    }
}
