package io.wipetrace.portal.partner;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.portal.partner.WriteForm.Field;
import io.wipetrace.portal.web.ProblemSentences;
import io.wipetrace.portal.web.SignIn;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/** The partner console's pages; every read and write is a gateway call with the signed-in organisation's key. */
@Controller
@RequestMapping("/partner")
class PartnerController {

    private static final String SITE = Identifiers.ID;

    static final Map<String, WriteForm> FORMS = List.of(
            new WriteForm("collections", "/api/v1/collections", List.of(
                    Field.text("make", true), Field.text("model", true), Field.number("storageGb"),
                    Field.select("channel", "STORE", "HOME_PICKUP", "MAIL_BAG"), siteId(), Field.text("bagId", false),
                    Field.text("sealId", false), Field.checkbox("locked"), Field.text("consent.reference", true),
                    Field.text("consent.scope", true), Field.text("consent.method", true),
                    Field.text("consent.impact", true), Field.text("personal.imei", false),
                    Field.text("personal.serial", false), Field.text("personal.contact", false))),
            new WriteForm("dismantlings", "/api/v1/dismantlings", List.of(
                    Field.text("deviceId", true), Field.hash("storageComponentCommitment"), siteId())),
            new WriteForm("storage-destructions", "/api/v1/storage-destructions", List.of(
                    Field.text("deviceId", true), Field.select("method", "SHRED", "DEGAUSS", "CRUSH"), siteId(),
                    Field.hash("evidenceSha256"))),
            new WriteForm("lots", "/api/v1/lots", List.of(
                    Field.text("lotId", true), Field.list("deviceIds"), Field.number("inputCount"),
                    Field.number("inputWeightGrams"), Field.number("outputWeightGrams"), siteId())),
            // Devices by ID, or a whole bag; to an organisation and site of the registry.
            new WriteForm("handovers", "/api/v1/handovers", List.of(
                    new Field("deviceIds", WriteForm.Kind.LIST, false, null, List.of()), Field.text("bagId", false),
                    Field.select("toMspId"), Field.select("toSiteId"), Field.text("waybill", false),
                    Field.text("sealId", false), Field.text("containerId", false))),
            // A wiped device leaving for refurbishment; the channel is free text (RESALE, DONATION...).
            new WriteForm("refurbishments", "/api/v1/refurbishments", List.of(
                    Field.text("deviceId", true), siteId(), Field.text("channel", true))),
            // The owner's consent to erasure, recorded after a collection that carried none; before any erasure.
            new WriteForm("consents", "/api/v1/consents", List.of(
                    Field.text("deviceId", true), siteId(), Field.text("reference", true), Field.text("scope", true),
                    Field.text("method", true), Field.text("impact", true))),
            // A device not wiped yet, handed back to its owner; the reason is a code (CONSENT_REFUSED...).
            new WriteForm("returns", "/api/v1/returns", List.of(
                    Field.text("deviceId", true), siteId(), Field.text("reason", true))),
            // A new event naming the event it corrects, by its writer; the original stays. The device is optional:
            // named, the ledger looks for the event among that device's events at once; left out, the gateway finds
            // the device from its read model.
            new WriteForm("corrections", "/api/v1/corrections", List.of(
                    Field.text("deviceId", false), Field.text("eventId", true), Field.text("reason", true),
                    Field.json("correction"))),
            // The collector's purge of a device's personal data: the device is named in the path, there is no body.
            new WriteForm("purges", "/api/v1/devices/{deviceId}/personal-data/purge", List.of(
                    Field.text("deviceId", true))))
            .stream().collect(Collectors.toMap(WriteForm::slug, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    private final GatewayClient gateway;
    private final ProblemSentences sentences;
    private final MessageSource messages;

    PartnerController(final GatewayClient gateway, final ProblemSentences sentences, final MessageSource messages) {
        this.gateway = gateway;
        this.sentences = sentences;
        this.messages = messages;
    }

    private static Field siteId() {
        return new Field("siteId", WriteForm.Kind.TEXT, true, SITE, List.of());
    }

    @GetMapping
    String console(@RequestAttribute final SignIn signIn, @RequestParam(required = false) final String state,
            @RequestParam(required = false) final String q, @RequestParam(defaultValue = "0") final int page,
            final Model model) {
        final UriComponentsBuilder devices = UriComponentsBuilder.fromPath("/api/v1/custody/devices")
                .queryParam("page", Math.max(page, 0)).queryParam("size", 20);
        if (state != null && !state.isBlank()) {
            devices.queryParam("state", state);
        }
        if (q != null && !q.isBlank()) {
            devices.queryParam("q", q.strip());
        }
        model.addAttribute("state", state);
        model.addAttribute("q", q);
        // One idempotency key per handover form of this page, so that resubmitting a form never writes twice.
        model.addAttribute("pageKey", UUID.randomUUID().toString());
        model.addAttribute("incoming", gateway.list(signIn.apiKey(), "/api/v1/custody/handovers/incoming"));
        model.addAttribute("devices", gateway.object(signIn.apiKey(), devices.build().encode().toUriString()));
        model.addAttribute("states", List.of("COLLECTED", "IN_TRANSIT", "RECEIVED", "WIPED", "WIPE_FAILED",
                "DISMANTLED", "STORAGE_DESTROYED", "SMELTED", "REFURBISHED", "MISSING", "RETURNED"));
        return "partner/console";
    }

    /**
     * Accepts a handover, all of it or the devices ticked as arrived: the form lists every device offered ({@code
     * offered}) ticked ({@code arrived}); the unticked ones are sent as missing. The page after it names the devices
     * the ledger recorded as accepted and as missing.
     */
    @PostMapping("/handovers/{handoverId}/accept")
    String accept(@RequestAttribute final SignIn signIn, @PathVariable final String handoverId,
            @RequestParam(defaultValue = "false") final boolean sealIntact,
            @RequestParam(required = false) final String note,
            @RequestParam(required = false) final List<String> offered,
            @RequestParam(required = false) final List<String> arrived, @RequestParam final String idempotencyKey,
            final Locale locale, final RedirectAttributes redirect) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("sealIntact", sealIntact);
        if (note != null && !note.isBlank()) {
            body.put("note", note.strip());
        }
        final List<String> missing = offered == null ? List.of()
                : offered.stream().filter(id -> arrived == null || !arrived.contains(id)).distinct().toList();
        if (!missing.isEmpty()) {
            body.put("missingDeviceIds", missing);
        }
        return answer(signIn, "/api/v1/handovers/{id}/accept", body, handoverId, idempotencyKey, locale, redirect,
                "partner.accepted", Map.of("note", note == null ? "" : note));
    }

    @PostMapping("/handovers/{handoverId}/reject")
    String reject(@RequestAttribute final SignIn signIn, @PathVariable final String handoverId,
            @RequestParam final String reason, @RequestParam final String idempotencyKey, final Locale locale,
            final RedirectAttributes redirect) {
        return answer(signIn, "/api/v1/handovers/{id}/reject", Map.of("reason", reason.strip()), handoverId,
                idempotencyKey, locale, redirect, "partner.rejected", Map.of("reason", reason));
    }

    private String answer(final SignIn signIn, final String endpoint, final Map<String, Object> body,
            final String handoverId, final String idempotencyKey, final Locale locale,
            final RedirectAttributes redirect, final String doneKey, final Map<String, String> typed) {
        try {
            final Map<String, Object> written = gateway.post(signIn.apiKey(), idempotencyKey, endpoint, body,
                    handoverId);
            redirect.addFlashAttribute("done", messages.getMessage(doneKey, new Object[] {handoverId}, locale));
            if (written.get("handover") instanceof Map<?, ?> handover && handover.get("acceptedDeviceIds") != null) {
                // As the ledger recorded it, not as the form asked.
                redirect.addFlashAttribute("closedHandover", handoverId);
                redirect.addFlashAttribute("acceptedDevices", handover.get("acceptedDeviceIds"));
                redirect.addFlashAttribute("missingDevices", handover.get("missingDeviceIds") == null ? List.of()
                        : handover.get("missingDeviceIds"));
            }
            if (catchingUp(written)) {
                redirect.addFlashAttribute("catchingUp", true);
            }
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("error", sentences.of(problem, locale));
            redirect.addFlashAttribute("failedHandover", handoverId);
            redirect.addFlashAttribute("typed", typed);
            redirect.addFlashAttribute("retryKey", idempotencyKey);
        }
        return "redirect:/partner";
    }

    /** The slugs of {@link #FORMS}, as a path pattern. */
    private static final String SLUGS = "collections|dismantlings|storage-destructions|lots|handovers|refurbishments"
            + "|consents|returns|corrections|purges";

    @GetMapping("/{slug:" + SLUGS + "}")
    String form(@PathVariable final String slug, final Model model) {
        return showForm(FORMS.get(slug), Map.of(), UUID.randomUUID().toString(), model);
    }

    @PostMapping("/{slug:" + SLUGS + "}")
    String submit(@RequestAttribute final SignIn signIn, @PathVariable final String slug,
            @RequestParam final Map<String, String> typed, final Locale locale, final Model model,
            final HttpSession session) {
        final WriteForm form = FORMS.get(slug);
        final String idempotencyKey = typed.getOrDefault("idempotencyKey", UUID.randomUUID().toString());
        if ("collections".equals(slug)) {
            RecentCollections.note(session, new RecentCollections.Entry(idempotencyKey, typed.get("make"),
                    typed.get("model"), typed.get("consent.reference"), Instant.now()));
        }
        try {
            final Map<String, Object> answer = gateway.post(signIn.apiKey(), idempotencyKey, form.endpoint(),
                    form.body(typed), form.pathValues(typed));
            model.addAttribute("answer", answer);
            if (catchingUp(answer)) {
                model.addAttribute("catchingUp", true);
            }
            if ("collections".equals(slug)) {
                return "partner/receipt";
            }
            model.addAttribute("done", recorded(answer, locale));
            return showForm(form, Map.of(), UUID.randomUUID().toString(), model);
        } catch (GatewayProblem problem) {
            model.addAttribute("error", sentences.of(problem, locale, slug));
            model.addAttribute("invalidFields", problem.fields());
            return showForm(form, typed, idempotencyKey, model);
        }
    }

    private static boolean catchingUp(final Map<String, Object> answer) {
        return "catching-up".equals(answer.get(GatewayClient.READ_MODEL));
    }

    /** What a write recorded, in words: the device (or smelting lot) and the ledger transaction. */
    private String recorded(final Map<String, Object> answer, final Locale locale) {
        final String transaction = member(answer, "ledger", "transactionId");
        if (answer.get("handover") != null) {
            return messages.getMessage("partner.recorded.handover", new Object[] {
                    member(answer, "handover", "handoverId"), transaction}, locale);
        }
        if (answer.get("lot") != null) {
            return messages.getMessage("partner.recorded.lot", new Object[] {member(answer, "lot", "lotId"),
                    transaction}, locale);
        }
        if (answer.get("event") != null) {
            return messages.getMessage("partner.recorded.correction", new Object[] {member(answer, "event", "deviceId"),
                    member(answer, "event", "eventId"), transaction}, locale);
        }
        return messages.getMessage("partner.recorded", new Object[] {member(answer, "device", "deviceId"),
                transaction}, locale);
    }

    /** A member of an object member of a gateway answer, or "?" if the answer lacks it (never the word null). */
    private static String member(final Map<String, Object> answer, final String object, final String name) {
        return answer.get(object) instanceof Map<?, ?> inner && inner.get(name) != null
                ? String.valueOf(inner.get(name)) : "?";
    }

    private static String showForm(final WriteForm form, final Map<String, String> typed, final String idempotencyKey,
            final Model model) {
        model.addAttribute("form", form);
        model.addAttribute("typed", typed);
        model.addAttribute("idempotencyKey", idempotencyKey);
        return "partner/form";
    }

    /** The custody list as CSV (all its pages, under the list's filters), as the gateway writes it for Excel. */
    @GetMapping("/custody.csv")
    ResponseEntity<byte[]> custodyCsv(@RequestAttribute final SignIn signIn,
            @RequestParam(required = false) final String state, @RequestParam(required = false) final String q) {
        final UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/api/v1/custody/devices.csv");
        if (state != null && !state.isBlank()) {
            uri.queryParam("state", state);
        }
        if (q != null && !q.isBlank()) {
            uri.queryParam("q", q.strip());
        }
        return gateway.bytes(signIn.apiKey(), uri.build().encode().toUriString()).asResponse();
    }

    /** A device the organisation holds or held; the gateway answers 404 for any other, shown as the error page. */
    @GetMapping("/devices/{deviceId:" + Identifiers.DEVICE_ID + "}")
    String device(@RequestAttribute final SignIn signIn, @PathVariable final String deviceId, final Model model) {
        model.addAttribute("view", gateway.object(signIn.apiKey(), "/api/v1/custody/devices/{id}", deviceId));
        return "partner/device";
    }

    /** Its certificate or proof bundle, as the gateway serves it (a problem page when not issued or anchored yet). */
    @GetMapping("/devices/{deviceId:" + Identifiers.DEVICE_ID + "}/{file:certificate.pdf|proof-bundle}")
    ResponseEntity<byte[]> download(@RequestAttribute final SignIn signIn, @PathVariable final String deviceId,
            @PathVariable final String file) {
        return gateway.bytes(signIn.apiKey(), "/api/v1/custody/devices/{id}/{file}", deviceId, file).asResponse();
    }

    @GetMapping("/collections/recent")
    String recentCollections(final HttpSession session, final Model model) {
        model.addAttribute("recent", RecentCollections.of(session));
        return "partner/recent";
    }

    /** The receipt of one of this session's collections again, opened by the gateway with the form's key. */
    @PostMapping("/collections/recent")
    String recoverReceipt(@RequestAttribute final SignIn signIn, @RequestParam final String idempotencyKey,
            final HttpSession session, final Locale locale, final Model model) {
        if (!RecentCollections.holds(session, idempotencyKey)) {
            return "redirect:/partner/collections/recent";
        }
        try {
            model.addAttribute("answer", gateway.post(signIn.apiKey(), null, "/api/v1/collections/recovered-receipts",
                    Map.of("idempotencyKey", idempotencyKey)));
            model.addAttribute("recovered", true);
            return "partner/receipt";
        } catch (GatewayProblem problem) {
            model.addAttribute("error", "RECEIPT_NOT_FOUND".equals(problem.code())
                    ? messages.getMessage("partner.recent.notRegistered", null, locale)
                    : sentences.of(problem, locale));
            model.addAttribute("failedKey", idempotencyKey);
            return recentCollections(session, model);
        }
    }

    @GetMapping("/erasures")
    String erasureForm(final Model model) {
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "partner/erasure";
    }

    @PostMapping("/erasures")
    String erasure(@RequestAttribute final SignIn signIn, @RequestParam(defaultValue = "") final String record,
            @RequestParam(required = false) final MultipartFile recordFile, @RequestParam final MultipartFile report,
            @RequestParam final String idempotencyKey, final Locale locale, final Model model) throws IOException {
        String json = record.strip();
        if (json.isEmpty() && recordFile != null && !recordFile.isEmpty()) {
            json = new String(recordFile.getBytes(), StandardCharsets.UTF_8).strip();
        }
        model.addAttribute("record", json);
        model.addAttribute("idempotencyKey", idempotencyKey);
        if (json.isEmpty() || report.isEmpty()) {
            model.addAttribute("error", messages.getMessage("partner.erasure.missing", null, locale));
            return "partner/erasure";
        }
        try {
            final Map<String, Object> answer = gateway.postMultipart(signIn.apiKey(), idempotencyKey,
                    "/api/v1/erasures", Map.of("record", json), Map.of("report",
                            new GatewayClient.FilePart(report.getOriginalFilename(), report.getBytes())));
            model.addAttribute("done", messages.getMessage("partner.erasure.recorded", new Object[] {
                    member(answer, "device", "deviceId"), member(answer, "report", "sha256"),
                    member(answer, "ledger", "transactionId")}, locale));
            if (catchingUp(answer)) {
                model.addAttribute("catchingUp", true);
            }
            model.addAttribute("record", "");
            model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        } catch (GatewayProblem problem) {
            model.addAttribute("error", sentences.of(problem, locale) + " "
                    + messages.getMessage("partner.erasure.fileAgain", null, locale));
        }
        return "partner/erasure";
    }
}
