package io.wipetrace.portal.partner;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Idempotency-Key each import of this session was sent with, in the server-side session only: the gateway keeps an
 * import's receipt codes sealed under it, so the results a clerk downloads hold the codes only while the session that
 * imported the file lasts. Another session's download of the same job holds device IDs without codes.
 */
final class ImportKeys {

    static final int KEPT = 20;
    private static final String ATTRIBUTE = ImportKeys.class.getName();

    private ImportKeys() {}

    /** Remembers a job's key; the oldest of more than {@value #KEPT} is forgotten. */
    static synchronized void remember(final HttpSession session, final String jobId, final String idempotencyKey) {
        final LinkedHashMap<String, String> keys = new LinkedHashMap<>(stored(session));
        keys.remove(jobId);
        keys.put(jobId, idempotencyKey);
        while (keys.size() > KEPT) {
            keys.remove(keys.keySet().iterator().next());
        }
        session.setAttribute(ATTRIBUTE, keys);
    }

    /** @return the key the job was sent with in this session, or {@code null} */
    static synchronized String of(final HttpSession session, final String jobId) {
        return stored(session).get(jobId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stored(final HttpSession session) {
        final Object value = session.getAttribute(ATTRIBUTE);
        return value instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
