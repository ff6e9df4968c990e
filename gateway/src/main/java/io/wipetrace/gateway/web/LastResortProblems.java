package io.wipetrace.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What no other advice handles is the gateway's fault: logged in full with the request ID, answered as a problem
 * ({@code INTERNAL_ERROR}) that reveals no internals. Ordered last, so every specific handler is tried first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class LastResortProblems {

    private static final Logger LOG = LoggerFactory.getLogger(LastResortProblems.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(final Exception e) throws Exception {
        if (e instanceof ErrorResponse || AnnotationUtils.findAnnotation(e.getClass(), ResponseStatus.class) != null) {
            throw e; // exceptions that carry their own status keep it
        }
        LOG.error("unexpected failure", e);
        return ResponseEntity.status(500).body(Problems.of(500, "INTERNAL_ERROR", "Internal Server Error",
                "the gateway failed unexpectedly; the X-Request-Id of this answer identifies it in the logs"));
    }
}
