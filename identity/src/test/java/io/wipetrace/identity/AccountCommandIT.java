package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code account} command on the test network's PostgreSQL: what an administrator types, and what the accounts
 * can do afterwards (sign in with the printed password and code, be unlocked, lose their password, be removed).
 */
@SpringBootTest(classes = AccountCommand.Context.class,
        properties = "wipetrace.identity.organisations=collector,processor,regulator")
class AccountCommandIT {

    @TempDir
    static Path keys;

    @DynamicPropertySource
    static void totpKey(final DynamicPropertyRegistry registry) {
        registry.add("wipetrace.identity.totp-key-file", AccountCommandIT::keyFile);
    }

    private static String keyFile() {
        return keys.resolve("totp.key").toString();
    }

    @Autowired
    private Accounts accounts;

    @Autowired
    private IdentityProperties properties;

    @Autowired
    private JdbcClient jdbc;

    private record Run(int status, String out, String err) {
        String printed(final String label) {
            final Matcher m = Pattern.compile("(?m)^" + label + " +(\\S+)").matcher(out);
            assertThat(m.find()).as("'%s' in %s", label, out).isTrue();
            return m.group(1);
        }
    }

    private Run account(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = AccountCommand.run(args, accounts, properties, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String unique(final String prefix) {
        return prefix + "." + Accounts.newSubject().substring(2, 12);
    }

    @Test
    void adds_a_regulator_with_a_printed_password_and_second_factor_stored_sealed() {
        final String username = unique("auditor");
        final Run added = account("add", "regulator", username, "regulator");

        assertThat(added.status()).isEqualTo(AccountCommand.DONE);
        final String password = added.printed("password");
        final byte[] secret = Totp.fromBase32(added.printed("totp"));
        assertThat(added.printed("totp uri")).startsWith("otpauth://totp/WipeTrace:" + username);
        assertThat(accounts.signIn(username, password, null)).as("without the code")
                .isInstanceOf(Accounts.Outcome.Refused.class);
        assertThat(accounts.signIn(username, password, Totp.code(secret, Instant.now())))
                .isInstanceOf(Accounts.Outcome.SignedIn.class);

        final byte[] stored = jdbc.sql("SELECT totp_sealed FROM account WHERE username = ?").param(username)
                .query(byte[].class).single();
        assertThat(Totp.base32(stored)).doesNotContain(Totp.base32(secret).substring(0, 16));
        assertThat(jdbc.sql("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'account' AND column_name = 'totp_secret'").query(Integer.class).single())
                .as("no clear column left").isZero();
    }

    @Test
    void adds_a_clerk_without_a_second_factor_unless_asked_and_lists_them_by_organisation() {
        final String clerk = unique("clerk");
        final String careful = unique("clerk");
        final Run plain = account("add", "collector", clerk, "PARTNER");
        final Run withTotp = account("add", "collector", careful, "partner", "--totp");

        assertThat(plain.status()).isEqualTo(AccountCommand.DONE);
        assertThat(plain.out()).doesNotContain("totp");
        assertThat(accounts.signIn(clerk, plain.printed("password"), null))
                .isInstanceOf(Accounts.Outcome.SignedIn.class);
        assertThat(withTotp.printed("totp")).hasSize(32);

        final Run listed = account("list", "collector");
        assertThat(listed.status()).isEqualTo(AccountCommand.DONE);
        assertThat(listed.out()).containsPattern("(?m)^" + Pattern.quote(clerk) + " +collector +PARTNER +no ")
                .containsPattern("(?m)^" + Pattern.quote(careful) + " +collector +PARTNER +yes ")
                .doesNotContain(plain.printed("password"));
        assertThat(account("list", "processor").out()).doesNotContain(clerk);
    }

    @Test
    void unlocks_an_account_and_resets_a_forgotten_password() {
        final String clerk = unique("clerk");
        final String first = account("add", "processor", clerk, "PARTNER").printed("password");
        for (int attempt = 1; attempt <= 5; attempt++) {
            accounts.signIn(clerk, "wrong password " + attempt, null);
        }
        assertThat(accounts.signIn(clerk, first, null)).isInstanceOf(Accounts.Outcome.Locked.class);
        assertThat(account("list", "processor").out()).containsPattern("(?m)^" + Pattern.quote(clerk) + " .* 20\\d\\d-");

        assertThat(account("unlock", clerk).status()).isEqualTo(AccountCommand.DONE);
        assertThat(accounts.signIn(clerk, first, null)).isInstanceOf(Accounts.Outcome.SignedIn.class);

        final Run reset = account("reset-password", clerk);
        assertThat(reset.status()).isEqualTo(AccountCommand.DONE);
        assertThat(accounts.signIn(clerk, first, null)).as("the old password")
                .isInstanceOf(Accounts.Outcome.Refused.class);
        assertThat(accounts.signIn(clerk, reset.printed("password"), null))
                .isInstanceOf(Accounts.Outcome.SignedIn.class);
    }

    @Test
    void removes_an_account_so_that_it_can_no_longer_sign_in() {
        final String clerk = unique("clerk");
        final String password = account("add", "processor", clerk, "PARTNER").printed("password");

        assertThat(account("remove", clerk).status()).isEqualTo(AccountCommand.DONE);
        assertThat(accounts.find(clerk)).isEmpty();
        assertThat(accounts.signIn(clerk, password, null)).isInstanceOf(Accounts.Outcome.Refused.class);
        assertThat(account("remove", clerk)).extracting(Run::status, Run::err)
                .containsExactly(AccountCommand.REFUSED, "refused: no account " + clerk + System.lineSeparator());
    }

    @Test
    void refuses_unknown_organisations_roles_taken_names_and_bad_usage_with_distinct_statuses() {
        final String clerk = unique("clerk");
        assertThat(account("add", "collector", clerk, "PARTNER").status()).isEqualTo(AccountCommand.DONE);

        assertThat(account("add", "collector", clerk, "PARTNER")).extracting(Run::status, Run::err)
                .containsExactly(AccountCommand.REFUSED, "refused: the user name " + clerk + " is taken"
                        + System.lineSeparator());
        assertThat(account("add", "smuggler", unique("clerk"), "PARTNER").err())
                .contains("smuggler is not an organisation of this alliance");
        assertThat(account("add", "collector", unique("clerk"), "OWNER").err()).contains("roles must be one or more");
        assertThat(account("add", "collector", "Not A Name", "PARTNER").status()).isEqualTo(AccountCommand.REFUSED);
        for (final List<String> wrong : List.of(List.of("add", "collector"), List.of("unlock"),
                List.of("list", "a", "b"), List.of("delete", clerk))) {
            assertThat(account(wrong.toArray(String[]::new)).status()).as("%s", wrong).isEqualTo(AccountCommand.USAGE);
        }
    }

    @Test
    void runs_as_its_own_process_would_in_a_context_of_its_own() {
        final String clerk = unique("clerk");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int status = AccountCommand.run(new String[] {"add", "collector", clerk, "PARTNER"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "wipetrace.identity.totp-key-file=" + keyFile(), "wipetrace.identity.organisations=collector");

        assertThat(status).isEqualTo(AccountCommand.DONE);
        final Matcher password = Pattern.compile("(?m)^password +(\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(password.find()).isTrue();
        assertThat(accounts.signIn(clerk, password.group(1), null)).isInstanceOf(Accounts.Outcome.SignedIn.class);
    }
}
