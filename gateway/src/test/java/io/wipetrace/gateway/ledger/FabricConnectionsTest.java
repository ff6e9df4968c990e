package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.grpc.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricConnectionsTest {

    @TempDir
    Path dir;

    private FabricConnections connections;

    @AfterEach
    void closeConnections() {
        if (connections != null) {
            connections.close();
        }
    }

    private FabricProperties.Identity identity(final String orgKey, final String mspId) throws Exception {
        final TestIdentities.MspFiles files = TestIdentities.write(dir.resolve(orgKey), "User1@" + orgKey);
        // Port 1 on loopback: nothing listens, and nothing here needs it to.
        return new FabricProperties.Identity(mspId, "127.0.0.1:1", "peer0." + orgKey + ".wipetrace.local",
                files.tlsRootCert(), files.certificate(), files.keyDirectory());
    }

    private static FabricProperties properties(final Map<String, FabricProperties.Identity> identities) {
        final Duration twoSeconds = Duration.ofSeconds(2);
        return new FabricProperties("wipetrace", "wipetrace",
                new FabricProperties.Deadlines(twoSeconds, twoSeconds, twoSeconds, twoSeconds), identities);
    }

    private Map<String, FabricProperties.Identity> collectorAndRegulator() throws Exception {
        final Map<String, FabricProperties.Identity> identities = new LinkedHashMap<>();
        identities.put("collector", identity("collector", "CollectorOrgMSP"));
        identities.put("regulator", identity("regulator", "RegulatorOrgMSP"));
        return identities;
    }

    @Test
    void opens_one_gateway_per_organisation_signing_as_its_msp() throws Exception {
        connections = FabricConnections.open(properties(collectorAndRegulator()));

        assertThat(connections.organisations()).containsExactly("collector", "regulator");
        assertThat(connections.forOrganisation("collector").getIdentity().getMspId()).isEqualTo("CollectorOrgMSP");
        assertThat(connections.forOrganisation("regulator").getIdentity().getMspId()).isEqualTo("RegulatorOrgMSP");
        assertThat(connections.mspId("regulator")).isEqualTo("RegulatorOrgMSP");
    }

    @Test
    void addresses_the_configured_channel_chaincode_and_contract() throws Exception {
        connections = FabricConnections.open(properties(collectorAndRegulator()));

        final Contract contract = connections.contract("collector", "foundation");

        assertThat(connections.network("collector").getName()).isEqualTo("wipetrace");
        assertThat(contract.getChaincodeName()).isEqualTo("wipetrace");
        assertThat(contract.getContractName()).contains("foundation");
        assertThat(connections.contract("collector").getContractName()).isEmpty();
    }

    @Test
    void rejects_an_organisation_without_an_identity_listing_the_configured_ones() throws Exception {
        connections = FabricConnections.open(properties(collectorAndRegulator()));

        assertThatExceptionOfType(UnknownOrganisationException.class)
                .isThrownBy(() -> connections.forOrganisation("smelter"))
                .withMessageContaining("'smelter'")
                .withMessageContaining("[collector, regulator]");
    }

    @Test
    void refuses_a_key_directory_that_holds_more_than_one_file() throws Exception {
        final Map<String, FabricProperties.Identity> identities = collectorAndRegulator();
        Files.writeString(identities.get("regulator").keyDirectory().resolve("old_sk"), "stale");

        assertThatExceptionOfType(FabricIdentityException.class)
                .isThrownBy(() -> FabricConnections.open(properties(identities)))
                .withMessageContaining("'regulator'")
                .withMessageContaining("exactly one private key file, but holds 2");
    }

    @Test
    void refuses_a_key_file_that_is_not_a_pem_private_key() throws Exception {
        final Map<String, FabricProperties.Identity> identities = collectorAndRegulator();
        Files.writeString(identities.get("collector").keyDirectory().resolve("priv_sk"), "not a key");

        assertThatExceptionOfType(FabricIdentityException.class)
                .isThrownBy(() -> FabricConnections.open(properties(identities)))
                .withMessageContaining("'collector'")
                .withMessageContaining("not a PEM private key");
    }

    @Test
    void starts_connecting_to_each_peer_at_once_without_waiting_for_a_first_call() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Only a bound on a failing run: the connection comes as soon as the channel is built.
            peer.setSoTimeout(30_000);
            final TestIdentities.MspFiles files = TestIdentities.write(dir.resolve("collector"), "User1@collector");
            connections = FabricConnections.open(properties(Map.of("collector", new FabricProperties.Identity(
                    "CollectorOrgMSP", "127.0.0.1:" + peer.getLocalPort(), "peer0.collector.wipetrace.local",
                    files.tlsRootCert(), files.certificate(), files.keyDirectory()))));

            try (Socket dialled = peer.accept()) {
                assertThat(dialled.isConnected()).isTrue();
            }
        }
    }

    @Test
    void closing_shuts_the_grpc_channels_down() throws Exception {
        connections = FabricConnections.open(properties(collectorAndRegulator()));
        final Contract contract = connections.contract("collector", "foundation");

        connections.close();

        assertThatExceptionOfType(GatewayException.class)
                .isThrownBy(() -> contract.evaluateTransaction("GetValue", "k"))
                .satisfies(e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).containsIgnoringCase("shutdown");
                });
    }
}
