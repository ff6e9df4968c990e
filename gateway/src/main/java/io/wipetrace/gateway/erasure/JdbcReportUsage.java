package io.wipetrace.gateway.erasure;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link ReportUsage} in PostgreSQL (table {@code report_file}). */
@Repository
class JdbcReportUsage implements ReportUsage {

    private final JdbcTemplate jdbc;

    JdbcReportUsage(final JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long bytes(final String organisation) {
        final Long bytes = jdbc.queryForObject("select coalesce(sum(size), 0) from report_file where organisation = ?",
                Long.class, organisation);
        return bytes == null ? 0 : bytes;
    }

    @Override
    public void add(final String organisation, final String sha256, final long size) {
        jdbc.update("insert into report_file (organisation, sha256, size) values (?, ?, ?) on conflict do nothing",
                organisation, sha256, size);
    }
}
