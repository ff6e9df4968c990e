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
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hyperledger.fabric.client.GatewayException;
import org.junit.jupiter.api.Test;

/** How the ledger's history is asked for, and what the ledger client's answers become. */
class LedgerHistoryTest {

    private static final String DEVICE = "DEV-0123456789abcdef";

    private final LedgerClient ledger = mock(LedgerClient.class);
    private final LedgerHistory history = new LedgerHistory(ledger, Set.of("collector", "regulator"), "regulator",
            new ObjectMapper());

    @Test
    void evaluates_get_history_as_the_auditing_organisation_and_never_submits() {
        when(ledger.evaluate("regulator", "device", "GetHistory", DEVICE)).thenReturn(
                "{\"deviceId\":\"DEV-0123456789abcdef\",\"events\":[{\"eventId\":\"t:0\"}]}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(history.history(DEVICE)).hasValueSatisfying(
                h -> assertThat(h.path("events").get(0).path("eventId").asText()).isEqualTo("t:0"));
        verify(ledger, never()).submit(any(), any());
    }

    @Test
    void an_unknown_device_on_the_ledger_is_empty() {
        when(ledger.evaluate("regulator", "device", "GetHistory", DEVICE)).thenThrow(
                LedgerException.rejected(LedgerError.DEVICE_NOT_FOUND, "DEVICE_NOT_FOUND: no device", null));

        assertThat(history.history(DEVICE)).isEmpty();
    }

    @Test
    void another_refusal_is_not_taken_for_an_unknown_device() {
        when(ledger.evaluate("regulator", "device", "GetHistory", DEVICE)).thenThrow(
                LedgerException.rejected(LedgerError.NOT_AUTHORISED, "NOT_AUTHORISED: DEVICE_NOT_FOUND aside", null));

        assertThatThrownBy(() -> history.history(DEVICE)).isInstanceOf(LedgerHistory.LedgerUnavailable.class);
    }

    @Test
    void any_other_failure_is_the_ledger_being_unavailable() {
        when(ledger.evaluate("regulator", "device", "GetHistory", DEVICE)).thenThrow(new LedgerException(
                LedgerException.Kind.UNAVAILABLE, "LEDGER_UNAVAILABLE", "device:GetHistory: the peers cannot be reached",
                new GatewayException(Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException())));

        assertThatThrownBy(() -> history.history(DEVICE)).isInstanceOf(LedgerHistory.LedgerUnavailable.class)
                .hasMessageContaining("connection refused");
    }

    @Test
    void a_gateway_without_the_auditing_identity_says_so_instead_of_failing_to_start() {
        final LedgerHistory partners = new LedgerHistory(ledger, Set.of("collector"), "regulator", new ObjectMapper());

        assertThatThrownBy(() -> partners.history(DEVICE)).isInstanceOf(LedgerHistory.LedgerUnavailable.class)
                .hasMessageContaining("no Fabric identity for 'regulator'");
    }
}
