package io.wipetrace.gateway.idempotency;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the scheduled expiry of stored responses. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IdempotencyConfiguration {}
