package io.wipetrace.gateway.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request the API refuses, with the HTTP status and the stable code its problem details carry. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;
    private final transient Map<String, Object> properties = new LinkedHashMap<>();
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    /**
     * @param status HTTP status
     * @param code stable code, e.g. {@code REPORT_HASH_MISMATCH}
     * @param detail human-readable detail
     */
    public ApiException(final HttpStatus status, final String code, final String detail) {
        this(status, code, detail, null);
    }

    /**
     * @param status HTTP status
     * @param code stable code
     * @param detail human-readable detail
     * @param cause what failed underneath, for the log
     */
    public ApiException(final HttpStatus status, final String code, final String detail, final Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.code = code;
    }

    /**
     * Adds a member to the problem details beside the standard ones.
     *
     * @param name the member
     * @param value its value
     * @return this exception
     */
    public ApiException withProperty(final String name, final Object value) {
        properties.put(name, value);
        return this;
    }

    /**
     * Adds a header to the answer.
     *
     * @param name the header
     * @param value its value
     * @return this exception
     */
    public ApiException withHeader(final String name, final String value) {
        headers.put(name, value);
        return this;
    }

    /** @return the problem details' extra members */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** @return the answer's extra headers */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
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
