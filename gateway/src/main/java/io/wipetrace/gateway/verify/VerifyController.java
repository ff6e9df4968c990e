package io.wipetrace.gateway.verify;

import io.wipetrace.gateway.anchoring.ProofBundleResponses;
import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.shared.ReceiptCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consumers check their phone's fate with the code on their receipt. Anonymous, rate-limited per client address (the
 * visitor's, as forwarded by a trusted proxy such as the portal).
 */
@RestController
@RequestMapping("/api/v1/verify")
class VerifyController {

    private final VerifyQueries queries;
    private final RateLimiter rateLimiter;
    private final ObjectProvider<ProofBundles> bundles;
    private final ConsumerCertificates certificates;
    private final ClientAddress clients;

    VerifyController(final VerifyQueries queries, final RateLimiter rateLimiter,
            final ObjectProvider<ProofBundles> bundles, final ConsumerCertificates certificates,
            final VerifyProperties properties) {
        this.queries = queries;
        this.rateLimiter = rateLimiter;
        this.clients = new ClientAddress(properties.trustedProxies());
        this.bundles = bundles;
        this.certificates = certificates;
    }

    @GetMapping("/{receiptCode}")
    ResponseEntity<Verification> verify(@PathVariable final String receiptCode, final HttpServletRequest request) {
        // Counted before the code is looked up, so that guessing codes costs the same as checking one; the same code
        // again (the page's proof bundle, its certificate) is counted once.
        final String subject = ReceiptCode.normalise(receiptCode).orElse(null);
        rateLimiter.tryAcquire(clients.of(request), subject).ifPresent(wait -> {
            throw new VerifyProblems.RateLimited(wait);
        });
        final String receiptHash = ReceiptCode.hash(receiptCode).orElseThrow(VerifyProblems.InvalidReceiptCode::new);
        final Verification verification =
                queries.byReceiptHash(receiptHash).orElseThrow(VerifyProblems.ReceiptNotFound::new);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(verification);
    }

    /**
     * The device's proof bundle (docs/proof-bundle.md), to check with the verifier without trusting this server.
     * Rate-limited like the verification itself.
     */
    @GetMapping("/{receiptCode}/proof-bundle")
    ResponseEntity<?> proofBundle(@PathVariable final String receiptCode, final HttpServletRequest request)
            throws IOException {
        return ProofBundleResponses.of(bundles.getIfAvailable(),
                verify(receiptCode, request).getBody().deviceId());
    }

    /**
     * The device's signed erasure and destruction certificate (PDF, zh-CN and English), naming the SHA-256 of the
     * proof bundle above. Rate-limited like the verification itself.
     */
    @GetMapping("/{receiptCode}/certificate.pdf")
    ResponseEntity<byte[]> certificate(@PathVariable final String receiptCode, final HttpServletRequest request)
            throws IOException {
        return certificates.forConsumer(verify(receiptCode, request).getBody(), receiptCode);
    }
}
