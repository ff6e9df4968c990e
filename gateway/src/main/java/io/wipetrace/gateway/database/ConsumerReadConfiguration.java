package io.wipetrace.gateway.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The consumers' pool, on the database of {@code spring.datasource.*}. */
@Configuration(proxyBeanMethods = false)
class ConsumerReadConfiguration {

    /** The pool's name in logs and metrics ({@code hikaricp_connections_*{pool="consumer-reads"}}). */
    static final String POOL_NAME = "consumer-reads";

    @Bean(destroyMethod = "close")
    ConsumerReads consumerReads(final DataSourceProperties database, final ConsumerReadProperties properties,
            final ObjectProvider<MeterRegistry> registry) {
        final HikariDataSource pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName(POOL_NAME);
        pool.setReadOnly(true);
        pool.setMaximumPoolSize(properties.maximumPoolSize());
        pool.setMinimumIdle(properties.minimumIdle());
        pool.setIdleTimeout(properties.idleTimeout().toMillis());
        pool.setConnectionTimeout(properties.connectionTimeout().toMillis());
        registry.ifAvailable(meters -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters)));
        return new ConsumerReads(pool);
    }
}
