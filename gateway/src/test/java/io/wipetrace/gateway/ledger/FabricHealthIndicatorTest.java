package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.map;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class FabricHealthIndicatorTest {

    private final FabricGateways gateways = mock(FabricGateways.class);
    private final LedgerClient ledger = mock(LedgerClient.class);
    private final FabricProperties properties = new FabricProperties(
            "wipetrace",
            "wipetrace",
            new FabricProperties.Deadlines(
                    Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(60)),
            Map.of());
    private final FabricHealthIndicator indicator = new FabricHealthIndicator(gateways, ledger, properties);

    @BeforeEach
    void twoOrganisations() {
        when(gateways.organisations()).thenReturn(new LinkedHashSet<>(List.of("collector", "regulator")));
        when(gateways.mspId("collector")).thenReturn("CollectorOrgMSP");
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
    }

    @Test
    void is_up_with_each_organisations_height_when_every_peer_answers() throws Exception {
        when(ledger.chainInfo("collector")).thenReturn(new ChainInfo(7, "aa", "bb"));
        when(ledger.chainInfo("regulator")).thenReturn(new ChainInfo(6, "cc", "aa"));

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("channel", "wipetrace");
        assertThat(health.getDetails().get("organisations")).isEqualTo(Map.of(
                "collector", Map.of("mspId", "CollectorOrgMSP", "status", "UP", "height", 7L),
                "regulator", Map.of("mspId", "RegulatorOrgMSP", "status", "UP", "height", 6L)));
    }

    @Test
    void is_down_naming_the_organisation_whose_peer_cannot_be_reached() throws Exception {
        when(ledger.chainInfo("collector")).thenReturn(new ChainInfo(7, "aa", "bb"));
        when(ledger.chainInfo("regulator")).thenThrow(new LedgerException(LedgerException.Kind.UNAVAILABLE,
                "LEDGER_UNAVAILABLE", "regulator: the peers cannot be reached", new GatewayException(
                        io.grpc.Status.UNAVAILABLE.withDescription("io exception").asRuntimeException())));

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("organisations")).isEqualTo(Map.of(
                "collector", Map.of("mspId", "CollectorOrgMSP", "status", "UP", "height", 7L),
                "regulator",
                Map.of("mspId", "RegulatorOrgMSP", "status", "DOWN", "error", "UNAVAILABLE: io exception")));
    }

    @Test
    void is_down_when_a_peer_answers_with_something_other_than_chain_info() throws Exception {
        when(ledger.chainInfo("collector")).thenThrow(new LedgerException(LedgerException.Kind.UNAVAILABLE,
                "EVALUATION_FAILED", "the peer's GetChainInfo answer is not a BlockchainInfo: truncated message",
                new InvalidProtocolBufferException("truncated message")));
        when(ledger.chainInfo("regulator")).thenReturn(new ChainInfo(6, "cc", "aa"));

        final Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("organisations")).asInstanceOf(map(String.class, Map.class))
                .extractingByKey("collector")
                .satisfies(collector -> assertThat(collector.get("error").toString())
                        .contains("not a BlockchainInfo")
                        .contains("truncated message"));
    }
}
