package io.wipetrace.gateway.web;

import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every request on a virtual thread of its own, rather than on one of Tomcat's 200 platform threads.
 *
 * <p>A write holds its request thread for the whole of its endorsement and commit: seconds when the peers are
 * saturated. With a pool of 200, 200 such writes held every thread, and a consumer's verification (a millisecond's work)
 * waited in Tomcat's queue until one of them committed: a thread dump during a burst of 256 REST writes found all 200
 * threads in writes (endorsing or waiting for the commit) and none free, and verifications meanwhile had a p99 of
 * 2.25 s (docs/performance.md). A virtual thread waiting for a commit holds no platform thread, so reads go on at once.
 * What bounds the requests in flight is then Tomcat's connection limit ({@code server.tomcat.max-connections}, 8,192),
 * the database pools and the peers' own limits, not a thread count.
 *
 * <p>Only request threads: the projection, the anchoring service and the import worker keep threads of their own.
 * {@code wipetrace.web.virtual-threads=false} goes back to Tomcat's pool ({@code server.tomcat.threads.max}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "wipetrace.web.virtual-threads", havingValue = "true", matchIfMissing = true)
public class RequestThreads {

    /** How request threads are named: this and a number. */
    public static final String NAME_PREFIX = "http-request-";

    @Bean
    TomcatProtocolHandlerCustomizer<?> requestsOnVirtualThreads() {
        return handler -> handler.setExecutor(new VirtualThreadExecutor(NAME_PREFIX));
    }
}
