package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

class FabricPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FabricProperties.class)
    static class BindOnly {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(BindOnly.class);

    @TempDir
    Path state;

    /** Writes network.yml exactly as the network scripts do, for two of the four organisations. */
    private Path networkYml(final String collectorEndpoint) throws IOException, GeneralSecurityException {
        final TestIdentities.MspFiles collector = TestIdentities.write(state.resolve("collector"), "User1@collector");
        final TestIdentities.MspFiles regulator = TestIdentities.write(state.resolve("regulator"), "User1@regulator");
        return Files.writeString(state.resolve("network.yml"), """
                wipetrace:
                  fabric:
                    channel: wipetrace
                    chaincode: wipetrace
                    identities:
                      collector:
                        msp-id: CollectorOrgMSP
                        peer-endpoint: %s
                        override-authority: peer0.collector.wipetrace.local
                        tls-root-cert: %s
                        certificate: %s
                        key-directory: %s
                      regulator:
                        msp-id: RegulatorOrgMSP
                        peer-endpoint: 127.0.0.1:7240
                        override-authority: peer0.regulator.wipetrace.local
                        tls-root-cert: %s
                        certificate: %s
                        key-directory: %s
                """.formatted(
                collectorEndpoint, collector.tlsRootCert(), collector.certificate(), collector.keyDirectory(),
                regulator.tlsRootCert(), regulator.certificate(), regulator.keyDirectory()));
    }

    private ApplicationContextRunner withFile(final Path yml) {
        return runner.withInitializer(context -> {
            try {
                final var sources = new YamlPropertySourceLoader().load("network.yml", new FileSystemResource(yml));
                for (PropertySource<?> source : sources) {
                    context.getEnvironment().getPropertySources().addFirst(source);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String startupFailure(final AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        final StringBuilder messages = new StringBuilder();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void binds_the_network_file_the_scripts_write() throws Exception {
        withFile(networkYml("127.0.0.1:7210")).run(context -> {
            final FabricProperties properties = context.getBean(FabricProperties.class);

            assertThat(properties.channel()).isEqualTo("wipetrace");
            assertThat(properties.identities()).containsOnlyKeys("collector", "regulator");
            final FabricProperties.Identity collector = properties.identities().get("collector");
            assertThat(collector.mspId()).isEqualTo("CollectorOrgMSP");
            assertThat(collector.peerEndpoint()).isEqualTo("127.0.0.1:7210");
            assertThat(collector.overrideAuthority()).isEqualTo("peer0.collector.wipetrace.local");
            assertThat(collector.certificate())
                    .isEqualTo(state.resolve("collector/signcerts/User1@collector-cert.pem"));
            assertThat(collector.keyDirectory()).isEqualTo(state.resolve("collector/keystore"));
            assertThat(collector.tlsRootCert()).isEqualTo(state.resolve("collector/tls/ca.crt"));
        });
    }

    @Test
    void keeps_the_organisations_in_file_order() throws Exception {
        withFile(networkYml("127.0.0.1:7210")).run(context ->
                assertThat(context.getBean(FabricProperties.class).identities().keySet())
                        .containsExactly("collector", "regulator"));
    }

    @Test
    void defaults_the_deadlines_per_call_kind() throws Exception {
        withFile(networkYml("127.0.0.1:7210")).run(context -> {
            final FabricProperties.Deadlines deadlines = context.getBean(FabricProperties.class).deadlines();

            assertThat(deadlines.evaluate()).isEqualTo(Duration.ofSeconds(5));
            assertThat(deadlines.endorse()).isEqualTo(Duration.ofSeconds(15));
            assertThat(deadlines.submit()).isEqualTo(Duration.ofSeconds(5));
            assertThat(deadlines.commitStatus()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void accepts_deadlines_from_configuration() throws Exception {
        withFile(networkYml("127.0.0.1:7210"))
                .withPropertyValues("wipetrace.fabric.deadlines.commit-status=2m")
                .run(context -> assertThat(context.getBean(FabricProperties.class).deadlines().commitStatus())
                        .isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void refuses_to_start_without_identities_and_says_where_they_come_from() {
        runner.run(context -> assertThat(startupFailure(context))
                .contains("identities")
                .contains("$WIPETRACE_STATE/gateway/network.yml"));
    }

    @Test
    void refuses_a_peer_endpoint_that_is_not_host_and_port() throws Exception {
        withFile(networkYml("peer0.collector.wipetrace.local")).run(context -> assertThat(startupFailure(context))
                .contains("identities[collector].peerEndpoint")
                .contains("must be host:port"));
    }

    @Test
    void refuses_a_certificate_path_that_does_not_exist() throws Exception {
        final Path yml = networkYml("127.0.0.1:7210");
        Files.delete(state.resolve("regulator/signcerts/User1@regulator-cert.pem"));

        withFile(yml).run(context -> assertThat(startupFailure(context))
                .contains("identities[regulator].certificate")
                .contains("must name a readable file"));
    }

    @Test
    void refuses_a_key_directory_that_is_a_file() throws Exception {
        final Path yml = networkYml("127.0.0.1:7210");
        final Path keystore = state.resolve("collector/keystore");
        Files.delete(keystore.resolve("priv_sk"));
        Files.delete(keystore);
        Files.writeString(keystore, "a file where the key directory should be");

        withFile(yml).run(context -> assertThat(startupFailure(context))
                .contains("identities[collector].keyDirectory")
                .contains("must name a readable directory"));
    }

    @Test
    void refuses_a_zero_deadline() throws Exception {
        withFile(networkYml("127.0.0.1:7210"))
                .withPropertyValues("wipetrace.fabric.deadlines.evaluate=0s")
                .run(context -> assertThat(startupFailure(context)).contains("deadlines.evaluate"));
    }
}
