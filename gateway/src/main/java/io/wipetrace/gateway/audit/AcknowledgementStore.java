package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.proof.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code exception_acknowledgement} table: acknowledgements are only ever added, so an exception's rows, newest
 * first, are its history. The only SQL that names the table.
 */
class AcknowledgementStore {

    private static final String COLUMNS = "kind, subject_id, note, organisation, actor_kind, actor, at";

    private final JdbcClient jdbc;

    AcknowledgementStore(final JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #add} did. */
    record Added(Acknowledgement acknowledgement, boolean replayed) {}

    /**
     * Adds an acknowledgement, once per Idempotency-Key of the same actor: a retry with the same key and the same
     * exception and note answers the first one, replayed.
     *
     * @return what was added or found; empty when the actor used the key for another acknowledgement
     */
    Optional<Added> add(final AuditException.Kind kind, final String subjectId, final String note,
            final ApiPrincipal principal, final String idempotencyKey) {
        final String actor = principal.actor() == null ? principal.organisation() : principal.actor();
        final String requestKey = Sha256.hex("wipetrace.acknowledgement.v1|" + actor + "|" + idempotencyKey);
        final List<Acknowledgement> inserted = jdbc.sql("INSERT INTO exception_acknowledgement (kind, subject_id,"
                        + " note, organisation, actor_kind, actor, request_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (actor, request_key) DO NOTHING RETURNING " + COLUMNS)
                .params(kind.name(), subjectId, note, principal.organisation(), principal.actorKind().name(), actor,
                        requestKey)
                .query((rs, n) -> row(rs)).list();
        if (!inserted.isEmpty()) {
            return Optional.of(new Added(inserted.getFirst(), false));
        }
        final Acknowledgement first = jdbc.sql("SELECT " + COLUMNS + " FROM exception_acknowledgement"
                        + " WHERE actor = ? AND request_key = ?")
                .params(actor, requestKey).query((rs, n) -> row(rs)).single();
        return first.kind() == kind && first.subjectId().equals(subjectId) && first.note().equals(note)
                ? Optional.of(new Added(first, true)) : Optional.empty();
    }

    /** One exception's acknowledgements, newest first. */
    List<Acknowledgement> history(final AuditException.Kind kind, final String subjectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM exception_acknowledgement WHERE subject_id = ? AND kind = ?"
                        + " ORDER BY at DESC, id DESC")
                .params(subjectId, kind.name()).query((rs, n) -> row(rs)).list();
    }

    /**
     * The acknowledgements of the exceptions of some subjects, newest first, by {@link #key}.
     *
     * @param subjectIds the subjects, a page's worth
     */
    Map<String, List<Acknowledgement>> histories(final Collection<String> subjectIds) {
        final Map<String, List<Acknowledgement>> found = new LinkedHashMap<>();
        if (subjectIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM exception_acknowledgement WHERE subject_id = ANY (?)"
                        + " ORDER BY at DESC, id DESC")
                .param(subjectIds.toArray(String[]::new))
                .query((rs, n) -> row(rs)).list()
                .forEach(a -> found.computeIfAbsent(key(a.kind(), a.subjectId()), k -> new java.util.ArrayList<>())
                        .add(a));
        return found;
    }

    /**
     * Every exception's latest acknowledgement, by {@link #key} (for an export: acknowledgements are people's
     * actions, far fewer than the exceptions).
     */
    Map<String, Acknowledgement> latest() {
        final Map<String, Acknowledgement> latest = new java.util.HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (subject_id, kind) " + COLUMNS + " FROM exception_acknowledgement"
                        + " ORDER BY subject_id, kind, at DESC, id DESC")
                .query((rs, n) -> row(rs)).list().forEach(a -> latest.put(key(a.kind(), a.subjectId()), a));
        return latest;
    }

    /** The name of an exception: its rule and its subject. */
    static String key(final AuditException.Kind kind, final String subjectId) {
        return kind.name() + "|" + subjectId;
    }

    private static Acknowledgement row(final ResultSet rs) throws SQLException {
        return new Acknowledgement(AuditException.Kind.valueOf(rs.getString("kind")), rs.getString("subject_id"),
                rs.getString("note"), rs.getString("organisation"), rs.getString("actor_kind"), rs.getString("actor"),
                rs.getTimestamp("at").toInstant());
    }
}
