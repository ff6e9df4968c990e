package io.wipetrace.portal.partner;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.portal.web.ProblemSentences;
import io.wipetrace.portal.web.SignIn;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/**
 * Bulk imports in the partner console: a CSV or JSON-lines file of collections goes to the gateway as one job; its
 * page shows a progress bar (kept current by {@code import.js}, or by reloading without JavaScript), every row's
 * error in words, and the results (device IDs and receipt codes) as CSV.
 */
@Controller
@RequestMapping("/partner/imports")
class ImportController {

    /** How many row errors the job page lists; the rest are counted and in the gateway's errors list. */
    static final int ERRORS_SHOWN = 200;
    /** How many past jobs the import page lists. */
    static final int JOBS_SHOWN = 20;

    private final GatewayClient gateway;
    private final ProblemSentences sentences;
    private final MessageSource messages;

    ImportController(final GatewayClient gateway, final ProblemSentences sentences, final MessageSource messages) {
        this.gateway = gateway;
        this.sentences = sentences;
        this.messages = messages;
    }

    @GetMapping
    String form(@RequestAttribute final SignIn signIn, final Model model) {
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        pastJobs(signIn, model);
        return "partner/import";
    }

    /** The organisation's recent import jobs, newest first, for the list under the form. */
    private void pastJobs(final SignIn signIn, final Model model) {
        try {
            model.addAttribute("jobs", gateway.object(signIn.apiKey(), "/api/v1/imports?page=0&size={size}",
                    JOBS_SHOWN).getOrDefault("items", List.of()));
        } catch (GatewayProblem problem) {
            // The form works without the list: a gateway that cannot list jobs leaves it out.
            model.addAttribute("jobs", List.of());
        }
    }

    /** The file goes to the gateway with the form's idempotency key: a second click sends the same job, not a new one. */
    @PostMapping
    String upload(@RequestAttribute final SignIn signIn, @RequestParam(required = false) final MultipartFile file,
            @RequestParam final String idempotencyKey, final Locale locale, final Model model,
            final HttpSession session) throws IOException {
        model.addAttribute("idempotencyKey", idempotencyKey);
        if (file == null || file.isEmpty()) {
            model.addAttribute("error", messages.getMessage("partner.import.missing", null, locale));
            return "partner/import";
        }
        try {
            final Map<String, Object> job = gateway.postMultipart(signIn.apiKey(), idempotencyKey,
                    "/api/v1/imports?kind=collections", Map.of(),
                    Map.of("file", new GatewayClient.FilePart(file.getOriginalFilename(), file.getBytes())));
            // The gateway keeps the receipt codes sealed under this key: the session keeps it to open the results.
            ImportKeys.remember(session, String.valueOf(job.get("id")), idempotencyKey);
            return "redirect:/partner/imports/" + job.get("id");
        } catch (GatewayProblem problem) {
            // A wrong header is fixed in the file: the gateway's detail names the columns.
            final String which = "IMPORT_HEADER_INVALID".equals(problem.code()) && !problem.detail().isBlank()
                    ? " (" + problem.detail() + ")" : "";
            model.addAttribute("error", sentences.of(problem, locale) + which + " "
                    + messages.getMessage("partner.import.fileAgain", null, locale));
            return "partner/import";
        }
    }

    @GetMapping("/{id}")
    String job(@RequestAttribute final SignIn signIn, @PathVariable final UUID id, final Locale locale,
            final Model model) {
        try {
            final Map<String, Object> job = gateway.object(signIn.apiKey(), "/api/v1/imports/{id}", id);
            final Map<String, Object> errors = gateway.object(signIn.apiKey(),
                    "/api/v1/imports/{id}/errors?page=0&size={size}", id, ERRORS_SHOWN);
            model.addAttribute("job", job);
            model.addAttribute("rowErrors", rowErrors(errors, locale));
            model.addAttribute("errorsTotal", errors.get("totalItems"));
        } catch (GatewayProblem problem) {
            model.addAttribute("error", sentences.of(problem, locale));
        }
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        pastJobs(signIn, model);
        return "partner/import";
    }

    /** The job as the gateway sees it now, for the progress bar. */
    @GetMapping("/{id}/progress")
    @ResponseBody
    Map<String, Object> progress(@RequestAttribute final SignIn signIn, @PathVariable final UUID id) {
        final Map<String, Object> job = gateway.object(signIn.apiKey(), "/api/v1/imports/{id}", id);
        return Map.of("state", job.get("state"), "percent", job.get("percent"), "rowsTotal", job.get("rowsTotal"),
                "rowsDone", job.get("rowsDone"), "rowsFailed", job.get("rowsFailed"),
                "rowsPending", job.get("rowsPending"));
    }

    /** The import file's template (its header row), from the gateway: UTF-8 with a byte order mark. */
    @GetMapping("/template.csv")
    ResponseEntity<byte[]> template(@RequestAttribute final SignIn signIn) {
        return gateway.bytes(signIn.apiKey(), "/api/v1/imports/template.csv?kind=collections").asResponse();
    }

    @GetMapping("/{id}/results.csv")
    ResponseEntity<byte[]> results(@RequestAttribute final SignIn signIn, @PathVariable final UUID id,
            final HttpSession session) {
        return gateway.keyedBytes(signIn.apiKey(), ImportKeys.of(session, id.toString()),
                "/api/v1/imports/{id}/results.csv", id).asResponse();
    }

    /**
     * A row's error in the reader's language: {@code importError.<CODE>} with the field, or the gateway's own words
     * when the portal has no sentence for the code.
     */
    private List<RowErrorLine> rowErrors(final Map<String, Object> page, final Locale locale) {
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> items = (List<Map<String, Object>>) page.getOrDefault("items", List.of());
        return items.stream().map(item -> {
            final String code = String.valueOf(item.get("code"));
            final Object field = item.get("field");
            // The gateway's words are not a message pattern: used as they are, never formatted.
            final String known = messages.getMessage("importError." + code,
                    new Object[] {field == null ? "" : field}, null, locale);
            final String sentence = known != null ? known : String.valueOf(item.get("message"));
            return new RowErrorLine(((Number) item.get("row")).intValue(), ((Number) item.get("line")).intValue(),
                    field == null ? null : field.toString(), code, sentence);
        }).toList();
    }

    /**
     * One row error as the page lists it.
     *
     * @param row the data row, from 1
     * @param line the file line it starts on
     * @param field the column or member, or null for the whole row
     * @param code the gateway's stable code
     * @param sentence what is wrong, in the reader's language
     */
    record RowErrorLine(int row, int line, String field, String code, String sentence) {}
}
