package io.wipetrace.portal.partner;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The collections a clerk submitted in this session, newest first, so that a receipt whose page never came back can
 * be asked for again: each entry holds the form's Idempotency-Key (the gateway opens the receipt only for it) and
 * what the clerk typed to tell them apart, never the personal data.
 */
final class RecentCollections {

    static final int KEPT = 20;
    private static final String ATTRIBUTE = RecentCollections.class.getName();

    /** One submitted collection form. */
    record Entry(String idempotencyKey, String make, String model, String consentReference, Instant submittedAt)
            implements Serializable {}

    private RecentCollections() {}

    /** Notes a submission (before it is sent, so a lost answer still leaves it); a resubmission is noted once. */
    static synchronized void note(final HttpSession session, final Entry entry) {
        final List<Entry> entries = new ArrayList<>(of(session));
        entries.removeIf(e -> e.idempotencyKey().equals(entry.idempotencyKey()));
        entries.addFirst(entry);
        session.setAttribute(ATTRIBUTE, new ArrayList<>(entries.subList(0, Math.min(entries.size(), KEPT))));
    }

    /** The entries, newest first. */
    @SuppressWarnings("unchecked")
    static List<Entry> of(final HttpSession session) {
        final Object stored = session.getAttribute(ATTRIBUTE);
        return stored instanceof List<?> list ? List.copyOf((List<Entry>) list) : List.of();
    }

    /** Whether the key is one this session submitted. */
    static boolean holds(final HttpSession session, final String idempotencyKey) {
        return of(session).stream().anyMatch(e -> e.idempotencyKey().equals(idempotencyKey));
    }
}
