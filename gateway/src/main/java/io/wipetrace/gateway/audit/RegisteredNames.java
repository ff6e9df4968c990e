package io.wipetrace.gateway.audit;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Organisations' registered names, from the newest {@code ORGANISATION_REGISTERED} event the projection holds. */
final class RegisteredNames {

    private final JdbcTemplate jdbc;

    RegisteredNames(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * @param mspId an organisation's MSP ID
     * @return its registered name, or {@code null} when it registered none
     */
    String of(final String mspId) {
        final List<String> names = jdbc.queryForList("""
                SELECT payload -> 'organisation' ->> 'name' FROM ledger_event
                WHERE device_id IS NULL AND type = 'ORGANISATION_REGISTERED'
                  AND payload -> 'organisation' ->> 'mspId' = ?
                ORDER BY block_number DESC, tx_index DESC, event_index DESC LIMIT 1""", String.class, mspId);
        return names.isEmpty() ? null : names.getFirst();
    }
}
