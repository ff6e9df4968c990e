package io.wipetrace.gateway.security;

import java.util.Set;

/** The API's roles. An API key or token carries one or more; Spring sees them as {@code ROLE_<name>}. */
public final class Roles {

    /** An alliance partner writing and reading its own organisation's records. */
    public static final String PARTNER = "PARTNER";
    /** A regulator or auditor: reads everything, may correct events. */
    public static final String REGULATOR = "REGULATOR";
    /** Issues and revokes API keys. */
    public static final String ADMIN = "ADMIN";
    /** Scrapes metrics and reads health details; held only by the configured metrics token, never by an API key. */
    public static final String METRICS = "METRICS";

    /** Every role an API key or token may carry. */
    public static final Set<String> ALL = Set.of(PARTNER, REGULATOR, ADMIN);

    private Roles() {}
}
