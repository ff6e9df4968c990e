package io.wipetrace.portal.verify;

import io.wipetrace.portal.PortalProperties;
import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.portal.web.ProblemSentences;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /verify}: the form; {@code /verify/{code}}: the device's fate (the receipt's QR code links here). The proof
 * bundle and the certificate come through the portal, so a phone needs to reach only this site.
 */
@Controller
class VerifyController {

    private final GatewayClient gateway;
    private final ProblemSentences sentences;
    private final PortalProperties properties;
    private final ProofMessages proofMessages;
    private final PinnedTrust trust;

    VerifyController(final GatewayClient gateway, final ProblemSentences sentences,
            final PortalProperties properties, final ProofMessages proofMessages, final PinnedTrust trust) {
        this.gateway = gateway;
        this.sentences = sentences;
        this.properties = properties;
        this.proofMessages = proofMessages;
        this.trust = trust;
    }

    @GetMapping("/verify")
    String form(@RequestParam(required = false) final String code, final Model model) {
        if (code != null) {
            final ReceiptCodeInput typed = ReceiptCodeInput.of(code);
            if (typed.problem() == null) {
                return "redirect:/verify/" + typed.canonical();
            }
            model.addAttribute("code", code.strip());
            model.addAttribute("error", "verify.code." + typed.problem());
        }
        return "verify-form";
    }

    @GetMapping("/verify/{code}")
    String verify(@PathVariable final String code, final Model model, final Locale locale,
            final HttpServletResponse response) throws com.fasterxml.jackson.core.JsonProcessingException {
        model.addAttribute("code", code);
        final ReceiptCodeInput typed = ReceiptCodeInput.of(code);
        if (typed.problem() != null) {
            response.setStatus(400);
            model.addAttribute("error", "verify.code." + typed.problem());
            return "verify-form";
        }
        try {
            final Map<String, Object> verification = gateway.object(null, "/api/v1/verify/{code}", typed.canonical());
            model.addAttribute("code", typed.canonical());
            model.addAttribute("v", verification);
            model.addAttribute("answer", Answer.of(verification));
            model.addAttribute("erasureResult", Answer.erasureResult(verification));
            model.addAttribute("evmRpcUrl", properties.evmRpcUrl());
            // The browser checks against the alliance's pinned trust, never against the values in the bundle.
            model.addAttribute("trustJson", trust.json().orElse("null"));
            model.addAttribute("proofMessagesJson", proofMessages.json(locale));
            response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
            return "verify";
        } catch (GatewayProblem problem) {
            // The form again, with the code as typed and the reason in words (and when to try again).
            response.setStatus(problem.status());
            if (problem.retryAfterSeconds() > 0) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
            }
            model.addAttribute("problem", sentences.of(problem, locale));
            return "verify-form";
        }
    }

    @GetMapping("/verify/{code}/proof-bundle")
    ResponseEntity<byte[]> proofBundle(@PathVariable final String code) {
        final GatewayClient.Download bundle = gateway.bytes(null, "/api/v1/verify/{code}/proof-bundle", code);
        // A refusal (429 with Retry-After, or not yet anchored) reaches the page's script as the gateway's problem.
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"wipetrace-proof-bundle.json\"")
                .cacheControl(CacheControl.noStore()).body(bundle.body());
    }

    @GetMapping("/verify/{code}/certificate.pdf")
    ResponseEntity<byte[]> certificate(@PathVariable final String code) {
        return gateway.bytes(null, "/api/v1/verify/{code}/certificate.pdf", code).asResponse();
    }
}
