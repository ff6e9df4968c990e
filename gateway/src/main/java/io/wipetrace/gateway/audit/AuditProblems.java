package io.wipetrace.gateway.audit;

import static io.wipetrace.gateway.web.Problems.respond;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problem details for the audit and compliance endpoints' own failures, made by {@link io.wipetrace.gateway.web.Problems}.
 */
@RestControllerAdvice(assignableTypes = {AuditController.class, ComplianceController.class})
@Order(Ordered.HIGHEST_PRECEDENCE) // this controller's own failures, before the general handlers
class AuditProblems {

    /** Neither the ledger nor the projection knows the device. */
    static final class DeviceNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeviceNotFound(final String deviceId) {
            super("No device " + deviceId + " on the ledger.");
        }
    }

    /** A query parameter is out of range or malformed. */
    static final class InvalidParameter extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidParameter(final String message) {
            super(message);
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(final DeviceNotFound e) {
        return respond(HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(final InvalidParameter e) {
        return respond(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(final HandlerMethodValidationException e) {
        final String detail = e.getParameterValidationResults().stream()
                .map(result -> result.getMethodParameter().getParameterName() + ": "
                        + result.getResolvableErrors().stream()
                                .map(error -> error.getDefaultMessage())
                                .reduce((a, b) -> a + "; " + b).orElse("invalid"))
                .reduce((a, b) -> a + ", " + b)
                .orElse("invalid parameters");
        return respond(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", detail);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(final MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                e.getName() + ": '" + e.getValue() + "' is not a valid " + (e.getRequiredType() == null
                        ? "value" : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(final MissingServletRequestParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(final LedgerHistory.LedgerUnavailable e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE", e.getMessage());
    }

}
