package io.wipetrace.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Migration 2: TOTP secrets stored by version 1 in clear ({@code account.totp_secret}) are sealed with {@link TotpSeal}
 * into {@code account.totp_sealed}, and the clear column is dropped, in one transaction. A Java migration because only
 * the provider holds the key. The table's old row versions, which still hold the clear bytes until PostgreSQL rewrites
 * them, are removed by {@link IdentityStartup} with {@code VACUUM FULL} right after.
 */
@Component
class SealTotpSecrets implements JavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(SealTotpSecrets.class);

    private final TotpSeal seal;
    private volatile int sealed;

    SealTotpSecrets(final TotpSeal seal) {
        this.seal = seal;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2");
    }

    @Override
    public String getDescription() {
        return "seal totp secrets";
    }

    @Override
    public Integer getChecksum() {
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(final Context context) throws SQLException {
        final Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE account ADD COLUMN totp_sealed bytea"
                    + " CHECK (totp_sealed IS NULL OR octet_length(totp_sealed) >= 45)");
        }
        final Map<String, byte[]> clear = new LinkedHashMap<>();
        try (Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery(
                        "SELECT subject, totp_secret FROM account WHERE totp_secret IS NOT NULL")) {
            while (rows.next()) {
                clear.put(rows.getString(1), rows.getBytes(2));
            }
        }
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE account SET totp_sealed = ? WHERE subject = ?")) {
            for (final Map.Entry<String, byte[]> account : clear.entrySet()) {
                update.setBytes(1, seal.seal(account.getKey(), account.getValue()));
                update.setString(2, account.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE account DROP CONSTRAINT second_factor_for_regulators_and_admins");
            ddl.execute("ALTER TABLE account DROP COLUMN totp_secret");
            ddl.execute("ALTER TABLE account ADD CONSTRAINT second_factor_for_regulators_and_admins"
                    + " CHECK (totp_sealed IS NOT NULL OR roles !~ '(REGULATOR|ADMIN)')");
        }
        sealed = clear.size();
        LOG.info("sealed the TOTP secrets of {} account(s)", sealed);
    }

    /** @return how many clear secrets this process sealed (0 when the migration had run before) */
    int sealedNow() {
        return sealed;
    }
}
