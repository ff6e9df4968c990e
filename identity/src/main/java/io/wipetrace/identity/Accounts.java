package io.wipetrace.identity;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The accounts table: creating accounts and checking a sign-in. The only class that writes SQL against it. A sign-in
 * reads and updates its account under a row lock, so parallel guesses are all counted.
 */
@Service
public class Accounts {

    /** Roles an account may hold; the gateway further checks each against the organisation's registered roles. */
    public static final Set<String> ROLES = Set.of("PARTNER", "REGULATOR", "ADMIN");
    private static final Set<String> NEED_SECOND_FACTOR = Set.of("REGULATOR", "ADMIN");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final Pattern ORGANISATION = Pattern.compile("[a-z][a-z0-9-]{1,63}");
    private static final int MIN_PASSWORD = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The result of one sign-in attempt. */
    public sealed interface Outcome {
        /** Signed in. */
        record SignedIn(Person person) implements Outcome {}

        /** Wrong user name, password or code (which one is not said). */
        record Refused() implements Outcome {}

        /** Locked after repeated failures; nothing was checked. */
        record Locked(Instant until) implements Outcome {}
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PasswordEncoder passwords;
    private final Lockout lockout;
    private final Clock clock;
    private final TotpSeal seal;
    /** Checked against when the user name is unknown, so that the answer takes as long as for a known one. */
    private final String decoyHash;

    public Accounts(final JdbcClient jdbc, final TransactionTemplate transactions, final PasswordEncoder passwords,
            final IdentityProperties properties, final Clock clock, final TotpSeal seal) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.passwords = passwords;
        this.lockout = properties.lockout();
        this.clock = clock;
        this.seal = seal;
        this.decoyHash = passwords.encode(newSubject());
    }

