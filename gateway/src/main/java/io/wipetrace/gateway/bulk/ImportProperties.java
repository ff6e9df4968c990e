package io.wipetrace.gateway.bulk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bulk imports ({@code wipetrace.imports.*}).
 *
 * @param batchSize rows per ledger transaction (1 to 500, the chaincode's limit); 250 by default, with 4 in flight: the
 *     knee of the curves measured in docs/performance.md ("Bulk import")
 * @param inFlight batches of one job submitted at the same time
 * @param maxRows most data rows in one file
 * @param maxBytes largest file
 * @param maxSitesChecked most distinct sites of one file checked against the registry at intake; rows at further
 *     sites are checked by the chaincode
 * @param receiptRetention how long the clear receipt codes of a finished job are kept for the partner to fetch
 * @param worker whether this gateway runs the import worker
 * @param poll how often an idle worker looks for unfinished jobs
 * @param retryBackoff first pause before a batch is tried again after a transient failure; doubles up to
 *     {@code maxRetryBackoff}
 * @param maxRetryBackoff longest pause between tries of a batch
 * @param maxFailedAttempts tries of a batch that the network keeps refusing for a reason other than being
 *     unreachable, before its rows are reported as not landed (only when no transaction of it may still commit)
 * @param eventsPoll how often a server-sent event stream looks at its job
 * @param eventsTimeout how long one server-sent event stream stays open; clients reconnect
 */
@ConfigurationProperties("wipetrace.imports")
public record ImportProperties(
        @DefaultValue("250") int batchSize,
        @DefaultValue("4") int inFlight,
        @DefaultValue("10000") int maxRows,
        @DefaultValue("16MB") DataSize maxBytes,
        @DefaultValue("50") int maxSitesChecked,
        @DefaultValue("24h") Duration receiptRetention,
        @DefaultValue("true") boolean worker,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration maxRetryBackoff,
        @DefaultValue("5") int maxFailedAttempts,
        @DefaultValue("500ms") Duration eventsPoll,
        @DefaultValue("30m") Duration eventsTimeout) {

    /** Checks the limits. */
    public ImportProperties {
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException("wipetrace.imports.batch-size must be 1 to 500, not " + batchSize);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("wipetrace.imports.in-flight must be at least 1");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("wipetrace.imports.max-rows must be at least 1");
        }
    }
}
