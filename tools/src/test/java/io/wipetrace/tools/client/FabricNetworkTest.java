package io.wipetrace.tools.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricNetworkTest {

    @Test
    void reads_each_organisations_identity_and_peer_from_the_gateways_network_yml(@TempDir final Path dir)
            throws Exception {
        final Path yml = Files.writeString(dir.resolve("network.yml"), """
                # Written by network/steps/configure.sh for the 'up' network. Do not edit.
                wipetrace:
                  fabric:
                    channel: trace
                    chaincode: devices
                    identities:
                      collector:
                        msp-id: CollectorOrgMSP
                        peer-endpoint: 127.0.0.1:7210
                        override-authority: peer0.collector.wipetrace.local
                        tls-root-cert: /state/crypto/collector/tls/ca.crt
                        certificate: /state/crypto/collector/signcerts/cert.pem
                        key-directory: /state/crypto/collector/keystore
                      processor:
                        msp-id: ProcessorOrgMSP
                        peer-endpoint: 127.0.0.1:7220
                        tls-root-cert: /state/crypto/processor/tls/ca.crt
                        certificate: /state/crypto/processor/signcerts/cert.pem
                        key-directory: /state/crypto/processor/keystore
                """);

        final FabricNetwork.Settings settings = FabricNetwork.Settings.read(yml);

        assertThat(settings.channel()).isEqualTo("trace");
        assertThat(settings.chaincode()).isEqualTo("devices");
        assertThat(settings.identities()).containsOnlyKeys("collector", "processor");
        assertThat(settings.identities().get("collector")).isEqualTo(new FabricNetwork.Identity("CollectorOrgMSP",
                "127.0.0.1:7210", "peer0.collector.wipetrace.local", Path.of("/state/crypto/collector/tls/ca.crt"),
                Path.of("/state/crypto/collector/signcerts/cert.pem"), Path.of("/state/crypto/collector/keystore")));
        assertThat(settings.identities().get("processor").overrideAuthority()).isEmpty();
    }

    @Test
    void a_network_yml_without_identities_says_to_bring_the_system_up(@TempDir final Path dir) throws Exception {
        final Path yml = Files.writeString(dir.resolve("network.yml"), "wipetrace:\n  fabric:\n    channel: trace\n");

        assertThatIllegalStateException().isThrownBy(() -> FabricNetwork.Settings.read(yml))
                .withMessageContaining("no Fabric identities").withMessageContaining("./wipetrace up");
    }
}
