package io.wipetrace.gateway.web.server;

import io.wipetrace.gateway.security.LocalNetworkRegistry;
import io.wipetrace.gateway.security.SecurityConfiguration;
import io.wipetrace.gateway.security.SecurityProperties;
import io.wipetrace.gateway.web.Problems;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's web layer on a real Tomcat, for what a mock servlet environment does not show (Tomcat's own
 * refusals, the error page, the actuator): the problem handlers, the security rules and one public endpoint; no
 * ledger, no database (the registry's roles are the local network's). Tests mock {@code ApiKeyStore} and
 * {@code FabricGateways} and name this class explicitly; a test component, so that no other context's component scan
 * picks it up.
 */
@SpringBootConfiguration
@TestComponent
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
// The web package's advice, error page and Tomcat customisation; not the other slices' configurations beside them.
@ComponentScan(basePackageClasses = Problems.class, excludeFilters = {
    @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class),
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class)})
@EnableConfigurationProperties(SecurityProperties.class)
@Import({SecurityConfiguration.class, LocalNetworkRegistry.class, ServerSlice.Echo.class})
public class ServerSlice {

    /**
     * A stand-in for a write, under the public path so that it needs no key: its JSON body is read by Spring MVC's
     * message converters, which read every header of the request, as a write's controller does.
     */
    @RestController
    static class Echo {
        @PostMapping("/api/v1/verify/{code}/echo")
        Map<String, Object> echo(@PathVariable final String code, @RequestBody final Map<String, Object> body) {
            return body;
        }
    }

    /** @return a stand-in for the public verification endpoint, echoing the code (a route, not a controller) */
    @Bean
    RouterFunction<ServerResponse> verify() {
        return RouterFunctions.route().GET("/api/v1/verify/{code}",
                request -> ServerResponse.ok().body(request.pathVariable("code"))).build();
    }
}
