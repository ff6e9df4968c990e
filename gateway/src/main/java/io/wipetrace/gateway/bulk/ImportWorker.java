package io.wipetrace.gateway.bulk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.wipetrace.gateway.bulk.ImportStore.BatchRow;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.bulk.ImportStore.RowOutcome;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.Submission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes import jobs to the ledger: the oldest unfinished job first, its pending batches
 * {@code wipetrace.imports.in-flight} at a time, each as one {@code device:RegisterCollections} transaction through
 * the {@link LedgerClient} (deadlines, MVCC retries, commit-status recovery) with the batch's row in
 * {@code import_batch} as its journal. A batch's outcome, its rows and the job's counters are stored in one SQL
 * transaction.
 *
 * <p>Crash safety: rows got their device IDs at intake and a batch's endorsed transaction is recorded before it is
 * submitted, so a worker that starts on a job left unfinished settles that very transaction (its commit status, or
 * its signed bytes again) and never endorses a new one while the old might still commit; and should a batch be sent
 * again anyway, the chaincode answers {@code ALREADY_REGISTERED} for each device that landed, writing nothing. A job
 * is worked on by one gateway at a time: the worker holds a PostgreSQL advisory lock on it, released when its
 * connection closes (also when the gateway dies).
 *
 * <p>Failures: the chaincode refusing a whole batch, or its transaction invalidated for a reason other than a read
 * conflict, settles the batch's rows as REJECTED with that code (nothing was written). Unreachable peers, deadlines,
 * unknown outcomes and repeated read conflicts are retried without end, with a growing pause, the job showing the
 * last error meanwhile; other network refusals are retried {@code max-failed-attempts} times, then reported as not
 * landed, provided no transaction of the batch may still commit.
 */
