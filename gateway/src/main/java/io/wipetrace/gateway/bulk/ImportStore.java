package io.wipetrace.gateway.bulk;

import io.wipetrace.gateway.ledger.TransactionJournal;
import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import io.wipetrace.gateway.idempotency.KeySecrets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Import jobs, their batches, rows and row errors in PostgreSQL (V5__bulk_import.sql). */
@Repository
class ImportStore {

    private static final int FETCH_SIZE = 500;
    private static final String JOB_COLUMNS = """
            id, organisation, msp_id, kind, format, file_name, key_hash, request_hash, state, batch_size,
            rows_total, rows_invalid, rows_done, rows_failed, last_error, created_at, started_at, finished_at,
            receipts_purged_at""";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;
    private final TransactionTemplate readOnly;

    ImportStore(final JdbcTemplate jdbc, final DataSource dataSource, final PlatformTransactionManager manager) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
        this.transactions = new TransactionTemplate(manager);
        this.readOnly = new TransactionTemplate(manager);
        this.readOnly.setReadOnly(true);
    }

    /**
     * A job as stored.
     *
     * @param id its ID
     * @param organisation the importing organisation's key
     * @param mspId its MSP ID
     * @param kind e.g. {@code collections}
     * @param format CSV or JSONL
     * @param fileName the uploaded file's name, if any
     * @param keyHash the hash of the request's Idempotency-Key ({@link KeySecrets#keyHash()}), never the key
     * @param requestHash SHA-256 of kind, format and file
     * @param state QUEUED, RUNNING or COMPLETED
     * @param batchSize rows per transaction
     * @param rowsTotal data rows of the file
     * @param rowsInvalid rows refused at intake
     * @param rowsDone rows on the ledger
     * @param rowsFailed rows that will not land (invalid or refused by the ledger)
     * @param lastError the latest transient failure, while retrying
     * @param createdAt when it was accepted
     * @param startedAt when the worker took it up
     * @param finishedAt when its last row settled
     * @param receiptsPurgedAt when its rows' clear receipt codes were deleted
     */
    record Job(UUID id, String organisation, String mspId, String kind, String format, String fileName,
            String keyHash, String requestHash, String state, int batchSize, int rowsTotal, int rowsInvalid,
            int rowsDone, int rowsFailed, String lastError, Instant createdAt, Instant startedAt, Instant finishedAt,
            Instant receiptsPurgedAt) {

        boolean completed() {
            return "COMPLETED".equals(state);
        }
    }

    /**
     * A row to store with a new job.
     *
     * @param row its number
     * @param line its line
     * @param batchNo its batch, null for an invalid row
     * @param deviceId the generated device ID, null for an invalid row
     * @param receiptCode the generated receipt code, sealed under the job's Idempotency-Key; null for an invalid row
     * @param receiptHash its SHA-256
     * @param payload the chaincode item
     */
    record NewRow(int row, int line, Integer batchNo, String deviceId, String receiptCode, String receiptHash,
            String payload) {}

    /**
     * A row of a batch, to submit.
     *
     * @param row its number
     * @param deviceId its device
     * @param payload the chaincode item
     */
    record BatchRow(int row, String deviceId, String payload) {}

    /**
     * What became of a row of a batch.
     *
     * @param row its number
     * @param outcome REGISTERED or ALREADY_REGISTERED when it landed, else null
     * @param code the rejection's code, when it did not land
     * @param message the rejection's message
     * @param field the field the rejection concerns, if known
     */
    record RowOutcome(int row, String outcome, String code, String message, String field) {
        boolean landed() {
            return outcome != null;
        }
    }

    /**
     * A row as the partner sees it in the results.
     *
     * @param row its number
     * @param line its line
     * @param state INVALID, PENDING, REGISTERED or REJECTED
     * @param deviceId its device ID (not for invalid rows)
     * @param receiptCode its receipt code as stored (sealed, {@link ImportService#receiptName}), until purged
     * @param receiptHash its receipt hash
     * @param outcome REGISTERED or ALREADY_REGISTERED
     * @param transactionId the transaction that registered it
     * @param blockNumber its block
     * @param errorCodes the codes of its errors, comma-separated
     */
    record ResultRow(int row, int line, String state, String deviceId, String receiptCode, String receiptHash,
            String outcome, String transactionId, Long blockNumber, String errorCodes) {

        /** @return this row with its receipt code replaced (opened, or left out) */
        ResultRow withReceiptCode(final String code) {
            return new ResultRow(row, line, state, deviceId, code, receiptHash, outcome, transactionId, blockNumber,
                    errorCodes);
        }
    }

    // --- jobs -----------------------------------------------------------------------------------------------------

    /**
     * Stores a new job with its batches, rows and row errors in one transaction.
     *
     * @param job the job
     * @param rows every row
     * @param errors the errors of the invalid rows
     * @param batches how many batches the valid rows form
     * @return false when the organisation used the job's Idempotency-Key already (nothing stored)
     */
    boolean create(final Job job, final List<NewRow> rows, final List<RowError> errors, final int batches) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            final int inserted = jdbc.update("""
                    insert into import_job (id, organisation, msp_id, kind, format, file_name, key_hash,
                        request_hash, state, batch_size, rows_total, rows_invalid, rows_failed, finished_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (organisation, key_hash) do nothing""",
                    job.id(), job.organisation(), job.mspId(), job.kind(), job.format(), job.fileName(),
                    job.keyHash(), job.requestHash(), job.state(), job.batchSize(), job.rowsTotal(),
                    job.rowsInvalid(), job.rowsFailed(), timestamp(job.finishedAt()));
            if (inserted == 0) {
                return false;
            }
            final List<Object[]> batchArgs = new ArrayList<>(batches);
            for (int b = 0; b < batches; b++) {
                batchArgs.add(new Object[] {job.id(), b});
            }
            jdbc.batchUpdate("insert into import_batch (job_id, batch_no, state) values (?, ?, 'PENDING')",
                    batchArgs);
            final List<Object[]> rowArgs = new ArrayList<>(rows.size());
            for (final NewRow row : rows) {
                rowArgs.add(new Object[] {job.id(), row.row(), row.line(),
                        row.deviceId() == null ? "INVALID" : "PENDING", row.batchNo(), row.deviceId(),
                        row.receiptCode(), row.receiptHash(), row.payload()});
            }
            jdbc.batchUpdate("""
                    insert into import_row (job_id, row_number, line, state, batch_no, device_id, receipt_code,
                        receipt_hash, payload) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rowArgs);
            insertErrors(job.id(), errors, 0);
            return true;
        }));
    }

    Optional<Job> find(final UUID id) {
        return jdbc.query("select " + JOB_COLUMNS + " from import_job where id = ?", ImportStore::job, id)
                .stream().findFirst();
    }

    Optional<Job> findByKey(final String organisation, final String keyHash) {
        return jdbc.query("select " + JOB_COLUMNS + " from import_job where organisation = ? and key_hash = ?",
                ImportStore::job, organisation, keyHash).stream().findFirst();
    }

    /**
     * A page of an organisation's jobs, newest first.
     *
     * @param organisation the importing organisation
     * @param page the page, from 0
     * @param size its size
     * @return the page's jobs
     */
    List<Job> jobsOf(final String organisation, final int page, final int size) {
        return jdbc.query("select " + JOB_COLUMNS + " from import_job where organisation = ?"
                + " order by created_at desc, id limit ? offset ?", ImportStore::job, organisation, size,
                (long) page * size);
    }

    /** @return how many jobs an organisation has */
    long jobCount(final String organisation) {
        return jdbc.queryForObject("select count(*) from import_job where organisation = ?", Long.class,
                organisation);
    }

    /** @return the jobs not completed yet, oldest first */
    List<UUID> unfinished() {
        return jdbc.queryForList("select id from import_job where state <> 'COMPLETED' order by created_at, id",
                UUID.class);
    }

    /** Marks a queued job as taken up. */
    void markStarted(final UUID id) {
        jdbc.update("""
                update import_job set state = 'RUNNING', started_at = coalesce(started_at, now())
                where id = ? and state = 'QUEUED'""", id);
    }

    /**
     * Completes a job whose every row has settled.
     *
     * @param id the job
     * @return whether it completed now
     */
    boolean completeIfSettled(final UUID id) {
        return jdbc.update("""
                update import_job set state = 'COMPLETED', finished_at = now(), started_at = coalesce(started_at, now())
                where id = ? and state <> 'COMPLETED' and rows_done + rows_failed = rows_total""", id) == 1;
    }

    /** Records (or, with null, clears) the latest transient failure of a job. */
    void lastError(final UUID id, final String error) {
        jdbc.update("update import_job set last_error = ? where id = ?", error, id);
    }

    // --- batches --------------------------------------------------------------------------------------------------

    /** @return the batches of a job still to land, in order */
    List<Integer> pendingBatches(final UUID id) {
        return jdbc.queryForList(
                "select batch_no from import_batch where job_id = ? and state = 'PENDING' order by batch_no",
                Integer.class, id);
    }

    /** @return the rows of a batch, in row order */
    List<BatchRow> batchRows(final UUID id, final int batchNo) {
        return jdbc.query("""
                select row_number, device_id, payload from import_row
                where job_id = ? and batch_no = ? order by row_number""",
                (rs, n) -> new BatchRow(rs.getInt(1), rs.getString(2), rs.getString(3)), id, batchNo);
    }

    /**
     * The journal of a batch's transaction: the endorsed transaction is recorded before it is submitted.
     *
     * @param id the job
     * @param batchNo the batch
     * @return the journal
     */
    TransactionJournal journal(final UUID id, final int batchNo) {
        return new TransactionJournal() {
            @Override
            public Optional<PreparedTransaction> prepared() {
                return jdbc.query("""
                        select tx_id, tx_bytes, tx_result from import_batch
                        where job_id = ? and batch_no = ? and tx_id is not null""",
                        (rs, n) -> new PreparedTransaction(rs.getString(1), rs.getBytes(2), rs.getBytes(3)),
                        id, batchNo).stream().findFirst();
            }

            @Override
            public void recordPrepared(final PreparedTransaction transaction) {
                jdbc.update("""
                        update import_batch set tx_id = ?, tx_bytes = ?, tx_result = ?, attempts = attempts + 1
                        where job_id = ? and batch_no = ?""", transaction.transactionId(), transaction.bytes(),
                        transaction.result(), id, batchNo);
            }

            @Override
            public void clearPrepared() {
                jdbc.update("""
                        update import_batch set tx_id = null, tx_bytes = null, tx_result = null
                        where job_id = ? and batch_no = ?""", id, batchNo);
            }
        };
    }

    /**
     * Settles a batch: its rows, its own state and the job's counters in one transaction; completes the job when it
     * was its last open batch.
     *
     * @param id the job
     * @param batchNo the batch
     * @param outcomes what became of each of its rows
     * @param transactionId the transaction that carried it, or null when none committed
     * @param blockNumber that transaction's block, or null
     * @return false when the batch was settled before (by another worker); nothing changed then
     */
    boolean settleBatch(final UUID id, final int batchNo, final List<RowOutcome> outcomes, final String transactionId,
            final Long blockNumber) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            final int updated = jdbc.update("""
                    update import_batch set state = 'DONE', block_number = ?, finished_at = now(),
                        tx_id = coalesce(?, tx_id)
                    where job_id = ? and batch_no = ? and state = 'PENDING'""",
                    blockNumber, transactionId, id, batchNo);
            if (updated == 0) {
                return false;
            }
            final List<Object[]> landed = new ArrayList<>();
            final List<Object[]> refused = new ArrayList<>();
            final List<RowError> errors = new ArrayList<>();
            for (final RowOutcome outcome : outcomes) {
                if (outcome.landed()) {
                    landed.add(new Object[] {outcome.outcome(),
                            "REGISTERED".equals(outcome.outcome()) ? transactionId : null,
                            "REGISTERED".equals(outcome.outcome()) ? blockNumber : null, id, outcome.row()});
                } else {
                    refused.add(new Object[] {id, outcome.row()});
                    errors.add(new RowError(outcome.row(), 0, outcome.field(), outcome.code(), outcome.message()));
                }
            }
            jdbc.batchUpdate("""
                    update import_row set state = 'REGISTERED', outcome = ?, tx_id = ?, block_number = ?
                    where job_id = ? and row_number = ?""", landed);
            jdbc.batchUpdate("update import_row set state = 'REJECTED' where job_id = ? and row_number = ?", refused);
            insertErrors(id, errors, 0);
            jdbc.update("""
                    update import_job set rows_done = rows_done + ?, rows_failed = rows_failed + ?, last_error = null,
                        state = 'RUNNING', started_at = coalesce(started_at, now())
                    where id = ?""", landed.size(), refused.size(), id);
            completeIfSettled(id);
            return true;
        }));
    }

    // --- what partners read ---------------------------------------------------------------------------------------

    /** @return a page of a job's row errors, by row */
    List<RowError> errors(final UUID id, final int page, final int size) {
        return jdbc.query("""
                select e.row_number, r.line, e.field, e.code, e.message
                from import_row_error e join import_row r using (job_id, row_number)
                where e.job_id = ? order by e.row_number, e.seq limit ? offset ?""",
                (rs, n) -> new RowError(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), id, size, (long) page * size);
    }

    /** @return how many row errors a job has */
    long errorCount(final UUID id) {
        return jdbc.queryForObject("select count(*) from import_row_error where job_id = ?", Long.class, id);
    }

    private static final String RESULT_QUERY = """
            select r.row_number, r.line, r.state, r.device_id, r.receipt_code, r.receipt_hash, r.outcome, r.tx_id,
                r.block_number,
                (select string_agg(e.code, ',' order by e.seq) from import_row_error e
                 where e.job_id = r.job_id and e.row_number = r.row_number) as codes
            from import_row r where r.job_id = ? order by r.row_number""";

    /** @return a page of a job's rows */
    List<ResultRow> results(final UUID id, final int page, final int size) {
        return jdbc.query(RESULT_QUERY + " limit ? offset ?", ImportStore::result, id, size, (long) page * size);
    }

    /** Streams every row of a job, in order, from a database cursor. */
    void streamResults(final UUID id, final Consumer<ResultRow> sink) {
        readOnly.executeWithoutResult(status -> streaming.query(RESULT_QUERY,
                rs -> {
                    sink.accept(result(rs, 0));
                }, id));
    }

    /**
     * Deletes the clear receipt codes of jobs finished longer ago than the retention.
     *
     * @param retention how long they are kept
     * @return how many jobs had their codes deleted
     */
    int purgeReceiptCodes(final Duration retention) {
        final Integer purged = transactions.execute(status -> {
            final List<UUID> jobs = jdbc.queryForList("""
                    select id from import_job where receipts_purged_at is null and finished_at is not null
                    and finished_at < now() - ? * interval '1 millisecond' for update skip locked""", UUID.class,
                    retention.toMillis());
            for (final UUID job : jobs) {
                jdbc.update("update import_row set receipt_code = null where job_id = ?", job);
                jdbc.update("update import_job set receipts_purged_at = now() where id = ?", job);
            }
            return jobs.size();
        });
        return purged == null ? 0 : purged;
    }

    private void insertErrors(final UUID id, final List<RowError> errors, final int firstSeq) {
        final List<Object[]> args = new ArrayList<>(errors.size());
        int previousRow = -1;
        int seq = firstSeq;
        for (final RowError error : errors) {
            seq = error.row() == previousRow ? seq + 1 : firstSeq;
            previousRow = error.row();
            args.add(new Object[] {id, error.row(), seq, error.field(), error.code(), error.message()});
        }
        jdbc.batchUpdate("""
                insert into import_row_error (job_id, row_number, seq, field, code, message)
                values (?, ?, ?, ?, ?, ?)""", args);
    }

    private static Job job(final ResultSet rs, final int n) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getString("organisation"), rs.getString("msp_id"),
                rs.getString("kind"), rs.getString("format"), rs.getString("file_name"),
                rs.getString("key_hash"), rs.getString("request_hash"), rs.getString("state"),
                rs.getInt("batch_size"), rs.getInt("rows_total"), rs.getInt("rows_invalid"), rs.getInt("rows_done"),
                rs.getInt("rows_failed"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "receipts_purged_at"));
    }

    private static ResultRow result(final ResultSet rs, final int n) throws SQLException {
        return new ResultRow(rs.getInt("row_number"), rs.getInt("line"), rs.getString("state"),
                rs.getString("device_id"), rs.getString("receipt_code"), rs.getString("receipt_hash"),
                rs.getString("outcome"), rs.getString("tx_id"), rs.getObject("block_number", Long.class),
                rs.getString("codes"));
    }

    private static Instant instant(final ResultSet rs, final String column) throws SQLException {
        final Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(final Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
