package io.wipetrace.gateway.bulk;

import io.swagger.v3.oas.annotations.media.Schema;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.bulk.ImportStore.ResultRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the import endpoints answer. */
final class ImportViews {

    private ImportViews() {}

    /**
     * An import job.
     *
     * @param id its ID
     * @param kind e.g. {@code collections}
     * @param format CSV or JSONL
     * @param fileName the uploaded file's name, if any
     * @param state QUEUED, RUNNING or COMPLETED
     * @param percent rows settled (landed or failed) out of all, 0 to 100
     * @param rowsTotal data rows of the file
     * @param rowsDone rows on the ledger
     * @param rowsFailed rows that will not land: refused at intake or by the ledger
     * @param rowsPending rows still to be written
     * @param rowsInvalid of the failed rows, those refused at intake
     * @param createdAt when the file was accepted
     * @param startedAt when the worker took the job up
     * @param finishedAt when its last row settled
     * @param lastError the latest transient failure while the worker retries (network down…), else absent
     * @param receiptCodesUntil when the rows' clear receipt codes are deleted (once finished)
     * @param receiptCodesPurged whether they were
     * @param links where to follow the job
     */
    @Schema(name = "ImportJob")
    record JobView(UUID id, String kind, String format, String fileName, String state, int percent, int rowsTotal,
            int rowsDone, int rowsFailed, int rowsPending, int rowsInvalid, Instant createdAt, Instant startedAt,
            Instant finishedAt, String lastError, Instant receiptCodesUntil, boolean receiptCodesPurged,
            Links links) {

        boolean completed() {
            return "COMPLETED".equals(state);
        }
    }

    /**
     * Links of a job.
     *
     * @param self the job
     * @param errors its row errors
     * @param events its progress as server-sent events
     * @param results every row's device ID and receipt code, JSON
     * @param resultsCsv the same as CSV
     */
    record Links(String self, String errors, String events, String results, String resultsCsv) {}

    /**
     * A page of a list.
     *
     * @param items this page's items
     * @param page its number, from 0
     * @param size the page size asked for
     * @param totalItems how many items there are in all
     * @param totalPages how many pages of {@code size} that makes
     * @param <T> the item type
     */
    record Paged<T>(List<T> items, int page, int size, long totalItems, long totalPages) {
        static <T> Paged<T> of(final List<T> items, final int page, final int size, final long total) {
            return new Paged<>(List.copyOf(items), page, size, total, (total + size - 1) / size);
        }
    }

    /**
     * One row's result.
     *
     * @param row the data row, from 1
     * @param line the file line it starts on
     * @param status INVALID (refused at intake), PENDING, REGISTERED or REJECTED (refused by the ledger)
     * @param deviceId the device ID given to the row (absent for invalid rows)
     * @param receiptCode the consumer's receipt code; only for the importing organisation, and only until the job's
     *     {@code receiptCodesUntil}
     * @param receiptHash SHA-256 of the receipt code, as on the ledger
     * @param verifyUrl the portal page the receipt's QR code should point at (with the receipt code)
     * @param outcome REGISTERED by this import's transaction, or ALREADY_REGISTERED (it had landed by an earlier
     *     submission of the same batch, recognised when the batch was sent again)
     * @param transactionId the transaction that registered it (absent for ALREADY_REGISTERED)
     * @param blockNumber that transaction's block
     * @param errorCodes the codes of the row's errors, comma-separated (details at the errors link)
     */
    @Schema(name = "ImportRowResult")
    record ResultView(int row, int line, String status, String deviceId, String receiptCode, String receiptHash,
            String verifyUrl, String outcome, String transactionId, Long blockNumber, String errorCodes) {

        /** The CSV header of results. */
        static final List<String> CSV_HEADER = List.of("row", "line", "status", "deviceId", "receiptCode",
                "receiptHash", "verifyUrl", "outcome", "transactionId", "blockNumber", "errorCodes");

        List<Object> csvRow() {
            return java.util.Arrays.asList(row, line, status, deviceId, receiptCode, receiptHash, verifyUrl, outcome,
                    transactionId, blockNumber, errorCodes);
        }
    }

    /**
     * @param job a stored job
     * @param retention how long clear receipt codes are kept after the job finished
     * @return its view
     */
    static JobView job(final Job job, final Duration retention) {
        final int settled = job.rowsDone() + job.rowsFailed();
        final String base = "/api/v1/imports/" + job.id();
        return new JobView(job.id(), job.kind(), job.format(), job.fileName(), job.state(),
                job.rowsTotal() == 0 ? 100 : (int) ((long) settled * 100 / job.rowsTotal()), job.rowsTotal(),
                job.rowsDone(), job.rowsFailed(), job.rowsTotal() - settled, job.rowsInvalid(), job.createdAt(),
                job.startedAt(), job.finishedAt(), job.lastError(),
                job.finishedAt() == null || job.receiptsPurgedAt() != null ? null : job.finishedAt().plus(retention),
                job.receiptsPurgedAt() != null,
                new Links(base, base + "/errors", base + "/events", base + "/results", base + "/results.csv"));
    }

    /**
     * @param row a stored row
     * @param portalBaseUrl the portal's base URL, without a trailing slash
     * @return its view
     */
    static ResultView result(final ResultRow row, final String portalBaseUrl) {
        final String code = row.receiptCode();
        return new ResultView(row.row(), row.line(), row.state(), row.deviceId(), code, row.receiptHash(),
                code == null ? null : portalBaseUrl + "/verify/" + code, row.outcome(), row.transactionId(),
                row.blockNumber(), row.errorCodes());
    }
}
