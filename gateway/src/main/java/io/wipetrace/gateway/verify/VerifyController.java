package io.wipetrace.gateway.verify;

import io.wipetrace.gateway.anchoring.ProofBundleResponses;
import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
            throw rateLimited(wait);
        });
        final String receiptHash = ReceiptCode.hash(receiptCode).orElseThrow(() -> new ApiException(
                HttpStatus.BAD_REQUEST, "INVALID_RECEIPT_CODE", "A receipt code is " + ReceiptCode.LENGTH
                        + " characters of 0-9 and A-Z without U, printed in groups of four (hyphens and spaces are"
                        + " ignored)."));
        final Verification verification = queries.byReceiptHash(receiptHash).orElseThrow(() -> new ApiException(
                HttpStatus.NOT_FOUND, "RECEIPT_NOT_FOUND",
                "No device was collected with this receipt code. Check the code on your receipt."));
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

    /** 429 RATE_LIMITED, saying when to come back in whole seconds (header and member alike). */
    private static ApiException rateLimited(final Duration retryAfter) {
        final long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                "Too many verifications from this address; try again later.")
                .withProperty("retryAfterSeconds", seconds)
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
}
