package io.wipetrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.wipetrace.gateway.ledger.FabricGateways;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the ledger's history is asked for, and what the chaincode's answers become. */
class LedgerHistoryTest {

    private static final String DEVICE = "DEV-0123456789abcdef";

    private final FabricGateways gateways = mock(FabricGateways.class);
    private final Contract contract = mock(Contract.class);
    private final Proposal.Builder builder = mock(Proposal.Builder.class);
    private final Proposal proposal = mock(Proposal.class);
    private final LedgerHistory history = new LedgerHistory(gateways, "regulator", new ObjectMapper());

    @BeforeEach
    void aRegulatorIdentity() {
        when(gateways.organisations()).thenReturn(Set.of("collector", "regulator"));
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
        when(gateways.contract("regulator", "device")).thenReturn(contract);
        when(contract.newProposal("GetHistory")).thenReturn(builder);
        when(builder.addArguments(any(String[].class))).thenReturn(builder);
        when(builder.setEndorsingOrganizations(any(String[].class))).thenReturn(builder);
        when(builder.build()).thenReturn(proposal);
    }

    @Test
    void evaluates_get_history_on_the_regulators_own_peer_and_never_submits() throws Exception {
        when(proposal.evaluate()).thenReturn("{\"deviceId\":\"DEV-0123456789abcdef\",\"events\":[{\"eventId\":\"t:0\"}]}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(history.history(DEVICE)).hasValueSatisfying(
                h -> assertThat(h.path("events").get(0).path("eventId").asText()).isEqualTo("t:0"));
        verify(builder).addArguments(DEVICE);
        verify(builder).setEndorsingOrganizations("RegulatorOrgMSP");
        verify(proposal, never()).endorse();
    }

    @Test
    void an_unknown_device_on_the_ledger_is_empty() throws Exception {
        when(proposal.evaluate()).thenThrow(new GatewayException(Status.ABORTED.withDescription(
                "evaluate call to endorser returned error: chaincode response 500, DEVICE_NOT_FOUND: no device")
                .asRuntimeException()));

        assertThat(history.history(DEVICE)).isEmpty();
    }

    @Test
    void any_other_failure_is_the_ledger_being_unavailable() throws Exception {
        when(proposal.evaluate()).thenThrow(new GatewayException(Status.UNAVAILABLE.withDescription("connection refused")
                .asRuntimeException()));

        assertThatThrownBy(() -> history.history(DEVICE)).isInstanceOf(LedgerHistory.LedgerUnavailable.class)
                .hasMessageContaining("connection refused");
    }

    @Test
    void a_gateway_without_the_auditing_identity_says_so_instead_of_failing_to_start() {
        when(gateways.organisations()).thenReturn(Set.of("collector"));

        assertThatThrownBy(() -> history.history(DEVICE)).isInstanceOf(LedgerHistory.LedgerUnavailable.class)
                .hasMessageContaining("no Fabric identity for 'regulator'");
    }
}