    /**
     * Creates an account.
     *
     * @param totpSecret the second factor's secret, or {@code null}; required for REGULATOR and ADMIN
     * @return the new account's person
     * @throws IllegalArgumentException for an invalid user name, organisation, role set or password, or a missing
     *         second factor
     */
    public Person create(final String username, final String organisation, final List<String> roles,
            final String password, final byte[] totpSecret) {
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("a user name is 3 to 64 of a-z, 0-9, '.', '_', '-'");
        }
        if (!ORGANISATION.matcher(organisation).matches()) {
            throw new IllegalArgumentException("not an organisation key: " + organisation);
        }
        if (roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles must be one or more of " + ROLES);
        }
        requirePassword(password);
        if (totpSecret == null && roles.stream().anyMatch(NEED_SECOND_FACTOR::contains)) {
            throw new IllegalArgumentException("regulators and administrators need a TOTP second factor");
        }
        final Person person = new Person(newSubject(), username, organisation, roles);
        jdbc.sql("INSERT INTO account (subject, username, organisation, roles, password_hash, totp_sealed)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(person.subject(), username, organisation, String.join(" ", roles), passwords.encode(password),
                        totpSecret == null ? null : seal.seal(person.subject(), totpSecret))
                .update();
        return person;
    }

    /** An account as its administrators see it: never its password hash or second factor. */
    public record Summary(String username, String organisation, List<String> roles, boolean secondFactor,
            Instant lockedUntil, Instant lastSignIn, Instant createdAt) {}

    /** @return the accounts of one organisation, or of all when {@code organisation} is null, by user name */
    public List<Summary> list(final String organisation) {
        return jdbc.sql("SELECT username, organisation, roles, totp_sealed IS NOT NULL AS second_factor,"
                        + " locked_until, last_sign_in, created_at FROM account"
                        + " WHERE (CAST(? AS text) IS NULL OR organisation = ?) ORDER BY username")
                .params(organisation, organisation)
                .query((rs, n) -> new Summary(rs.getString("username"), rs.getString("organisation"),
                        Arrays.asList(rs.getString("roles").split(" ")), rs.getBoolean("second_factor"),
                        instant(rs.getTimestamp("locked_until")), instant(rs.getTimestamp("last_sign_in")),
                        instant(rs.getTimestamp("created_at"))))
                .list();
    }

    /** Lifts a lockout and forgets the failures that led to it. @return whether the account exists */
    public boolean unlock(final String username) {
        return jdbc.sql("UPDATE account SET failed_attempts = 0, locked_until = NULL WHERE username = ?")
                .param(username).update() == 1;
    }

    /**
     * Replaces the password (its owner forgot it) and lifts a lockout. @return whether the account exists
     *
     * @throws IllegalArgumentException for a password that is too short
     */
    public boolean resetPassword(final String username, final String password) {
        requirePassword(password);
        return jdbc.sql("UPDATE account SET password_hash = ?, failed_attempts = 0, locked_until = NULL"
                        + " WHERE username = ?")
                .params(passwords.encode(password), username).update() == 1;
    }

    /**
     * Removes an account: its person can no longer sign in. Their pseudonymous subject stays in the gateway's write
     * trail, which no longer leads to a user name. @return whether the account existed
     */
    public boolean remove(final String username) {
        return jdbc.sql("DELETE FROM account WHERE username = ?").param(username).update() == 1;
    }

    private static void requirePassword(final String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD + " characters");
        }
    }

    private static Instant instant(final Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    /** @return the account's person, if the user name exists */
    public Optional<Person> find(final String username) {
        return jdbc.sql("SELECT subject, username, organisation, roles FROM account WHERE username = ?")
                .param(username).query(Accounts::person).optional();
    }

    /**
     * Checks a sign-in: not locked, the password, then the TOTP code if the account has a second factor. A failure
     * counts towards the lockout; a success resets it and uses up the code's step.
     */
    public Outcome signIn(final String username, final String password, final String code) {
        return transactions.execute(status -> {
            final Optional<Row> found = jdbc.sql("SELECT subject, username, organisation, roles, password_hash,"
                            + " totp_sealed, totp_last_step, failed_attempts, locked_until FROM account"
                            + " WHERE username = ? FOR UPDATE")
                    .param(username == null ? "" : username).query(Accounts::row).optional();
            final Instant now = clock.instant();
            if (found.isEmpty()) {
                passwords.matches(password == null ? "" : password, decoyHash);
                return new Outcome.Refused();
            }
            final Row row = found.get();
            if (row.lockedUntil() != null && now.isBefore(row.lockedUntil())) {
                return new Outcome.Locked(row.lockedUntil());
            }
            final boolean passwordMatches = password != null && passwords.matches(password, row.passwordHash());
            OptionalLong step = OptionalLong.of(row.totpLastStep());
            if (passwordMatches && row.totpSealed() != null) {
                step = Totp.verify(seal.open(row.person().subject(), row.totpSealed()), code, now,
                        row.totpLastStep());
            }
            if (!passwordMatches || step.isEmpty()) {
                final int failures = row.failedAttempts() + 1;
                final Instant until = lockout.lockedUntil(failures, now);
                jdbc.sql("UPDATE account SET failed_attempts = ?, locked_until = ? WHERE subject = ?")
                        .params(failures, until == null ? null : Timestamp.from(until), row.person().subject())
                        .update();
                return until == null ? new Outcome.Refused() : new Outcome.Locked(until);
            }
            jdbc.sql("UPDATE account SET failed_attempts = 0, locked_until = NULL, totp_last_step = ?,"
                            + " last_sign_in = ? WHERE subject = ?")
                    .params(step.getAsLong(), Timestamp.from(now), row.person().subject())
                    .update();
            return new Outcome.SignedIn(row.person());
        });
    }

    /** A new pseudonymous subject: {@code p-} and 26 Base32 letters (130 random bits). */
    static String newSubject() {
        final byte[] bytes = new byte[17];
        RANDOM.nextBytes(bytes);
        return "p-" + Totp.base32(bytes).substring(0, 26).toLowerCase(java.util.Locale.ROOT);
    }

    private record Row(Person person, String passwordHash, byte[] totpSealed, long totpLastStep, int failedAttempts,
            Instant lockedUntil) {}

    private static Person person(final ResultSet rs, final int row) throws SQLException {
        return new Person(rs.getString("subject"), rs.getString("username"), rs.getString("organisation"),
                Arrays.asList(rs.getString("roles").split(" ")));
    }

    private static Row row(final ResultSet rs, final int n) throws SQLException {
        final Timestamp locked = rs.getTimestamp("locked_until");
        return new Row(person(rs, n), rs.getString("password_hash"), rs.getBytes("totp_sealed"),
                rs.getLong("totp_last_step"), rs.getInt("failed_attempts"), locked == null ? null : locked.toInstant());
    }
}
