package io.wipetrace.gateway.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a query's rows to a consumer through a PostgreSQL cursor, a few hundred rows at a time, so an export holds
 * no list whatever its size.
 */
final class ReadModelCursor {

    /** What is done with each row. */
    @FunctionalInterface
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    ReadModelCursor(final DataSource dataSource, final int fetchSize) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(fetchSize);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
    }

    void stream(final String sql, final Row row, final Object... arguments) {
        // In a transaction, so that PostgreSQL's JDBC driver reads through a cursor instead of the whole result.
        readOnly.executeWithoutResult(status -> streaming.query(sql, rs -> {
            row.accept(rs);
        }, arguments));
    }
}
