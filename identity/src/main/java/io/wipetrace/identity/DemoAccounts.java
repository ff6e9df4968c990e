package io.wipetrace.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * For a local instance: one person per organisation (PARTNER, or REGULATOR for {@code regulator}) and an ADMIN of the
 * operator organisation, their passwords and TOTP secrets written once to {@code wipetrace.identity.demo-accounts.file}
 * with mode 600. Later starts reuse the file and create again any account the database lacks. Never in production.
 */
@Component
@ConditionalOnProperty(name = "wipetrace.identity.demo-accounts.enabled", havingValue = "true")
class DemoAccounts implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoAccounts.class);
    private static final String REGULATOR_ORG = "regulator";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One person of the file; {@code totpSecret} is Base32, {@code totpUri} what an authenticator app scans. */
    record DemoAccount(String username, String password, String organisation, List<String> roles, String totpSecret,
            String totpUri) {}

    /** The file. */
    record DemoAccountFile(String signIn, List<DemoAccount> accounts) {}

    private final IdentityProperties properties;
    private final Accounts accounts;
    private final ObjectMapper json;

    DemoAccounts(final IdentityProperties properties, final Accounts accounts, final ObjectMapper json) {
        this.properties = properties;
        this.accounts = accounts;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public void run(final ApplicationArguments args) throws IOException {
        ensure(properties.demoAccounts().file());
    }

    void ensure(final Path file) throws IOException {
        final List<DemoAccount> people = new ArrayList<>(Files.isRegularFile(file)
                ? json.readValue(file.toFile(), DemoAccountFile.class).accounts()
                : List.of());
        final List<DemoAccount> wanted = new ArrayList<>();
        final String prefix = properties.demoAccounts().usernamePrefix();
        for (final String organisation : properties.demoAccounts().organisations()) {
            wanted.add(REGULATOR_ORG.equals(organisation)
                    ? person(prefix + organisation + ".auditor", organisation, "REGULATOR")
                    : person(prefix + organisation + ".clerk", organisation, "PARTNER"));
        }
        final String operator = properties.demoAccounts().operatorOrganisation();
        wanted.add(person(prefix + operator + ".admin", operator, "ADMIN"));
        boolean changed = !Files.isRegularFile(file);
        for (final DemoAccount person : wanted) {
            if (people.stream().noneMatch(p -> p.username().equals(person.username()))) {
                people.add(person);
                changed = true;
            }
        }
        if (changed) {
            OwnerOnlyFile.write(file, json.writeValueAsBytes(new DemoAccountFile(properties.issuer(), people)));
        }
        OwnerOnlyFile.restrict(file);
        for (final DemoAccount person : people) {
            if (accounts.find(person.username()).isEmpty()) {
                accounts.create(person.username(), person.organisation(), person.roles(), person.password(),
                        person.totpSecret() == null ? null : Totp.fromBase32(person.totpSecret()));
            }
        }
        LOG.info("demo accounts {} in {}", people.stream().map(DemoAccount::username).toList(), file);
    }

    /** A person with a random password; regulators and administrators get a TOTP secret, partners none. */
    private DemoAccount person(final String username, final String organisation, final String role) {
        final byte[] password = new byte[12];
        RANDOM.nextBytes(password);
        final byte[] secret = "PARTNER".equals(role) ? null : Totp.newSecret();
        return new DemoAccount(username, Totp.base32(password).toLowerCase(java.util.Locale.ROOT), organisation,
                List.of(role), secret == null ? null : Totp.base32(secret),
                secret == null ? null : Totp.uri("WipeTrace", username, secret));
    }
}