@Component
@ConditionalOnProperty(name = "wipetrace.imports.worker", havingValue = "true", matchIfMissing = true)
class ImportWorker implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ImportWorker.class);
    /** The advisory lock's class ("WTBI"); the job's lock is (class, hash of its ID). */
    static final int LOCK_CLASS = 0x57544249;
    private static final Pattern INVALID_FIELD = Pattern.compile("^batchJson\\.collections\\[\\d+]\\.([A-Za-z.]+)");

    private final ImportStore store;
    private final LedgerClient ledger;
    private final ChaincodeJson json;
    private final ImportProperties properties;
    private final DataSource dataSource;
    private final Object signal = new Object();

    private volatile boolean running;
    private Thread thread;
    private ExecutorService batches;

    ImportWorker(final ImportStore store, final LedgerClient ledger, final ChaincodeJson json,
            final ImportProperties properties, final DataSource dataSource) {
        this.store = store;
        this.ledger = ledger;
        this.json = json;
        this.properties = properties;
        this.dataSource = dataSource;
    }

    /** What {@code RegisterCollections} returns. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchResult(List<Item> results) {}

    /** One item's outcome. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, String deviceId, String status, String code, String message) {}

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        final AtomicInteger threads = new AtomicInteger();
        batches = Executors.newFixedThreadPool(properties.inFlight(), task -> {
            final Thread batch = new Thread(task, "import-batch-" + threads.incrementAndGet());
            batch.setDaemon(true);
            return batch;
        });
        thread = new Thread(this::loop, "import-worker");
        thread.setDaemon(true);
        thread.start();
        LOG.info("import worker started: batches of {} rows, {} in flight", properties.batchSize(),
                properties.inFlight());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        thread.interrupt();
        batches.shutdownNow();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            batches.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("import worker stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Looks for work at once (a job was just created). */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                for (final UUID id : store.unfinished()) {
                    if (!running) {
                        break;
                    }
                    final Optional<JobLock> lock = tryLock(id);
                    if (lock.isEmpty()) {
                        continue;
                    }
                    try (JobLock held = lock.get()) {
                        worked |= process(id);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("import worker: {}", e.toString());
                }
            }
            if (!worked && running) {
                idle();
            }
        }
    }

    private void idle() {
        synchronized (signal) {
            try {
                signal.wait(properties.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Works on one job until every batch has settled or the worker stops.
     *
     * @return whether it had batches to write
     */
    private boolean process(final UUID id) throws InterruptedException {
        final Optional<Job> found = store.find(id);
        if (found.isEmpty() || found.get().completed()) {
            return false;
        }
        final Job job = found.get();
        store.markStarted(id);
        final List<Integer> pending = store.pendingBatches(id);
        if (pending.isEmpty()) {
            if (!store.completeIfSettled(id)) {
                LOG.warn("import {}: no batch left to write, but {} of {} rows are not settled", id,
                        job.rowsTotal() - job.rowsDone() - job.rowsFailed(), job.rowsTotal());
            }
            return false;
        }
        LOG.info("import {}: {} of {} rows to write in {} batches", id,
                job.rowsTotal() - job.rowsDone() - job.rowsFailed(), job.rowsTotal(), pending.size());
        final List<Future<?>> futures = new ArrayList<>(pending.size());
        for (final int batchNo : pending) {
            futures.add(batches.submit(() -> settle(job, batchNo)));
        }
        for (final Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                LOG.warn("import {}: a batch failed unexpectedly: {}", id, e.getCause().toString());
            }
        }
        store.completeIfSettled(id);
        store.find(id).filter(Job::completed).ifPresent(done -> LOG.info(
                "import {} completed: {} rows registered, {} failed", id, done.rowsDone(), done.rowsFailed()));
        return true;
    }

    /** Submits a batch until it settles (or the worker stops). */
    private void settle(final Job job, final int batchNo) {
        int attempt = 0;
        int refusals = 0;
        while (running) {
            try {
                submit(job, batchNo);
                return;
            } catch (LedgerException e) {
                if (!running) {
                    return;
                }
                if (refusesBatch(e)) {
                    LOG.warn("import {} batch {}: refused as a whole: {} {}", job.id(), batchNo, e.code(),
                            e.getMessage());
                    settleRefused(job, batchNo, e.code(), e.getMessage());
                    return;
                }
                if (!unreachable(e) && ++refusals >= properties.maxFailedAttempts()
                        && store.journal(job.id(), batchNo).prepared().isEmpty()) {
                    LOG.warn("import {} batch {}: refused {} times, reported as not landed: {} {}", job.id(), batchNo,
                            refusals, e.code(), e.getMessage());
                    settleRefused(job, batchNo, e.code(), e.getMessage());
                    return;
                }
                retryLater(job, batchNo, e.code() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                retryLater(job, batchNo, e.toString());
            }
            if (!pause(attempt++)) {
                return;
            }
        }
    }

    private void retryLater(final Job job, final int batchNo, final String error) {
        LOG.warn("import {} batch {}: {}; trying again", job.id(), batchNo, error);
        try {
            store.lastError(job.id(), "batch " + batchNo + ": " + error);
        } catch (RuntimeException e) {
            LOG.debug("cannot record the import's last error: {}", e.toString());
        }
    }

    private boolean pause(final int attempt) {
        final long base = properties.retryBackoff().toMillis();
        final long ceiling = properties.maxRetryBackoff().toMillis();
        final long wait = Math.min(ceiling, base << Math.min(attempt, 20));
        try {
            Thread.sleep(wait);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One transaction for the batch; its outcome stored with its rows and the job's counters. */
    private void submit(final Job job, final int batchNo) {
        final List<BatchRow> rows = store.batchRows(job.id(), batchNo);
        final StringBuilder argument = new StringBuilder("{\"collections\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                argument.append(',');
            }
            argument.append(rows.get(i).payload());
        }
        argument.append("]}");
        final LedgerClient.Committed committed = ledger.submit(Submission.of(job.organisation(), "device",
                "RegisterCollections", argument.toString()), store.journal(job.id(), batchNo));
        final BatchResult result = json.read(committed.result(), BatchResult.class);
        if (result.results() == null || result.results().size() != rows.size()) {
            throw new IllegalStateException("RegisterCollections answered " + (result.results() == null ? 0
                    : result.results().size()) + " results for " + rows.size() + " collections");
        }
        final List<RowOutcome> outcomes = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            final Item item = result.results().get(i);
            final BatchRow row = rows.get(i);
            if (item.index() != i || (item.deviceId() != null && !item.deviceId().equals(row.deviceId()))) {
                throw new IllegalStateException("result " + i + " of RegisterCollections is for item " + item.index()
                        + " (" + item.deviceId() + "), not " + row.deviceId());
            }
            outcomes.add(switch (String.valueOf(item.status())) {
                case "REGISTERED", "ALREADY_REGISTERED" -> new RowOutcome(row.row(), item.status(), null, null, null);
                default -> new RowOutcome(row.row(), null, String.valueOf(item.code()), String.valueOf(item.message()),
                        field(job, item.code(), item.message()));
            });
        }
        if (store.settleBatch(job.id(), batchNo, outcomes, committed.transactionId(), committed.blockNumber())) {
            LOG.debug("import {} batch {}: {} rows settled in block {}", job.id(), batchNo, rows.size(),
                    committed.blockNumber());
        }
    }

    private void settleRefused(final Job job, final int batchNo, final String code, final String message) {
        final List<RowOutcome> outcomes = new ArrayList<>();
        for (final BatchRow row : store.batchRows(job.id(), batchNo)) {
            outcomes.add(new RowOutcome(row.row(), null, code, message, null));
        }
        store.settleBatch(job.id(), batchNo, outcomes, null, null);
    }

    /** The chaincode refused the whole batch, or its transaction was invalidated other than by a read conflict. */
    private static boolean refusesBatch(final LedgerException e) {
        return e.kind() == LedgerException.Kind.REJECTED
                || (e.kind() == LedgerException.Kind.INVALIDATED && !"LEDGER_CONFLICT".equals(e.code()));
    }

    /** The network could not be reached or did not answer in time, or the outcome is unknown: retried without end. */
    private static boolean unreachable(final LedgerException e) {
        return switch (e.kind()) {
            case TIMEOUT, OUTCOME_UNKNOWN, INVALIDATED -> true;
            case UNAVAILABLE -> "LEDGER_UNAVAILABLE".equals(e.code()) || "LEDGER_TIMEOUT".equals(e.code());
            case REJECTED -> false;
        };
    }

    /** The field a chaincode rejection concerns, named as the job's file names it. */
    private static String field(final Job job, final String code, final String message) {
        final ImportFormat format = ImportFormat.valueOf(job.format());
        if (RowCodes.SITE_NOT_FOUND.equals(code) || RowCodes.SITE_NOT_OWNED.equals(code)) {
            return CollectionRows.SCHEMA.byPath("siteId").orElseThrow().name(format);
        }
        if (message != null) {
            final Matcher matcher = INVALID_FIELD.matcher(message);
            if (matcher.find()) {
                return CollectionRows.SCHEMA.byPath(matcher.group(1)).map(f -> f.name(format)).orElse(null);
            }
        }
        return null;
    }

    private Optional<JobLock> tryLock(final UUID id) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        final Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("no database connection for the import lock", e);
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, id.hashCode());
            try (ResultSet result = lock.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    return Optional.of(new JobLock(connection, id));
                }
            }
        } catch (SQLException e) {
            LOG.warn("cannot take the lock of import {}: {}", id, e.toString());
        }
        close(connection);
        return Optional.empty();
    }

    private static void close(final Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a lock connection: {}", e.toString());
        }
    }

    /** A job's advisory lock, held on a connection of its own until closed. */
    private record JobLock(Connection connection, UUID id) implements AutoCloseable {
        @Override
        public void close() {
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, LOCK_CLASS);
                unlock.setInt(2, id.hashCode());
                unlock.executeQuery().close();
            } catch (SQLException e) {
                LOG.warn("cannot release the lock of import {}: {}", id, e.toString());
            }
            ImportWorker.close(connection);
        }
    }
}
