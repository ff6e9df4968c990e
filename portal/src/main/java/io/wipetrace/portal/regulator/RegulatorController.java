package io.wipetrace.portal.regulator;

import io.wipetrace.portal.PortalProperties;
import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.portal.web.Labels;
import io.wipetrace.portal.web.ProblemSentences;
import io.wipetrace.portal.web.SignIn;
import io.wipetrace.proof.ledger.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/** The regulator console's pages, each a read of the gateway's audit API with the regulator's key. */
@Controller
@RequestMapping("/regulator")
class RegulatorController {

    static final List<String> KINDS = List.of("COLLECTED_NOT_RECEIVED", "RECEIVED_NOT_WIPED",
            "HANDOVER_NOT_ACKNOWLEDGED", "LOT_NOT_RECONCILED", "WIPE_FAILED_NOT_DESTROYED", "SEAL_BROKEN",
            "REFURBISHED_WITHOUT_VERIFIED_WIPE", "SEAL_BROKEN_BEFORE_ERASURE", "ERASURE_METHOD_NOT_ACCEPTED",
            "RELEASED_WITHOUT_ERASURE", "DATA_STEP_WITHOUT_CONSENT", "DEVICE_MISSING");

    private final GatewayClient gateway;
    private final Labels labels;
    private final ProblemSentences sentences;
    private final MessageSource messages;
    private final PortalProperties properties;

    RegulatorController(final GatewayClient gateway, final Labels labels, final ProblemSentences sentences,
            final MessageSource messages, final PortalProperties properties) {
        this.gateway = gateway;
        this.labels = labels;
        this.sentences = sentences;
        this.messages = messages;
        this.properties = properties;
    }

