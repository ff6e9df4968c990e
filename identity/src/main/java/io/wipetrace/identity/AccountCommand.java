package io.wipetrace.identity;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * {@code account}: the identity provider's accounts managed from the command line, against the same database and TOTP
 * key as the running provider, with no web server. Passwords are never arguments (a process list would show them):
 * {@code add} and {@code reset-password} make a random one and print it once, with the TOTP secret and
 * {@code otpauth://} URI for regulators and administrators (or with {@code --totp}).
 *
 * <pre>
 * account add ORGANISATION USERNAME ROLE[,ROLE...] [--totp]
 * account list [ORGANISATION]
 * account unlock USERNAME
 * account reset-password USERNAME
 * account remove USERNAME
 * </pre>
 *
 * Exit status: 0 done, 1 refused (an unknown account, a user name taken, an organisation not of the alliance), 2 a
 * usage error.
 */
final class AccountCommand {

    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    private static final String USAGE_TEXT = """
            usage: account add ORGANISATION USERNAME ROLE[,ROLE...] [--totp]
                   account list [ORGANISATION]
                   account unlock USERNAME
                   account reset-password USERNAME
                   account remove USERNAME
            ROLE is one of PARTNER, REGULATOR, ADMIN; REGULATOR and ADMIN always get a TOTP second factor.""";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PASSWORD_BYTES = 15;

    /** What the command needs: the database, its migrations and the account store; no web server, no tokens. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class})
    @EnableConfigurationProperties(IdentityProperties.class)
    @Import({AccountConfiguration.class, IdentityStartup.class})
    static class Context {}

    private AccountCommand() {}

    /** Runs one command in a context of its own and closes it; {@code settings} are extra Spring properties. */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final String... settings) {
        if (args.length == 0 || !List.of("add", "list", "unlock", "reset-password", "remove").contains(args[0])) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .properties(settings)
                .run()) {
            return run(args, context.getBean(Accounts.class), context.getBean(IdentityProperties.class), out, err);
        }
    }

    static int run(final String[] args, final Accounts accounts, final IdentityProperties properties,
            final PrintStream out, final PrintStream err) {
        try {
            return switch (args[0]) {
                case "add" -> add(args, accounts, properties, out, err);
                case "list" -> list(args, accounts, out, err);
                case "unlock" -> one(args, err, username -> accounts.unlock(username), out, "unlocked");
                case "reset-password" -> resetPassword(args, accounts, out, err);
                case "remove" -> one(args, err, username -> accounts.remove(username), out, "removed");
                default -> usage(err);
            };
        } catch (final IllegalArgumentException e) {
            err.println("refused: " + e.getMessage());
            return REFUSED;
        } catch (final org.springframework.dao.DuplicateKeyException e) {
            err.println("refused: the user name " + args[2] + " is taken");
            return REFUSED;
        }
    }

    private static int add(final String[] args, final Accounts accounts, final IdentityProperties properties,
            final PrintStream out, final PrintStream err) {
        final List<String> rest = Arrays.asList(args).subList(1, args.length);
        final boolean totp = rest.contains("--totp");
        final List<String> positional = rest.stream().filter(a -> !a.equals("--totp")).toList();
        if (positional.size() != 3) {
            return usage(err);
        }
        final String organisation = positional.get(0);
        final String username = positional.get(1);
        final List<String> roles = Arrays.stream(positional.get(2).split(","))
                .map(r -> r.strip().toUpperCase(Locale.ROOT)).distinct().toList();
        if (!properties.organisations().isEmpty() && !properties.organisations().contains(organisation)) {
            err.println("refused: " + organisation + " is not an organisation of this alliance "
                    + properties.organisations());
            return REFUSED;
        }
        final boolean secondFactor = totp || roles.contains("REGULATOR") || roles.contains("ADMIN");
        final byte[] secret = secondFactor ? Totp.newSecret() : null;
        final String password = newPassword();
        final Person person = accounts.create(username, organisation, roles, password, secret);
        out.println("account   " + username + " (" + organisation + ", " + String.join(",", roles) + ")");
        out.println("subject   " + person.subject() + "  (what the write trail names)");
        out.println("password  " + password + "  (shown once; hand it over in person)");
        if (secret != null) {
            out.println("totp      " + Totp.base32(secret));
            out.println("totp uri  " + Totp.uri("WipeTrace", username, secret));
        }
        return DONE;
    }

    private static int list(final String[] args, final Accounts accounts, final PrintStream out,
            final PrintStream err) {
        if (args.length > 2) {
            return usage(err);
        }
        final List<Accounts.Summary> found = accounts.list(args.length == 2 ? args[1] : null);
        out.printf("%-32s %-12s %-18s %-4s %-21s %s%n", "USERNAME", "ORGANISATION", "ROLES", "TOTP", "LOCKED UNTIL",
                "LAST SIGN-IN");
        final Instant now = Instant.now();
        for (final Accounts.Summary account : found) {
            out.printf("%-32s %-12s %-18s %-4s %-21s %s%n", account.username(), account.organisation(),
                    String.join(",", account.roles()), account.secondFactor() ? "yes" : "no",
                    account.lockedUntil() == null || account.lockedUntil().isBefore(now) ? "-"
                            : account.lockedUntil().toString(),
                    account.lastSignIn() == null ? "never" : account.lastSignIn().toString());
        }
        return DONE;
    }

    private static int resetPassword(final String[] args, final Accounts accounts, final PrintStream out,
            final PrintStream err) {
        if (args.length != 2) {
            return usage(err);
        }
        final String password = newPassword();
        if (!accounts.resetPassword(args[1], password)) {
            err.println("refused: no account " + args[1]);
            return REFUSED;
        }
        out.println("password  " + password + "  (shown once; hand it over in person)");
        return DONE;
    }

    private static int one(final String[] args, final PrintStream err,
            final java.util.function.Predicate<String> action, final PrintStream out, final String done) {
        if (args.length != 2) {
            return usage(err);
        }
        if (!action.test(args[1])) {
            err.println("refused: no account " + args[1]);
            return REFUSED;
        }
        out.println(args[1] + " " + done);
        return DONE;
    }

    private static int usage(final PrintStream err) {
        err.println(USAGE_TEXT);
        return USAGE;
    }

    /** 120 random bits in lower-case Base32: 24 letters and digits, easy to read out and type. */
    static String newPassword() {
        final byte[] bytes = new byte[PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Totp.base32(bytes).toLowerCase(Locale.ROOT);
    }
}
