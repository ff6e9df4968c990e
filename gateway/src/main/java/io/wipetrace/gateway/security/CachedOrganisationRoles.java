package io.wipetrace.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each organisation's registry roles for {@code ttl}, so that authenticating a request rarely asks the
 * ledger. When a refresh fails the last answer stays in use (and the failure is logged); with no earlier answer the
 * failure propagates.
 */
final class CachedOrganisationRoles implements OrganisationRoles {

    private static final Logger LOG = LoggerFactory.getLogger(CachedOrganisationRoles.class);

    private record Known(Set<String> roles, Instant readAt) {}

    private final OrganisationRoles source;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();

    CachedOrganisationRoles(final OrganisationRoles source, final Duration ttl, final Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Set<String> of(final String organisation) {
        final Instant now = clock.instant();
        final Known earlier = known.get(organisation);
        if (earlier != null && now.isBefore(earlier.readAt().plus(ttl))) {
            return earlier.roles();
        }
        try {
            final Set<String> roles = source.of(organisation);
            known.put(organisation, new Known(roles, now));
            return roles;
        } catch (RuntimeException e) {
            if (earlier == null) {
                throw e;
            }
            LOG.warn("cannot read {}'s registry roles ({}); keeping those read at {}", organisation, e.toString(),
                    earlier.readAt());
            return earlier.roles();
        }
    }
}
