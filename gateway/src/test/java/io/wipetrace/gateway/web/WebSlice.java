package io.wipetrace.gateway.web;

import io.wipetrace.gateway.device.DeviceKeyStore;
import io.wipetrace.gateway.device.PersonalDataProperties;
import io.wipetrace.gateway.erasure.ReportStore;
import io.wipetrace.gateway.idempotency.IdempotencyProperties;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.security.LocalNetworkRegistry;
import io.wipetrace.gateway.security.SecurityConfiguration;
import io.wipetrace.gateway.security.SecurityProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The application as the web slice tests see it: every controller and the advice (picked by {@code @WebMvcTest}'s
 * filter), the security rules, the idempotency service and JSON helpers; the ledger, the stores and the Fabric
 * gateways are mocked by each test. Stands in for {@code GatewayApplication}, whose properties scan would bind the
 * Fabric configuration.
 */
@SpringBootConfiguration
// A test component, so that the integration tests' scan of the gateway does not pick it up (and its stand-in
// registry with it); web tests name it explicitly.
@TestComponent
@EnableAutoConfiguration
@ComponentScan(basePackages = "io.wipetrace.gateway",
        excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@EnableConfigurationProperties({IdempotencyProperties.class, SecurityProperties.class, PersonalDataProperties.class})
@Import({SecurityConfiguration.class, ChaincodeJson.class, DeviceWrites.class, IdempotentWrites.class,
        ReportStore.class, DeviceKeyStore.class, LocalNetworkRegistry.class})
class WebSlice {}
