package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.FabricGateways;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the audit reads: the read model's queries with the configured deadlines, and the ledger's history. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditQueries auditQueries(final DataSource dataSource, final AuditProperties properties) {
        return new AuditQueries(dataSource, new ExceptionRules(properties.deadlines(), Clock.systemUTC()));
    }

    @Bean
    AuditService auditService(final FabricGateways gateways, final AuditProperties properties,
            final AuditQueries queries, final ObjectMapper json) {
        if (!gateways.organisations().contains(properties.organisation())) {
            throw new IllegalStateException("wipetrace.audit.organisation is '" + properties.organisation()
                    + "', but the gateway holds no Fabric identity for it; configured: " + gateways.organisations());
        }
        return new AuditService(new LedgerHistory(gateways, properties.organisation(), json), queries, json);
    }
}
