package io.wipetrace.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wipetrace.gateway.ledger.FabricGateways;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * For a local instance: one key per organisation (REGULATOR for the regulator, PARTNER for the others) and one ADMIN
 * key for the operator organisation ({@code wipetrace.security.operator-organisation}), written once to {@code wipetrace.security.demo-keys.file} with mode 600 and registered by hash. Later starts
 * reuse the file's keys (and register them again if the database was replaced); an organisation without a key gets
 * one. Never enable this in production.
 */
@Component
@ConditionalOnProperty(name = "wipetrace.security.demo-keys.enabled", havingValue = "true")
class DemoApiKeys implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApiKeys.class);
    static final String REGULATOR_ORG = "regulator";

    /** One entry of the file. */
    record DemoKey(UUID id, String organisation, String role, String label, String apiKey) {}

    /** The file. */
    record DemoKeyFile(List<DemoKey> keys) {}

    private final SecurityProperties properties;
    private final ApiKeyStore store;
    private final FabricGateways gateways;
    private final ObjectMapper json;

    DemoApiKeys(final SecurityProperties properties, final ApiKeyStore store, final FabricGateways gateways,
            final ObjectMapper json) {
        this.properties = properties;
        this.store = store;
        this.gateways = gateways;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public void run(final ApplicationArguments args) {
        final Path file = properties.demoKeys().file();
        if (file == null) {
            throw new IllegalStateException("wipetrace.security.demo-keys.file is not set");
        }
        try {
            ensure(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo API keys to " + file, e);
        }
    }

    synchronized List<DemoKey> ensure(final Path file) throws IOException {
        final List<DemoKey> keys = new ArrayList<>(Files.isRegularFile(file)
                ? json.readValue(file.toFile(), DemoKeyFile.class).keys()
                : List.of());
        boolean changed = false;
        for (final String organisation : gateways.organisations()) {
            final String role = REGULATOR_ORG.equals(organisation) ? Roles.REGULATOR : Roles.PARTNER;
            if (keys.stream().noneMatch(k -> k.organisation().equals(organisation) && k.role().equals(role))) {
                keys.add(new DemoKey(UUID.randomUUID(), organisation, role, "demo " + organisation, ApiKeys.generate()));
                changed = true;
            }
        }
        final String operator = properties.operatorOrganisation();
        if (keys.stream().noneMatch(k -> Roles.ADMIN.equals(k.role()) && k.organisation().equals(operator))) {
            if (!gateways.organisations().contains(operator)) {
                throw new IllegalStateException("the operator organisation '" + operator + "' (wipetrace.security"
                        + ".operator-organisation) has no Fabric identity here, so no ADMIN key can act for it");
            }
            keys.add(new DemoKey(UUID.randomUUID(), operator, Roles.ADMIN, "demo administrator", ApiKeys.generate()));
            changed = true;
        }
        if (changed || !Files.isRegularFile(file)) {
            write(file, new DemoKeyFile(keys));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        for (final DemoKey key : keys) {
            store.insert(key.id(), ApiKeys.hash(key.apiKey()), key.organisation(), key.role(), key.label());
        }
        LOG.info("demo API keys for {} in {}", gateways.organisations(), file);
        return keys;
    }

    private void write(final Path file, final DemoKeyFile content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".api-keys", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            json.writeValue(temp.toFile(), content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
