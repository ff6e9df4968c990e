package io.wipetrace.gateway.projection;

import io.wipetrace.proof.ledger.DeviceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A search over the read model's devices; every criterion is optional.
 *
 * @param state the current state
 * @param organisation the current custodian's MSP ID
 * @param site the current site
 * @param from collected at or after
 * @param to collected before
 */
public record DeviceFilter(DeviceState state, String organisation, String site, Instant from, Instant to) {

    /** The WHERE clause and its arguments. */
    String where(final List<Object> arguments) {
        final List<String> conditions = new ArrayList<>();
        if (state != null) {
            conditions.add("state = ?");
            arguments.add(state.name());
        }
        if (organisation != null) {
            conditions.add("custodian_msp_id = ?");
            arguments.add(organisation);
        }
        if (site != null) {
            conditions.add("site_id = ?");
            arguments.add(site);
        }
        if (from != null) {
            conditions.add("collected_at >= ?");
            arguments.add(ReadModelRows.timestamp(from));
        }
        if (to != null) {
            conditions.add("collected_at < ?");
            arguments.add(ReadModelRows.timestamp(to));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
