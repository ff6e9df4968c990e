package io.wipetrace.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerSettingsTest {

    private static final String PACKAGE_ID = "wipetrace_0.1.0:5f3c9a";

    @TempDir
    Path dir;

    @Test
    void reads_the_listen_address_and_package_id() {
        final ServerSettings settings = ServerSettings.fromEnvironment(
                Map.of("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:7300", "CORE_CHAINCODE_ID_NAME", PACKAGE_ID));

        assertThat(settings.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 7300));
        assertThat(settings.chaincodeId()).isEqualTo(PACKAGE_ID);
        assertThat(settings.tls()).isEmpty();
    }

    @Test
    void serves_plain_grpc_when_no_tls_files_are_given() {
        final ChaincodeServerProperties properties = ServerSettings.fromEnvironment(
                        Map.of("CHAINCODE_SERVER_ADDRESS", "0.0.0.0:9999", "CORE_CHAINCODE_ID_NAME", PACKAGE_ID))
                .toServerProperties();

        assertThat(properties.isTlsEnabled()).isFalse();
        assertThat(properties.getServerAddress()).isEqualTo(new InetSocketAddress("0.0.0.0", 9999));
    }

    @Test
    void rejects_a_missing_listen_address_naming_the_variable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerSettings.fromEnvironment(Map.of("CORE_CHAINCODE_ID_NAME", PACKAGE_ID)))
                .withMessageStartingWith("CHAINCODE_SERVER_ADDRESS is not set");
    }

    @Test
    void rejects_a_missing_package_id_naming_the_variable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerSettings.fromEnvironment(Map.of("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:7300")))
                .withMessageStartingWith("CORE_CHAINCODE_ID_NAME is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7300", "127.0.0.1", "127.0.0.1:", "127.0.0.1:port", "127.0.0.1:70000", "127.0.0.1:0"})
    void rejects_a_listen_address_that_is_not_host_and_port(final String address) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerSettings.fromEnvironment(
                        Map.of("CHAINCODE_SERVER_ADDRESS", address, "CORE_CHAINCODE_ID_NAME", PACKAGE_ID)))
                .withMessageContaining("CHAINCODE_SERVER_ADDRESS");
    }

    @Test
    void serves_mutual_tls_when_certificate_key_and_client_ca_are_given() throws IOException {
        final Path cert = Files.writeString(dir.resolve("server.crt"), "cert");
        final Path key = Files.writeString(dir.resolve("server.key"), "key");
        final Path ca = Files.writeString(dir.resolve("ca.crt"), "ca");

        final ChaincodeServerProperties properties = ServerSettings.fromEnvironment(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "127.0.0.1:7300",
                        "CORE_CHAINCODE_ID_NAME", PACKAGE_ID,
                        "CHAINCODE_TLS_CERT_FILE", cert.toString(),
                        "CHAINCODE_TLS_KEY_FILE", key.toString(),
                        "CHAINCODE_TLS_CLIENT_CA_FILE", ca.toString()))
                .toServerProperties();

        assertThat(properties.isTlsEnabled()).isTrue();
        assertThat(properties.getKeyCertChainFile()).isEqualTo(cert.toString());
        assertThat(properties.getKeyFile()).isEqualTo(key.toString());
        assertThat(properties.getTrustCertCollectionFile()).isEqualTo(ca.toString());
    }

    @Test
    void rejects_a_tls_certificate_without_its_key() throws IOException {
        final Path cert = Files.writeString(dir.resolve("server.crt"), "cert");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerSettings.fromEnvironment(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "127.0.0.1:7300",
                        "CORE_CHAINCODE_ID_NAME", PACKAGE_ID,
                        "CHAINCODE_TLS_CERT_FILE", cert.toString())))
                .withMessageContaining("CHAINCODE_TLS_KEY_FILE");
    }

    @Test
    void rejects_a_tls_file_that_cannot_be_read() {
        final Path missing = dir.resolve("missing.key");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerSettings.fromEnvironment(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "127.0.0.1:7300",
                        "CORE_CHAINCODE_ID_NAME", PACKAGE_ID,
                        "CHAINCODE_TLS_CERT_FILE", missing.toString(),
                        "CHAINCODE_TLS_KEY_FILE", missing.toString())))
                .withMessage("CHAINCODE_TLS_CERT_FILE names " + missing + ", which is not a readable file");
    }
}