    @GetMapping
    @SuppressWarnings("unchecked")
    String dashboard(@RequestAttribute final SignIn signIn, @RequestParam(defaultValue = "14") final int days,
            final Model model) {
        final int window = Math.min(Math.max(days, 1), 90);
        final Map<String, Object> statistics = gateway.object(signIn.apiKey(), "/api/v1/audit/statistics?days={d}",
                window);
        final Map<String, Number> byState = (Map<String, Number>) statistics.get("devicesByState");
        model.addAttribute("byState", BarChart.of(byState.keySet().stream().map(s -> labels.of("state.", s)).toList(),
                List.of(byState.values().stream().map(Number::longValue).toList()), 640, 220));
        final List<Map<String, Object>> flow = (List<Map<String, Object>>) statistics.get("flowPerDay");
        model.addAttribute("flow", BarChart.of(flow.stream().map(d -> d.get("day").toString().substring(5)).toList(),
                List.of(series(flow, "collected"), series(flow, "wiped"), series(flow, "storageDestroyed")), 640, 220));
        final List<Number> buckets = (List<Number>) statistics.get("timeToDestruction");
        final List<Number> hours = (List<Number>) statistics.get("bucketHours");
        final List<String> bucketLabels = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            bucketLabels.add(i < hours.size() ? "< " + hours.get(i).intValue() / 24 + "d"
                    : "≥ " + hours.get(hours.size() - 1).intValue() / 24 + "d");
        }
        model.addAttribute("destruction", BarChart.of(bucketLabels,
                List.of(buckets.stream().map(Number::longValue).toList()), 640, 220));
        model.addAttribute("days", window);
        model.addAttribute("partners", gateway.list(signIn.apiKey(), "/api/v1/audit/partners"));
        // Each partner's signed compliance report for the last whole month, linked from its row.
        model.addAttribute("lastMonth", ComplianceController.Period.lastMonth());
        model.addAttribute("exceptions", gateway.object(signIn.apiKey(), "/api/v1/audit/exceptions?size=1"));
        return "regulator/dashboard";
    }

    private static List<Long> series(final List<Map<String, Object>> flow, final String name) {
        return flow.stream().map(day -> ((Number) day.get(name)).longValue()).toList();
    }

    @GetMapping("/exceptions")
    String exceptions(@RequestAttribute final SignIn signIn, @RequestParam(required = false) final String kind,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site,
            @RequestParam(required = false) final String from, @RequestParam(required = false) final String to,
            @RequestParam(defaultValue = "0") final int page, final Model model) {
        final ExceptionFilters filters = ExceptionFilters.of(kind, organisation, site, from, to,
                properties.timeZone());
        final UriComponentsBuilder uri = filters.apply(UriComponentsBuilder.fromPath("/api/v1/audit/exceptions"))
                .queryParam("page", Math.max(page, 0)).queryParam("size", 50);
        model.addAttribute("filters", filters);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("organisations", gateway.list(signIn.apiKey(), "/api/v1/audit/partners").stream()
                .map(partner -> partner.get("mspId")).toList());
        model.addAttribute("exceptions", gateway.object(signIn.apiKey(), uri.build().toUriString()));
        // One key per page view and row: a form sent twice (a double click, a retry) acknowledges once.
        model.addAttribute("pageKey", UUID.randomUUID().toString());
        return "regulator/exceptions";
    }

    /** Acknowledges an exception with a note, then shows the same list again, the exception marked acknowledged. */
    @PostMapping("/exceptions/acknowledge")
    String acknowledge(@RequestAttribute final SignIn signIn, @RequestParam final String kind,
            @RequestParam final String subject, @RequestParam(defaultValue = "") final String note,
            @RequestParam final String idempotencyKey, @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site, @RequestParam(required = false) final String from,
            @RequestParam(required = false) final String to, @RequestParam(required = false) final String filterKind,
            final Locale locale, final RedirectAttributes redirect) {
        if (!KINDS.contains(kind) || !subject.matches(Identifiers.ID)) {
            return "redirect:/regulator/exceptions";
        }
        try {
            gateway.post(signIn.apiKey(), idempotencyKey, "/api/v1/audit/exceptions/{kind}/{subject}/acknowledgements",
                    Map.of("note", note.strip()), kind, subject);
            redirect.addFlashAttribute("done", messages.getMessage("regulator.ack.done",
                    new Object[] {labels.of("kind.", kind), subject}, locale));
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("error", sentences.of(problem, locale, "acknowledgement"));
            redirect.addFlashAttribute("failedSubject", subject);
            redirect.addFlashAttribute("typedNote", note);
        }
        final ExceptionFilters back = ExceptionFilters.of(filterKind, organisation, site, from, to,
                properties.timeZone());
        return "redirect:" + back.query(UriComponentsBuilder.fromPath("/regulator/exceptions")).build().encode()
                .toUriString() + "#exception-" + subject;
    }

    @GetMapping("/devices/{deviceId:" + Identifiers.DEVICE_ID + "}")
    String device(@RequestAttribute final SignIn signIn, @PathVariable final String deviceId, final Model model) {
        final Map<String, Object> view = gateway.object(signIn.apiKey(), "/api/v1/audit/devices/{id}", deviceId);
        model.addAttribute("view", view);
        final Object projection = view.get("projection");
        model.addAttribute("summary", projection instanceof Map<?, ?> p ? p.get("device") : null);
        return "regulator/device";
    }

    /** The device's destruction certificate, as the gateway signs it (a problem when none was issued yet). */
    @GetMapping("/devices/{deviceId:" + Identifiers.DEVICE_ID + "}/certificate.pdf")
    ResponseEntity<byte[]> certificate(@RequestAttribute final SignIn signIn, @PathVariable final String deviceId) {
        return gateway.bytes(signIn.apiKey(), "/api/v1/audit/devices/{id}/certificate.pdf", deviceId).asResponse();
    }

    /** The device's proof bundle, which anyone can check without trusting the alliance (docs/proof-bundle.md). */
    @GetMapping("/devices/{deviceId:" + Identifiers.DEVICE_ID + "}/proof-bundle")
    ResponseEntity<byte[]> proofBundle(@RequestAttribute final SignIn signIn, @PathVariable final String deviceId) {
        final GatewayClient.Download bundle =
                gateway.bytes(signIn.apiKey(), "/api/v1/audit/devices/{id}/proof-bundle", deviceId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"wipetrace-proof-bundle-" + deviceId
                        + ".json\"")
                .body(bundle.body());
    }

    @GetMapping("/search")
    String search(@RequestAttribute final SignIn signIn, @RequestParam(required = false) final String q,
            final Model model) {
        model.addAttribute("q", q);
        if (q == null || q.isBlank()) {
            return "regulator/search";
        }
        final Map<String, Object> found = gateway.object(signIn.apiKey(), "/api/v1/audit/search?q={q}", q.strip());
        final List<?> devices = (List<?>) found.get("devices");
        if (devices.size() == 1 && q.strip().equals(((Map<?, ?>) devices.get(0)).get("deviceId"))) {
            return "redirect:/regulator/devices/" + q.strip();
        }
        model.addAttribute("found", found);
        return "regulator/search";
    }

    @GetMapping("/integrity")
    String integrity(@RequestAttribute final SignIn signIn, final Model model) {
        model.addAttribute("report", gateway.object(signIn.apiKey(), "/api/v1/audit/integrity"));
        return "regulator/integrity";
    }

    @GetMapping("/{file:exceptions|devices}.csv")
    ResponseEntity<byte[]> csv(@RequestAttribute final SignIn signIn, @PathVariable final String file,
            @RequestParam(required = false) final String kind, @RequestParam(required = false) final String state,
            @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String site, @RequestParam(required = false) final String from,
            @RequestParam(required = false) final String to) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/api/v1/audit/" + file + ".csv");
        if ("exceptions".equals(file)) {
            uri = ExceptionFilters.of(kind, organisation, site, from, to, properties.timeZone()).apply(uri);
        }
        if ("devices".equals(file) && state != null && state.matches("[A-Z_]{3,32}")) {
            uri.queryParam("state", state);
        }
        return gateway.bytes(signIn.apiKey(), uri.build().toUriString()).asResponse();
    }
}
