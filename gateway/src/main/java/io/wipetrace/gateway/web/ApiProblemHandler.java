package io.wipetrace.gateway.web;

import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem details with a stable {@code code} and
 * {@code type = https://wipetrace.io/problems/<code-in-kebab-case>}.
 *
 * <p>Chaincode refusals map by their {@link LedgerError.Category}: NOT_FOUND → 404; ACCESS (not allowed for the
 * caller's organisation: {@code NOT_CUSTODIAN}, {@code ROLE_NOT_HELD}, …) → 403; CONFLICT and STATE (clashes with the
 * ledger's state: {@code *_EXISTS}, {@code ILLEGAL_TRANSITION}, {@code LOT_CLOSED}, …) and STANDARD (the erasure
 * standard forbids it now: {@code CONSENT_MISSING}, {@code RESALE_NOT_ERASED}, …) → 409; INPUT (wrong content:
 * {@code INVALID_ARGUMENT}, {@code SIGNATURE_INVALID}, …) and {@code CONSENT_MISMATCH} (the request names another
 * consent than the collection's) → 422. Network failures: endorsement/ordering → 502, peers unreachable or repeated
 * conflicts → 503, a deadline or an unknown outcome → 504 (retry with the same Idempotency-Key).
 */
@RestControllerAdvice
@Order(0) // before LastResortProblems; the advices of single controllers come first
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(final ApiException e) {
        final ProblemDetail body = Problems.of(e.status(), e.code(), e.getMessage());
        e.properties().forEach(body::setProperty);
        final ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        e.headers().forEach((name, value) -> answer.header(name, value));
        return answer.body(body);
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> ledger(final LedgerException e) {
        final int status = ledgerStatus(e);
        if (status >= 500) {
            LOG.warn("ledger call failed: {} {}", e.code(), e.getMessage());
        }
        final ResponseEntity<ProblemDetail> response = problem(status, e.code(),
                HttpStatus.valueOf(status).getReasonPhrase(), e.getMessage());
        if (status == 503 || status == 504) {
            return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, "2").body(response.getBody());
        }
        return response;
    }

    /**
     * A header value the HTTP firewall refuses (a control character, say) is found only when the header is first read,
     * which may be while a controller's arguments are resolved, after the firewall's own handler had its turn: the
     * same 400 as that handler's.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(final RequestRejectedException e) {
        return problem(400, "REQUEST_REJECTED", "Bad Request", Problems.REJECTED_REQUEST);
    }

    /** Every connection of a pool stayed busy for its whole timeout: the gateway is overloaded, not broken. */
    @ExceptionHandler(CannotGetJdbcConnectionException.class)
    ResponseEntity<ProblemDetail> databaseBusy(final CannotGetJdbcConnectionException e) {
        LOG.warn("no database connection: {}", e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "2").body(Problems.of(503,
                "DATABASE_BUSY", "Service Unavailable", "the gateway's database connections are all busy; try again"
                        + " shortly"));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(final AccessDeniedException e) {
        return problem(403, "ROLE_FORBIDDEN", "Forbidden", "this key's role may not do this");
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(final AuthenticationException e) {
        return problem(401, "UNAUTHENTICATED", "Unauthorized", "authentication required");
    }

    /** A path variable or parameter of a {@code @Validated} controller that breaks its constraint. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(final ConstraintViolationException e) {
        final List<Map<String, Object>> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            // "method.parameter" → "parameter"
            final String path = violation.getPropertyPath().toString();
            errors.add(Map.of("field", path.substring(path.lastIndexOf('.') + 1), "message", violation.getMessage()));
        }
        final ProblemDetail problem = Problems.of(400, "VALIDATION_FAILED", "Bad Request",
                "the request has " + errors.size() + " invalid parameter(s)");
        problem.setProperty("errors", errors);
        return ResponseEntity.status(400).body(problem);
    }

    /** A body announced as multipart that is not (no boundary, cut short, …). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(final MultipartException e) {
        return problem(400, "MULTIPART_INVALID", "Bad Request",
                "the request says it is multipart/form-data but its body cannot be read as such");
    }

    /**
     * Maps a ledger failure to an HTTP status.
     *
     * @param e the failure
     * @return the status
     */
    static int ledgerStatus(final LedgerException e) {
        return switch (e.kind()) {
            case REJECTED -> e.refusal().map(ApiProblemHandler::refusalStatus).orElse(422);
            case INVALIDATED -> "LEDGER_CONFLICT".equals(e.code()) ? 503 : 502;
            case UNAVAILABLE -> switch (e.code()) {
                case "LEDGER_TIMEOUT" -> 504;
                case "LEDGER_UNAVAILABLE" -> 503;
                default -> 502;
            };
            case TIMEOUT, OUTCOME_UNKNOWN -> 504;
        };
    }

    private static int refusalStatus(final LedgerError refusal) {
        return switch (refusal.category()) {
            case NOT_FOUND -> 404;
            case ACCESS -> 403;
            case CONFLICT, STATE -> 409;
            // The one standard refusal about the request's content rather than the device's state.
            case STANDARD -> refusal == LedgerError.CONSENT_MISMATCH ? 422 : 409;
            case INPUT -> 422;
        };
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(final MethodArgumentNotValidException e,
            final HttpHeaders headers, final HttpStatusCode status, final WebRequest request) {
        final List<Map<String, Object>> errors = new ArrayList<>();
        for (final FieldError field : e.getBindingResult().getFieldErrors()) {
            final Map<String, Object> error = new TreeMap<>();
            error.put("field", field.getField());
            error.put("message", field.getDefaultMessage());
            errors.add(error);
        }
        e.getBindingResult().getGlobalErrors().forEach(global -> errors.add(
                Map.of("field", global.getObjectName(), "message", String.valueOf(global.getDefaultMessage()))));
        final ProblemDetail problem = Problems.of(400, "VALIDATION_FAILED", "Bad Request",
                "the request has " + errors.size() + " invalid field(s)");
        problem.setProperty("errors", errors);
        return ResponseEntity.status(400).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(final HandlerMethodValidationException e,
            final HttpHeaders headers, final HttpStatusCode status, final WebRequest request) {
        final List<Map<String, Object>> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> errors.add(
                Map.of("field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage())))));
        final ProblemDetail problem = Problems.of(400, "VALIDATION_FAILED", "Bad Request",
                "the request has " + errors.size() + " invalid parameter(s)");
        problem.setProperty("errors", errors);
        return ResponseEntity.status(400).body(problem);
    }

    /**
     * A body that is JSON but not of this endpoint's form (an unknown or repeated member, a text or fraction where
     * an integer belongs, …) is refused as the chaincode would: 422 {@code INVALID_JSON_MEMBER}, naming the member.
     * A body that is not JSON at all stays 400 {@code BODY_UNREADABLE}.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(final HttpMessageNotReadableException e,
            final HttpHeaders headers, final HttpStatusCode status, final WebRequest request) {
        final JsonMembers.Refusal refusal = JsonMembers.refusal(e.getCause());
        if (refusal == null) {
            return super.handleHttpMessageNotReadable(e, headers, status, request);
        }
        final ProblemDetail problem = Problems.of(422, "INVALID_JSON_MEMBER", "Unprocessable Content",
                refusal.member() + ": " + refusal.reason());
        problem.setProperty("member", refusal.member());
        return ResponseEntity.status(422).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(final Exception e, @Nullable final Object body,
            final HttpHeaders headers, final HttpStatusCode status, final WebRequest request) {
        // Spring MVC's own exceptions (unreadable body, wrong media type, missing part, …): give them a code too.
        final String code = switch (e) {
            case MissingRequestHeaderException missing when Headers.IDEMPOTENCY_KEY.equalsIgnoreCase(
                    missing.getHeaderName()) -> "IDEMPOTENCY_KEY_MISSING";
            case MissingRequestHeaderException missing -> "HEADER_MISSING";
            case HttpMessageNotReadableException unreadable -> "BODY_UNREADABLE";
            case org.springframework.web.HttpMediaTypeNotSupportedException unsupported -> "MEDIA_TYPE_UNSUPPORTED";
            case org.springframework.web.HttpRequestMethodNotSupportedException method -> "METHOD_NOT_ALLOWED";
            case org.springframework.web.HttpMediaTypeNotAcceptableException accept -> "NOT_ACCEPTABLE";
            case org.springframework.web.servlet.resource.NoResourceFoundException missing -> "NOT_FOUND";
            case org.springframework.web.multipart.support.MissingServletRequestPartException part -> "PART_MISSING";
            case org.springframework.web.multipart.MaxUploadSizeExceededException size -> "UPLOAD_TOO_LARGE";
            case org.springframework.web.method.annotation.MethodArgumentTypeMismatchException mismatch ->
                "PARAMETER_INVALID";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
        final ProblemDetail problem = Problems.coded(body instanceof ProblemDetail given ? given
                : ProblemDetail.forStatusAndDetail(status, e.getMessage()), code);
        if (code.equals("BODY_UNREADABLE")) {
            problem.setDetail("the request body is not valid JSON for this endpoint");
        }
        // The type is set here, so that writing the answer does not read the Accept header again: one that cannot be
        // read at all (a malformed quality, an unknown charset) would otherwise leave a 406 without a body.
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(final int status, final String code, final String title,
            final String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, code, title, detail));
    }
}
