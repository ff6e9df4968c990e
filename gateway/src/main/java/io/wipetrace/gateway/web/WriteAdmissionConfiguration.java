package io.wipetrace.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link WriteAdmission} after Spring Security's filters, inside them, beside the write trail. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WriteAdmissionConfiguration {

    @Bean
    FilterRegistrationBean<WriteAdmission> writeAdmission(final WebProperties web, final ObjectMapper json,
            final ObjectProvider<MeterRegistry> registry) {
        final WriteAdmission admission = new WriteAdmission(web.writesInFlight(), web.writeWait(),
                new ProblemWriter(json));
        registry.ifAvailable(admission::bindTo);
        final FilterRegistrationBean<WriteAdmission> registration = new FilterRegistrationBean<>(admission);
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(1);
        return registration;
    }
}
