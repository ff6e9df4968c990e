package io.wipetrace.gateway.verify;

import static io.wipetrace.gateway.web.Problems.respond;

import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.web.Problems;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the verification endpoint's own failures, made by {@link Problems}.
 */
@RestControllerAdvice(assignableTypes = VerifyController.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // this controller's own failures, before the general handlers
class VerifyProblems {

    /** No device has a receipt with this code. */
    static final class ReceiptNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReceiptNotFound() {
            super("No device was collected with this receipt code. Check the code on your receipt.");
        }
    }

    /** The text is not a receipt code at all. */
    static final class InvalidReceiptCode extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidReceiptCode() {
            super("A receipt code is " + ReceiptCode.LENGTH + " characters of 0-9 and A-Z without U, printed in"
                    + " groups of four (hyphens and spaces are ignored).");
        }
    }

    /** The client has used up its verifications for now. */
    static final class RateLimited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Duration retryAfter;

        RateLimited(final Duration retryAfter) {
            super("Too many verifications from this address; try again later.");
            this.retryAfter = retryAfter;
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(final ReceiptNotFound e) {
        return respond(HttpStatus.NOT_FOUND, "RECEIPT_NOT_FOUND", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(final InvalidReceiptCode e) {
        return respond(HttpStatus.BAD_REQUEST, "INVALID_RECEIPT_CODE", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(final RateLimited e) {
        final long seconds = Math.max(1, (e.retryAfter.toMillis() + 999) / 1000);
        final ProblemDetail body = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", e.getMessage());
        body.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(body);
    }

}
