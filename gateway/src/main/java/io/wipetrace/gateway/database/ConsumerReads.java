package io.wipetrace.gateway.database;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * A small pool of read-only connections of its own for what consumers read (a receipt's verification, its proof
 * bundle and certificate), so that writes queued for the main pool cannot hold up a consumer's one statement. It is
 * not a {@link DataSource} bean: Spring Boot's data source, Flyway, the JDBC templates and the transaction manager all
 * stay on the main pool.
 */
public final class ConsumerReads implements AutoCloseable {

    private final HikariDataSource pool;

    ConsumerReads(final HikariDataSource pool) {
        this.pool = pool;
    }

    /** @return the pool's connections, read-only */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
