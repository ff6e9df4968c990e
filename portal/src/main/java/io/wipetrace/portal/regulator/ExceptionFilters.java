package io.wipetrace.portal.regulator;

import io.wipetrace.proof.ledger.Identifiers;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The exception list's filters as the page's form sends them: rule, organisation (an MSP ID), site, and a range of
 * days in the portal's zone, the last day included. Anything malformed is dropped rather than sent on, so a mistyped
 * address still lists exceptions.
 *
 * @param kind a rule's name, or {@code null}
 * @param organisation an MSP ID, or {@code null}
 * @param site a site ID, or {@code null}
 * @param from the first day, or {@code null}
 * @param to the last day, or {@code null}
 * @param zone the zone the days are in
 */
record ExceptionFilters(String kind, String organisation, String site, LocalDate from, LocalDate to, ZoneId zone) {

    static ExceptionFilters of(final String kind, final String organisation, final String site, final String from,
            final String to, final ZoneId zone) {
        LocalDate first = day(from);
        LocalDate last = day(to);
        if (first != null && last != null && last.isBefore(first)) {
            final LocalDate swap = first;
            first = last;
            last = swap;
        }
        return new ExceptionFilters(kind != null && RegulatorController.KINDS.contains(kind) ? kind : null,
                organisation != null && organisation.matches("[A-Za-z][A-Za-z0-9.-]{0,63}") ? organisation : null,
                site != null && site.strip().matches(Identifiers.ID) ? site.strip() : null, first, last, zone);
    }

    /** Adds the gateway's query parameters: the days as instants, the last day's end excluded. */
    UriComponentsBuilder apply(final UriComponentsBuilder uri) {
        optional(uri, "kind", kind);
        optional(uri, "organisation", organisation);
        optional(uri, "site", site);
        if (from != null) {
            uri.queryParam("from", from.atStartOfDay(zone).toInstant());
        }
        if (to != null) {
            uri.queryParam("to", to.plusDays(1).atStartOfDay(zone).toInstant());
        }
        return uri;
    }

    /** Adds the page's own query parameters, as the form sends them. */
    UriComponentsBuilder query(final UriComponentsBuilder uri) {
        optional(uri, "kind", kind);
        optional(uri, "organisation", organisation);
        optional(uri, "site", site);
        optional(uri, "from", from);
        optional(uri, "to", to);
        return uri;
    }

    private static void optional(final UriComponentsBuilder uri, final String name, final Object value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private static LocalDate day(final String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
