package io.wipetrace.gateway.web;

/** Request headers the API's own contract defines, named once for the features and the problem handler alike. */
public final class Headers {

    /** The header every write carries so that a retry never writes twice. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Headers() {}
}
