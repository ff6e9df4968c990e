package io.wipetrace.gateway.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link ApiKeyStore} in PostgreSQL (table {@code api_key}). */
@Repository
class JdbcApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "id, organisation, role, label, created_at, revoked_at";

    private final JdbcTemplate jdbc;

    JdbcApiKeyStore(final JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(final UUID id, final String keyHash, final String organisation, final String role,
            final String label) {
        return jdbc.update("""
                insert into api_key (id, key_hash, organisation, role, label) values (?, ?, ?, ?, ?)
                on conflict do nothing""", id, keyHash, organisation, role, label) == 1;
    }

    @Override
    public Optional<ApiKeyRecord> findActiveByHash(final String keyHash) {
        return jdbc.query("select " + COLUMNS + " from api_key where key_hash = ? and revoked_at is null",
                JdbcApiKeyStore::record, keyHash).stream().findFirst();
    }

    @Override
    public List<ApiKeyRecord> list() {
        return jdbc.query("select " + COLUMNS + " from api_key order by created_at desc, id", JdbcApiKeyStore::record);
    }

    @Override
    public Optional<ApiKeyRecord> find(final UUID id) {
        return jdbc.query("select " + COLUMNS + " from api_key where id = ?", JdbcApiKeyStore::record, id)
                .stream().findFirst();
    }

    @Override
    public boolean revoke(final UUID id) {
        return jdbc.update("update api_key set revoked_at = now() where id = ? and revoked_at is null", id) == 1;
    }

    private static ApiKeyRecord record(final ResultSet rs, final int row) throws SQLException {
        final Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKeyRecord(rs.getObject("id", UUID.class), rs.getString("organisation"), rs.getString("role"),
                rs.getString("label"), rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
