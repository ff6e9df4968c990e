package io.wipetrace.gateway.trail;

import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.shared.Page;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code write_audit} table. */
@Repository
class WriteTrailStore {

    /** One write: who (a person's pseudonymous ID or an API key's ID) did what, when, for which organisation. */
    record Write(Instant at, String organisation, String actorKind, String actor, String method, String path,
            int status, String requestId) {}

    private final JdbcClient jdbc;

    WriteTrailStore(final JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(final ApiPrincipal principal, final String method, final String path, final int status,
            final String requestId) {
        jdbc.sql("INSERT INTO write_audit (organisation, actor_kind, actor, method, path, status, request_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(principal.organisation(), principal.actorKind().name(), principal.actor(), method, path,
                        status, requestId)
                .update();
    }

    /** The newest first, optionally of one organisation or one actor. */
    Page<Write> list(final String organisation, final String actor, final int page, final int size) {
        final String where = " WHERE (CAST(? AS text) IS NULL OR organisation = ?)"
                + " AND (CAST(? AS text) IS NULL OR actor = ?)";
        // Arrays.asList: a filter not given is a null parameter, which List.of refuses.
        final List<Object> params = java.util.Arrays.asList(nullable(organisation), nullable(organisation),
                nullable(actor), nullable(actor));
        final long total = jdbc.sql("SELECT count(*) FROM write_audit" + where).params(params)
                .query(Long.class).single();
        final List<Write> items = jdbc.sql("SELECT at, organisation, actor_kind, actor, method, path, status,"
                        + " request_id FROM write_audit" + where + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?")
                .params(params).param((Object) size).param((Object) ((long) page * size))
                .query((rs, n) -> new Write(rs.getTimestamp("at").toInstant(), rs.getString("organisation"),
                        rs.getString("actor_kind"), rs.getString("actor"), rs.getString("method"),
                        rs.getString("path"), rs.getInt("status"), rs.getString("request_id")))
                .list();
        return Page.of(items, page, size, total);
    }

    private static Object nullable(final String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
