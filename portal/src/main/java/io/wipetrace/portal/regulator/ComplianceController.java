package io.wipetrace.portal.regulator;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.web.SignIn;
import io.wipetrace.proof.ledger.Identifiers;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The regulator's compliance page: a recycler's compliance with the national standard on erasing information from
 * electronic products for a period of whole days (Beijing time), requirement by requirement, from the gateway's
 * compliance report; and the same as CSV, or as the gateway's signed PDF in the page's language.
 */
@Controller
@RequestMapping("/regulator")
class ComplianceController {

    /** The requirements, in the report's order; each has words in both languages ({@code clause.<name>}). */
    static final List<String> CLAUSES = List.of("CONSENT_BEFORE_ERASURE", "NO_ACCESS_WITHOUT_CONSENT", "ERASURE_METHOD",
            "VERIFIED_BEFORE_RESALE", "NO_RELEASE_UNERASED");

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final String MSP_ID = Identifiers.MSP_ID;

    private final GatewayClient gateway;

    ComplianceController(final GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** The period asked for, whole days in Beijing time, {@code to} inclusive; this month when not given. */
    record Period(LocalDate from, LocalDate to) {
        static Period of(final String from, final String to) {
            final LocalDate today = LocalDate.now(BEIJING);
            LocalDate start = parse(from, today.withDayOfMonth(1));
            LocalDate end = parse(to, today);
            if (end.isBefore(start)) {
                end = start;
            }
            return new Period(start, end);
        }

        /** The last whole calendar month in Beijing time: a partner's monthly report. */
        static Period lastMonth() {
            final java.time.YearMonth month = java.time.YearMonth.now(BEIJING).minusMonths(1);
            return new Period(month.atDay(1), month.atEndOfMonth());
        }

        /** @return the month as {@code yyyy-MM}, when the period is one whole calendar month */
        public String month() {
            return from.withDayOfMonth(1).equals(from) && to.equals(from.withDayOfMonth(from.lengthOfMonth()))
                    ? java.time.YearMonth.from(from).toString() : null;
        }

        private static LocalDate parse(final String text, final LocalDate otherwise) {
            try {
                return text == null || text.isBlank() ? otherwise : LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                return otherwise;
            }
        }

        String fromInstant() {
            return from.atStartOfDay(BEIJING).toInstant().toString();
        }

        String toInstant() {
            return to.plusDays(1).atStartOfDay(BEIJING).toInstant().toString();
        }
    }

    @GetMapping("/compliance")
    String compliance(@RequestAttribute final SignIn signIn,
            @RequestParam(defaultValue = "ProcessorOrgMSP") final String organisation,
            @RequestParam(required = false) final String from, @RequestParam(required = false) final String to,
            final Model model) {
        final Period period = Period.of(from, to);
        final String recycler = recycler(organisation);
        final Map<String, Object> report = gateway.object(signIn.apiKey(),
                "/api/v1/audit/compliance?organisation={o}&from={f}&to={t}", recycler, period.fromInstant(),
                period.toInstant());
        model.addAttribute("organisation", recycler);
        model.addAttribute("period", period);
        model.addAttribute("report", report);
        return "regulator/compliance";
    }

    @GetMapping("/compliance.csv")
    ResponseEntity<byte[]> complianceCsv(@RequestAttribute final SignIn signIn,
            @RequestParam(defaultValue = "ProcessorOrgMSP") final String organisation,
            @RequestParam(required = false) final String from, @RequestParam(required = false) final String to) {
        final Period period = Period.of(from, to);
        return gateway.bytes(signIn.apiKey(), "/api/v1/audit/compliance.csv?organisation={o}&from={f}&to={t}",
                recycler(organisation), period.fromInstant(), period.toInstant()).asResponse();
    }

    /** The gateway's signed PDF of the report, in the page's language (Chinese unless the page is in English). */
    @GetMapping("/compliance.pdf")
    ResponseEntity<byte[]> compliancePdf(@RequestAttribute final SignIn signIn,
            @RequestParam(defaultValue = "ProcessorOrgMSP") final String organisation,
            @RequestParam(required = false) final String from, @RequestParam(required = false) final String to,
            final Locale locale) {
        final Period period = Period.of(from, to);
        return gateway.bytes(signIn.apiKey(),
                "/api/v1/audit/compliance.pdf?organisation={o}&from={f}&to={t}&lang={l}", recycler(organisation),
                period.fromInstant(), period.toInstant(), "en".equals(locale.getLanguage()) ? "en" : "zh")
                .asResponse();
    }

    private static String recycler(final String organisation) {
        return organisation.strip().matches(MSP_ID) ? organisation.strip() : "ProcessorOrgMSP";
    }
}
