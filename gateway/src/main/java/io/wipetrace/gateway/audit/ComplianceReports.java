package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.audit.ComplianceRules.Clause;
import io.wipetrace.gateway.audit.ComplianceRules.Finding;
import io.wipetrace.gateway.projection.EventReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The clause-by-clause compliance report of one recycler for one period, computed from the projection's copy of the
 * ledger's events ({@link EventReads}) by {@link ComplianceRules}: every device on which the recycler wrote an event
 * in the period, with its whole history (a resale in the period is judged by an erasure before it).
 */
class ComplianceReports {

    private final EventReads events;
    private final ObjectMapper json;

    ComplianceReports(final EventReads events, final ObjectMapper json) {
        this.events = events;
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
     * @param returned how many of them it returned, unwiped, to their owners in the period (outside the erasure and
     *     release requirements)
     * @param lastBlockNumber the newest block the projection had when the report was made
     * @param clauses one line per requirement, in {@link Clause} order
     */
    record Report(String organisation, Instant from, Instant to, long devices, long returned, long lastBlockNumber,
            List<ClauseResult> clauses) {}

    Report report(final String organisation, final Instant from, final Instant to) {
        final Map<Clause, long[]> counts = new EnumMap<>(Clause.class);
        final Map<Clause, List<Finding>> violations = new EnumMap<>(Clause.class);
        for (final Clause clause : Clause.values()) {
            counts.put(clause, new long[2]);
            violations.put(clause, new ArrayList<>());
        }
        final long[] devices = {0, 0};
        final List<JsonNode> history = new ArrayList<>();
        final String[] current = {null};
        final Runnable flush = () -> {
            if (history.isEmpty()) {
                return;
            }
            devices[0]++;
            final ComplianceRules.Outcome outcome = ComplianceRules.check(List.copyOf(history), organisation, from, to);
            devices[1] += outcome.returned() ? 1 : 0;
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
        final long lastBlock = events.lastEventBlock();
        events.historiesWrittenBy(organisation, from, to, (deviceId, payload) -> {
                    if (!deviceId.equals(current[0])) {
                        flush.run();
                        current[0] = deviceId;
                    }
                    try {
                        history.add(json.readTree(payload));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        flush.run();
        final List<ClauseResult> clauses = new ArrayList<>();
        for (final Clause clause : Clause.values()) {
            clauses.add(new ClauseResult(clause, counts.get(clause)[0], counts.get(clause)[1],
                    List.copyOf(violations.get(clause))));
        }
        return new Report(organisation, from, to, devices[0], devices[1], lastBlock, List.copyOf(clauses));
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
}
