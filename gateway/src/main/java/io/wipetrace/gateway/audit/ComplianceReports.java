package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.audit.ComplianceRules.Clause;
import io.wipetrace.gateway.audit.ComplianceRules.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The clause-by-clause compliance report of one recycler for one period, computed from the projection's copy of the
 * ledger's events ({@code ledger_event}) by {@link ComplianceRules}: every device on which the recycler wrote an
 * event in the period, with its whole history (a resale in the period is judged by an erasure before it).
 */
class ComplianceReports {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ComplianceReports(final DataSource dataSource, final ObjectMapper json) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.json = json;
    }

    /**
     * One requirement's line of the report.
     *
     * @param clause the requirement
     * @param applicable how many devices it applies to
     * @param satisfied how many of those satisfy it
     * @param violations every device that does not, with its proving transactions
     */
    record ClauseResult(Clause clause, long applicable, long satisfied, List<Finding> violations) {}

    /**
     * The report.
     *
     * @param organisation the recycler's MSP ID
     * @param from the period's start (inclusive)
     * @param to the period's end (exclusive)
     * @param devices how many devices the recycler wrote an event on in the period
     * @param lastBlockNumber the newest block the projection had when the report was made
     * @param clauses one line per requirement, in {@link Clause} order
     */
    record Report(String organisation, Instant from, Instant to, long devices, long lastBlockNumber,
            List<ClauseResult> clauses) {}

    Report report(final String organisation, final Instant from, final Instant to) {
        final Map<Clause, long[]> counts = new EnumMap<>(Clause.class);
        final Map<Clause, List<Finding>> violations = new EnumMap<>(Clause.class);
        for (final Clause clause : Clause.values()) {
            counts.put(clause, new long[2]);
            violations.put(clause, new ArrayList<>());
        }
        final long[] devices = {0};
        final List<JsonNode> history = new ArrayList<>();
        final String[] current = {null};
        final Runnable flush = () -> {
            if (history.isEmpty()) {
                return;
            }
            devices[0]++;
            final ComplianceRules.Outcome outcome = ComplianceRules.check(List.copyOf(history), organisation, from, to);
            for (final Clause clause : outcome.applies()) {
                counts.get(clause)[0]++;
                final Finding finding = outcome.findings().get(clause);
                if (finding == null) {
                    counts.get(clause)[1]++;
                } else {
                    violations.get(clause).add(finding);
                }
            }
            history.clear();
        };
        final Long lastBlock = jdbc.queryForObject("SELECT coalesce(max(block_number), -1) FROM ledger_event",
                Long.class);
        jdbc.query("""
                SELECT e.device_id, e.payload::text AS payload FROM ledger_event e
                WHERE e.device_id IN (
                    SELECT DISTINCT o.device_id FROM ledger_event o JOIN ledger_transaction t ON t.tx_id = o.tx_id
                    WHERE o.device_id IS NOT NULL AND o.payload ->> 'actorMspId' = ?
                      AND t.tx_timestamp >= ? AND t.tx_timestamp < ?)
                ORDER BY e.device_id, e.block_number, e.tx_index, e.event_index""",
                rs -> {
                    final String deviceId = rs.getString("device_id");
                    if (!deviceId.equals(current[0])) {
                        flush.run();
                        current[0] = deviceId;
                    }
                    try {
                        history.add(json.readTree(rs.getString("payload")));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, organisation, utc(from), utc(to));
        flush.run();
        final List<ClauseResult> clauses = new ArrayList<>();
        for (final Clause clause : Clause.values()) {
            clauses.add(new ClauseResult(clause, counts.get(clause)[0], counts.get(clause)[1],
                    List.copyOf(violations.get(clause))));
        }
        return new Report(organisation, from, to, devices[0], lastBlock == null ? -1 : lastBlock, List.copyOf(clauses));
    }

    /** The CSV header of {@link #csvRows(Report)}. */
    static final List<String> CSV_HEADER = List.of("organisation", "from", "to", "clause", "applicable", "satisfied",
            "device_id", "product_type", "finding", "transactions");

    /** One line per requirement (its counts), then one per device not satisfying it. */
    static List<List<Object>> csvRows(final Report report) {
        final List<List<Object>> rows = new ArrayList<>();
        for (final ClauseResult clause : report.clauses()) {
            rows.add(java.util.Arrays.asList(report.organisation(), report.from(), report.to(), clause.clause(),
                    clause.applicable(), clause.satisfied(), null, null, null, null));
            for (final Finding finding : clause.violations()) {
                rows.add(java.util.Arrays.asList(report.organisation(), report.from(), report.to(), clause.clause(),
                        null, null, finding.deviceId(), finding.productType(), finding.finding(),
                        String.join(" ", finding.transactions())));
            }
        }
        return rows;
    }

    private static OffsetDateTime utc(final Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
