package io.wipetrace.gateway.ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the Fabric gateways once for the application's lifetime. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    @Bean(destroyMethod = "close")
    FabricConnections fabricGateways(final FabricProperties properties) {
        return FabricConnections.open(properties);
    }
}
