package io.wipetrace.gateway;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A schema of its own on a real PostgreSQL, migrated by the gateway's Flyway migrations, for tests of the SQL; it is
 * dropped again by {@link #close()}. Tests of different classes can so share one server without seeing each other.
 */
public final class FreshSchema implements AutoCloseable {

    private final String name;
    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;

    private FreshSchema(final String name, final SingleConnectionDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Creates and migrates a schema named {@code prefix} and a random suffix. */
    public static FreshSchema create(final String prefix, final String url, final String user, final String password) {
        final String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway.configure().dataSource(url, user, password).schemas(name).load().migrate();
        return new FreshSchema(name, new SingleConnectionDataSource(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name, user, password, true));
    }

    public String name() {
        return name;
    }

    /** One connection whose search path is this schema. */
    public SingleConnectionDataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        jdbc.execute("DROP SCHEMA " + name + " CASCADE");
        dataSource.destroy();
    }
}
