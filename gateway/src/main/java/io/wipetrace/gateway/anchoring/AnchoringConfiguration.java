package io.wipetrace.gateway.anchoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wipetrace.gateway.database.ConsumerReads;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.projection.EventReads;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** Wires anchoring when {@code wipetrace.anchoring.enabled} is true (the network's evm.yml turns it on). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "wipetrace.anchoring.enabled", havingValue = "true")
class AnchoringConfiguration implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(AnchoringConfiguration.class);

    private final AnchoringProperties properties;
    private final ObjectProvider<AnchoringService> service;

    AnchoringConfiguration(final AnchoringProperties properties, final ObjectProvider<AnchoringService> service) {
        this.properties = properties;
        this.service = service;
    }

    @Bean(destroyMethod = "shutdown")
    Web3j anchoringWeb3j() {
        if (properties.rpcUrl() == null || properties.contractAddress() == null || properties.keyFile() == null) {
            throw new IllegalStateException("wipetrace.anchoring is enabled but rpc-url, contract-address or key-file"
                    + " is missing; the network's EVM step writes them to <state>/gateway/evm.yml");
        }
        return Web3j.build(new HttpService(properties.rpcUrl()));
    }

    @Bean
    AnchorChain anchorChain(final Web3j web3) throws IOException {
        // The key is read once and never logged.
        final Credentials credentials = Credentials.create(Files.readString(properties.keyFile()).trim());
        return new Web3jAnchorChain(web3, credentials, properties.contractAddress(), properties.chainId(),
                properties.gasLimit());
    }

    @Bean(destroyMethod = "close")
    AnchoringLeader anchoringLeader(final DataSource dataSource) {
        return new AnchoringLeader(dataSource);
    }

    /** One read of every head serves the anchorer and the proof bundles when both want the same anchor's tree. */
    @Bean
    HeadTreeBuilds headTreeBuilds() {
        return new HeadTreeBuilds();
    }

    @Bean
    WindowStore anchorWindowStore(final JdbcTemplate jdbc, final PlatformTransactionManager transactions,
            final EventReads projected, final HeadTreeBuilds builds) {
        return new WindowStore(jdbc, new TransactionTemplate(transactions), projected, builds);
    }

    @Bean
    AnchoringService anchoringService(final WindowStore store, final AnchorChain chain, final FabricGateways gateways,
            final LedgerClient ledger, final FabricProperties fabric, final AnchoringLeader leader, final MeterRegistry registry) {
        if (!gateways.organisations().contains(properties.organisation())) {
            throw new IllegalStateException("wipetrace.anchoring.organisation is '" + properties.organisation()
                    + "', but the gateway holds no Fabric identity for it; configured: " + gateways.organisations());
        }
        final AnchoringService anchoring = new AnchoringService(store, chain,
                new FabricAnchorLedger(ledger, properties.organisation()), leader, properties,
                fabric.channel(), Clock.systemUTC());
        Gauge.builder("wipetrace.anchoring.unanchored.blocks", store, s -> {
            final long checkpoint = s.checkpoint(fabric.channel());
            return checkpoint - s.latestRecorded().map(AnchorWindow::lastBlock).orElse(-1L);
        }).description("Blocks the projection holds that no recorded anchor covers yet").register(registry);
        return anchoring;
    }

    /** Proof bundles are read by consumers: on their pool, which a write burst cannot take. */
    @Bean
    ProofBundles proofBundles(final ConsumerReads database, final PlatformTransactionManager transactions,
            final FabricProperties fabric, final HeadTreeBuilds builds) {
        final EventReads projected = new EventReads(database.dataSource());
        return new ProofBundles(new WindowStore(new JdbcTemplate(database.dataSource()),
                new TransactionTemplate(transactions), projected, builds), projected, properties, fabric.channel());
    }

    /**
     * Builds the proof bundles' head tree once the gateway is ready, in the background, so that the first consumer
     * after a start does not wait for it (seconds on a large ledger).
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmProofBundles(final ApplicationReadyEvent ready) {
        final ProofBundles bundles = ready.getApplicationContext().getBean(ProofBundles.class);
        Thread.ofVirtual().name("proof-bundles-warm-up").start(() -> {
            try {
                bundles.warm();
            } catch (RuntimeException e) {
                // The first bundle builds it then, as it did before.
                LOG.warn("building the proof bundles' head tree after the start failed: {}", e.toString());
            }
        });
    }

    @Bean
    IntegrityCheck integrityCheck(final JdbcTemplate jdbc, final WindowStore store, final EventReads projected,
            final AnchorChain chain, final LedgerClient ledger) {
        return new IntegrityCheck(jdbc, store, projected, chain,
                new FabricAnchorLedger(ledger, properties.organisation()));
    }

    @Bean
    AnchoringHealthIndicator anchoringHealthIndicator(final WindowStore store, final AnchoringService anchoring) {
        return new AnchoringHealthIndicator(store, anchoring, Duration.ofMinutes(2), Clock.systemUTC());
    }

    @Override
    public void configureTasks(final ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(() -> service.getObject().tick(), properties.poll());
    }
}
