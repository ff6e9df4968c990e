package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wipetrace.gateway.ledger.ChainInfo;
import io.wipetrace.gateway.ledger.LedgerClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;

class BagDevicesTest {

    private static final String CHANNEL = "wipetrace";
    private static final Set<String> OFFERABLE = Set.of("COLLECTED", "RECEIVED");

    private final InMemoryStore store = new InMemoryStore();
    private final CustodyReads custody = mock(CustodyReads.class);
    private final LedgerClient ledger = mock(LedgerClient.class);
    private BagDevices bags;

    @BeforeEach
    void readModelAndLedger() {
        @SuppressWarnings("unchecked")
        final ObjectProvider<LedgerClient> provider = mock(ObjectProvider.class);
        when(provider.getObject()).thenReturn(ledger);
        // No wait beyond one look at the checkpoint: the read model has reached the block or it has not.
        final ReadYourWrites readYourWrites = new ReadYourWrites(new ProjectionProgress(CHANNEL,
                new SimpleMeterRegistry(), Clock.systemUTC()), store, CHANNEL, Duration.ZERO, Clock.systemUTC());
        bags = new BagDevices(custody, readYourWrites, provider);
        when(custody.bagDevices("CollectorOrgMSP", "BAG-7", OFFERABLE, 501))
                .thenReturn(List.of("DEV-0000000000000001", "DEV-0000000000000002"));
    }

    @Test
    void answers_from_the_read_model_once_it_holds_the_last_block_of_the_callers_peer() {
        when(ledger.chainInfo("collector")).thenReturn(new ChainInfo(10, "c", "p"));
        store.setCheckpoint(CHANNEL, 9);

        assertThat(bags.held("collector", "CollectorOrgMSP", "BAG-7", OFFERABLE, 501))
                .contains(List.of("DEV-0000000000000001", "DEV-0000000000000002"));
        verify(ledger).chainInfo("collector");
    }

    @Test
    void answers_nothing_while_the_read_model_is_behind_the_callers_peer() {
        when(ledger.chainInfo("collector")).thenReturn(new ChainInfo(10, "c", "p"));
        store.setCheckpoint(CHANNEL, 8);

        assertThat(bags.held("collector", "CollectorOrgMSP", "BAG-7", OFFERABLE, 501)).isEqualTo(Optional.empty());
        verify(custody, never()).bagDevices(anyString(), anyString(), any(), anyInt());
    }
}
