package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Migration 2 on an identity schema of version 1 whose regulator has a clear TOTP secret: afterwards the secret opens
 * from its seal only, and the table's file on disk, which held it in clear before, no longer does.
 */
@SpringBootTest(classes = AccountCommand.Context.class)
class TotpSealMigrationIT {

    @TempDir
    static Path keys;

    @DynamicPropertySource
    static void totpKey(final DynamicPropertyRegistry registry) {
        registry.add("wipetrace.identity.totp-key-file", () -> keys.resolve("totp.key").toString());
    }

    @Autowired
    private DataSourceProperties database;

    @Autowired
    private TotpSeal seal;

    private final String schema = "identity_upgrade_" + Accounts.newSubject().substring(2, 12);
    private HikariDataSource upgraded;

    @AfterEach
    void dropSchema() {
        JdbcClient.create(upgraded).sql("DROP SCHEMA " + schema + " CASCADE").update();
        upgraded.close();
    }

    @Test
    void seals_clear_secrets_of_version_one_and_leaves_none_in_the_table_file() throws IOException {
        upgraded = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        upgraded.setSchema(schema);
        flyway(upgraded).target("1").load().migrate();
        final JdbcClient jdbc = JdbcClient.create(upgraded);
        final byte[] secret = Totp.newSecret();
        final String subject = Accounts.newSubject();
        jdbc.sql("INSERT INTO account (subject, username, organisation, roles, password_hash, totp_secret)"
                        + " VALUES (?, 'auditor.before', 'regulator', 'REGULATOR', '$argon2id$v=19$m=1,t=1,p=1$x$y', ?)")
                .params(subject, secret).update();
        checkpoint();
        final Path tableFile = tableFile(jdbc);
        assertThat(TotpSealTest.contains(Files.readAllBytes(tableFile), secret)).as("control: the clear secret is in the file")
                .isTrue();

        final SealTotpSecrets migration = new SealTotpSecrets(seal);
        flyway(upgraded).javaMigrations(migration).load().migrate();
        new IdentityStartup(migration, jdbc).run(null);
        checkpoint();

        assertThat(migration.sealedNow()).isEqualTo(1);
        final byte[] sealed = jdbc.sql("SELECT totp_sealed FROM account WHERE subject = ?").param(subject)
                .query(byte[].class).single();
        assertThat(seal.open(subject, sealed)).isEqualTo(secret);
        final Path rewritten = tableFile(jdbc);
        assertThat(rewritten).as("VACUUM FULL wrote a new file").isNotEqualTo(tableFile);
        assertThat(Files.exists(tableFile) && TotpSealTest.contains(Files.readAllBytes(tableFile), secret)).isFalse();
        assertThat(TotpSealTest.contains(Files.readAllBytes(rewritten), secret)).isFalse();
        assertThat(TotpSealTest.contains(Files.readAllBytes(rewritten), subject.getBytes())).as("control: the row is there")
                .isTrue();
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO account (subject, username, organisation, roles,"
                        + " password_hash) VALUES (?, 'auditor.without', 'regulator', 'REGULATOR',"
                        + " '$argon2id$v=19$m=1,t=1,p=1$x$y')").param(Accounts.newSubject()).update())
                .as("a regulator without a sealed second factor")
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("second_factor_for_regulators_and_admins");
    }

    private FluentConfiguration flyway(final DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration");
    }

    /** The instance's superuser: the application's role may neither checkpoint nor see the data directory. */
    private java.sql.Connection superuser() throws java.sql.SQLException, IOException {
        final Path state = Path.of(System.getenv().getOrDefault("WIPETRACE_STATE",
                System.getProperty("user.home") + "/.local/state/wipetrace/up"));
        final String password = Files.readString(state.resolve("postgres/superuser.password")).strip();
        return java.sql.DriverManager.getConnection(database.getUrl(), "postgres", password);
    }

    /** Writes PostgreSQL's dirty pages to the table's file. */
    private void checkpoint() throws IOException {
        try (java.sql.Connection connection = superuser(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (final java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path tableFile(final JdbcClient jdbc) throws IOException {
        try (java.sql.Connection connection = superuser(); java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SHOW data_directory")) {
            rows.next();
            return Path.of(rows.getString(1)).resolve(jdbc.sql("SELECT pg_relation_filepath('account')")
                    .query(String.class).single());
        } catch (final java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
