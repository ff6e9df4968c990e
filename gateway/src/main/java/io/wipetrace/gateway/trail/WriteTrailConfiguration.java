package io.wipetrace.gateway.trail;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trail's filter runs after Spring Security's, inside it, so the caller is known once the write is answered. */
@Configuration(proxyBeanMethods = false)
class WriteTrailConfiguration {

    @Bean
    FilterRegistrationBean<WriteTrailFilter> writeTrail(final WriteTrailStore store) {
        final FilterRegistrationBean<WriteTrailFilter> registration = new FilterRegistrationBean<>(
                new WriteTrailFilter(store));
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(0);
        return registration;
    }
}
