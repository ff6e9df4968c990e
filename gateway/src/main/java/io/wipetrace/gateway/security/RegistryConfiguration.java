package io.wipetrace.gateway.security;

import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry roles authentication checks API roles against, read from the ledger and cached briefly. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    OrganisationRoles organisationRoles(final LedgerClient ledger, final FabricGateways gateways,
            final ChaincodeJson json, final SecurityProperties properties) {
        return new CachedOrganisationRoles(new LedgerOrganisationRoles(ledger, gateways, json),
                properties.registryCache(), Clock.systemUTC());
    }
}
