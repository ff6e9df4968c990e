package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.FabricGateways;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoApiKeysTest {

    private final ApiKeyStore store = mock(ApiKeyStore.class);
    private final FabricGateways gateways = mock(FabricGateways.class);

    private DemoApiKeys demo(final Path file) {
        return demo(file, "regulator");
    }

    private DemoApiKeys demo(final Path file, final String operator) {
        when(gateways.organisations()).thenReturn(new LinkedHashSet<>(List.of("collector", "processor", "regulator")));
        return new DemoApiKeys(new SecurityProperties(new SecurityProperties.OAuth2(null, null, "o", "r"),
                new SecurityProperties.DemoKeys(true, file), null, operator, Duration.ofSeconds(60),
                Duration.ofSeconds(5)), store, gateways,
                new ObjectMapper());
    }

    @Test
    void gives_the_admin_key_to_the_operator_organisation_only(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("api-keys.json");

        final List<DemoApiKeys.DemoKey> keys = demo(file, "processor").ensure(file);

        assertThat(keys).filteredOn(k -> k.role().equals(Roles.ADMIN)).extracting(DemoApiKeys.DemoKey::organisation)
                .containsExactly("processor");
        assertThatThrownBy(() -> demo(dir.resolve("other.json"), "elsewhere").ensure(dir.resolve("other.json")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("operator-organisation");
    }

    @Test
    void writes_one_key_per_organisation_and_an_admin_key_readable_only_by_its_owner(@TempDir final Path dir)
            throws Exception {
        final Path file = dir.resolve("gateway/api-keys.json");

        final List<DemoApiKeys.DemoKey> keys = demo(file).ensure(file);

        assertThat(keys).extracting(k -> k.organisation() + "/" + k.role()).containsExactly(
                "collector/PARTNER", "processor/PARTNER", "regulator/REGULATOR", "regulator/ADMIN");
        assertThat(keys).allSatisfy(k -> assertThat(k.apiKey()).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (DemoApiKeys.DemoKey key : keys) {
            verify(store).insert(key.id(), ApiKeys.hash(key.apiKey()), key.organisation(), key.role(), key.label());
        }
    }

    @Test
    void reuses_the_keys_already_in_the_file(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("api-keys.json");
        final List<DemoApiKeys.DemoKey> first = demo(file).ensure(file);
        final String written = Files.readString(file);

        final List<DemoApiKeys.DemoKey> second = demo(file).ensure(file);

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(written);
        // Registered again by hash (a no-op when present), so a replaced database gets them back.
        verify(store, times(8)).insert(any(UUID.class), any(), any(), any(), any());
    }
}
