package io.wipetrace.gateway.audit;

import static io.wipetrace.gateway.web.Problems.respond;

import io.wipetrace.gateway.web.ApiException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The audit and compliance endpoints' refusals: their own are {@link ApiException}s (answered by the API's problem
 * handler like every other), made here so that their codes stay in one place; Spring MVC's refusals of a query
 * parameter are answered here with the audit's stable code {@code INVALID_PARAMETER}, made by
 * {@link io.wipetrace.gateway.web.Problems}.
 */
@RestControllerAdvice(assignableTypes = {AuditController.class, ComplianceController.class})
@Order(Ordered.HIGHEST_PRECEDENCE) // this controller's own failures, before the general handlers
class AuditProblems {

    /**
     * @param deviceId a device neither the ledger nor the projection knows
     * @return 404 DEVICE_NOT_FOUND
     */
    static ApiException deviceNotFound(final String deviceId) {
        return new ApiException(HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", "No device " + deviceId + " on the ledger.");
    }

    /**
     * @param detail which query parameter is out of range or malformed, and why
     * @return 400 INVALID_PARAMETER
     */
    static ApiException invalidParameter(final String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", detail);
    }

    /**
     * @param kind a rule
     * @param subjectId a device, handover or lot the rule does not find now
     * @return 404 EXCEPTION_NOT_FOUND
     */
    static ApiException exceptionNotFound(final AuditException.Kind kind, final String subjectId) {
        return new ApiException(HttpStatus.NOT_FOUND, "EXCEPTION_NOT_FOUND",
                "The rule " + kind + " finds no exception for " + subjectId + " now.");
    }

    /** @return 409 IDEMPOTENCY_KEY_REUSED: the caller sent the key before, for another acknowledgement */
    static ApiException idempotencyKeyReused() {
        return new ApiException(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was sent before with another exception or note.");
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
        // A body that fails its constraints is VALIDATION_FAILED, as on every other write of the API.
        final boolean body = e.getParameterValidationResults().stream().anyMatch(result ->
                result.getMethodParameter().hasParameterAnnotation(RequestBody.class));
        return respond(HttpStatus.BAD_REQUEST, body ? "VALIDATION_FAILED" : "INVALID_PARAMETER", detail);
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

}
