package io.wipetrace.gateway.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Column conversions shared by the read model's queries. */
final class ReadModelRows {

    private ReadModelRows() {}

    static Instant instant(final Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Instant instant(final ResultSet rs, final String column) throws SQLException {
        return instant(rs.getTimestamp(column));
    }

    /** An instant as a PostgreSQL {@code timestamptz} argument. */
    static OffsetDateTime timestamp(final Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
