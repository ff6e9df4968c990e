package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.gateway.shared.Csv;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulator's clause-by-clause report of a recycler's compliance with the national standard on erasing
 * information from electronic products, for a period: JSON, or CSV (UTF-8 with a byte order mark so spreadsheet
 * programs read the Chinese right; cells that would start a formula are quoted with a leading apostrophe).
 */
@RestController
@Validated
@RequestMapping("/api/v1/audit")
class ComplianceController {

    private final ComplianceReports reports;

    ComplianceController(final EventReads events, final ObjectMapper json) {
        this.reports = new ComplianceReports(events, json);
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
        final Writer writer = response.getWriter();
        writer.write('\uFEFF');
        final Csv csv = new Csv(writer);
        csv.row(ComplianceReports.CSV_HEADER);
        ComplianceReports.csvRows(report).forEach(csv::row);
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
