package io.wipetrace.gateway.ledger;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the Fabric gateways and the commit streams of writes once, for the application's lifetime. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    @Bean(destroyMethod = "close")
    FabricConnections fabricGateways(final FabricProperties properties) {
        return FabricConnections.open(properties);
    }

    /** Commits learnt from each writing organisation's filtered block stream, starting at its peer's height. */
    @Bean(destroyMethod = "close")
    CommitWatch commitWatch(final FabricGateways gateways, final SubmitProperties submit,
            final ObjectProvider<LedgerClient> ledger) {
        return new CommitWatch(
                organisation -> start -> gateways.network(organisation).newFilteredBlockEventsRequest()
                        .startBlock(start).build().getEvents(),
                organisation -> ledger.getObject().chainInfo(organisation).height(),
                Duration.ofMillis(100), submit.commitEvents());
    }
}
