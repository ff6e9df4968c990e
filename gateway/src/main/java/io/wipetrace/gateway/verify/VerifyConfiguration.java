package io.wipetrace.gateway.verify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The verification endpoint's rate limiter. */
@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    @Bean
    RateLimiter verifyRateLimiter(final VerifyProperties properties) {
        return new RateLimiter(properties.rateLimit(), System::nanoTime);
    }
}
