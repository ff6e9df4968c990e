package io.wipetrace.gateway.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import java.time.Clock;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the listener → block processor → transaction processor → store chain for the configured channel. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectionConfiguration implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionConfiguration.class);

    private final FabricProperties fabric;
    private final ProjectionProperties properties;
    private final ObjectProvider<LedgerClient> ledger;
    private final ObjectProvider<ProjectionProgress> progress;

    ProjectionConfiguration(
            final FabricProperties fabric,
            final ProjectionProperties properties,
            final ObjectProvider<LedgerClient> ledger,
            final ObjectProvider<ProjectionProgress> progress) {
        this.fabric = fabric;
        this.properties = properties;
        this.ledger = ledger;
        this.progress = progress;
    }

    @Bean
    JdbcProjectionStore projectionStore(final JdbcTemplate jdbc) {
        return new JdbcProjectionStore(jdbc);
    }

    @Bean
    ProjectionProgress projectionProgress(final MeterRegistry registry) {
        return new ProjectionProgress(fabric.channel(), registry, Clock.systemUTC());
    }

    @Bean
    BlockProcessor blockProcessor(
            final ProjectionStore store,
            final PlatformTransactionManager transactionManager,
            final ObjectProvider<BlockCommitHook> hook) {
        return new BlockProcessor(
                fabric.channel(),
                new TransactionProcessor(fabric.chaincode()),
                store,
                new TransactionTemplate(transactionManager),
                hook.getIfAvailable(() -> BlockCommitHook.NONE));
    }

    @Bean
    BlockListener blockListener(
            final FabricGateways gateways,
            final BlockProcessor processor,
            final ProjectionStore store,
            final ProjectionProgress projectionProgress) {
        final String organisation = properties.organisation();
        if (!gateways.organisations().contains(organisation)) {
            throw new IllegalStateException("wipetrace.projection.organisation is '" + organisation
                    + "', but the gateway holds no Fabric identity for it; configured: " + gateways.organisations());
        }
        final BlockSource source = startBlock -> gateways.network(organisation)
                .newBlockEventsRequest()
                .startBlock(startBlock)
                .build()
                .getEvents();
        return new BlockListener(fabric.channel(), source, processor, store, projectionProgress,
                properties.reconnect(), properties.enabled());
    }

    @Bean
    ProjectionHealthIndicator projectionHealthIndicator(final ProjectionProgress projectionProgress) {
        return new ProjectionHealthIndicator(projectionProgress, fabric.channel(), properties.organisation(),
                properties.downAfter(), Clock.systemUTC());
    }

    /** Reads the peer's ledger height now and then, so that the lag is right even while no block arrives. */
    @Override
    public void configureTasks(final ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            registrar.addFixedDelayTask(this::refreshHeight, properties.heightRefresh());
        }
    }

    private void refreshHeight() {
        try {
            progress.getObject().heightObserved(ledger.getObject().chainInfo(properties.organisation()).height());
        } catch (LedgerException | GatewayRuntimeException e) {
            // The fabric health reports an unreachable peer; the lag keeps its last known height meanwhile.
            LOG.debug("cannot read the ledger height for the projection lag: {}", e.toString());
        }
    }
}
