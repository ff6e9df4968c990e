package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.projection.DeviceReads;
import io.wipetrace.gateway.projection.ExceptionReads;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the audit reads: the read model's queries with the configured deadlines and the regulator's acknowledgements,
 * and the ledger's history.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditQueries auditQueries(final DeviceReads devices, final ExceptionReads exceptions,
            final AuditProperties properties, final JdbcClient jdbc) {
        return new AuditQueries(devices, exceptions, new ExceptionRules(properties.deadlines(), Clock.systemUTC()),
                new AcknowledgementStore(jdbc));
    }

    @Bean
    AuditService auditService(final LedgerClient ledger, final FabricGateways gateways, final AuditProperties properties,
            final AuditQueries queries, final ObjectMapper json) {
        // A gateway without the auditing identity (a partner's own, in production) still starts: the ledger
        // history then answers 503 LEDGER_UNAVAILABLE, saying why, and the read-model views work as ever.
        return new AuditService(new LedgerHistory(ledger, gateways.organisations(),
                properties.organisation(), json), queries, json);
    }
}
