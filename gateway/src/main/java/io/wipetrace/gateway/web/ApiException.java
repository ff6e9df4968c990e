package io.wipetrace.gateway.web;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the HTTP status and the stable code its problem details carry. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    /**
     * @param status HTTP status
     * @param code stable code, e.g. {@code REPORT_HASH_MISMATCH}
     * @param detail human-readable detail
     */
    public ApiException(final HttpStatus status, final String code, final String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    /** @return the HTTP status */
    public HttpStatus status() {
        return status;
    }

    /** @return the stable code */
    public String code() {
        return code;
    }
}
