package io.wipetrace.gateway.bulk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.bulk.ImportStore.BatchRow;
import io.wipetrace.gateway.bulk.ImportStore.Job;
import io.wipetrace.gateway.bulk.ImportStore.RowOutcome;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
import io.wipetrace.gateway.ledger.Submission;
import io.wipetrace.gateway.ledger.TransactionJournal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The import worker against a mocked store and ledger: what it submits, and what it stores for each outcome. */
class ImportWorkerTest {

    private static final UUID JOB = UUID.randomUUID();

    private final ImportStore store = mock(ImportStore.class);
    private final LedgerClient ledger = mock(LedgerClient.class);
    private final TransactionJournal journal = mock(TransactionJournal.class);
    private ImportWorker worker;

    @BeforeEach
    void oneJobOfOneBatch() throws Exception {
        final Job job = new Job(JOB, "collector", "CollectorOrgMSP", "collections", "CSV", null, "key-12345678",
                "0".repeat(64), "QUEUED", 3, 3, 0, 0, 0, null, Instant.now(), null, null, null);
        when(store.unfinished()).thenReturn(List.of(JOB), List.of());
        when(store.find(JOB)).thenReturn(Optional.of(job));
        when(store.pendingBatches(JOB)).thenReturn(List.of(0));
        when(store.batchRows(JOB, 0)).thenReturn(List.of(new BatchRow(1, "WT-DEVICE-1", "{\"deviceId\":\"WT-DEVICE-1\"}"),
                new BatchRow(2, "WT-DEVICE-2", "{\"deviceId\":\"WT-DEVICE-2\"}"),
                new BatchRow(4, "WT-DEVICE-4", "{\"deviceId\":\"WT-DEVICE-4\"}")));
        when(store.journal(JOB, 0)).thenReturn(journal);
        when(journal.prepared()).thenReturn(Optional.empty());
        when(store.settleBatch(any(), anyInt(), anyList(), any(), any())).thenReturn(true);

        final DataSource dataSource = mock(DataSource.class);
        final Connection connection = mock(Connection.class);
        final PreparedStatement statement = mock(PreparedStatement.class);
        final ResultSet locked = mock(ResultSet.class);
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.prepareStatement(anyString())).thenReturn(statement);
        when(statement.executeQuery()).thenReturn(locked);
        when(locked.next()).thenReturn(true);
        when(locked.getBoolean(1)).thenReturn(true);

        final ImportProperties fast = new Binder(new MapConfigurationPropertySource(java.util.Map.of(
                "wipetrace.imports.retry-backoff", "10ms", "wipetrace.imports.poll", "20ms",
                "wipetrace.imports.max-failed-attempts", "3")))
                .bindOrCreate("wipetrace.imports", Bindable.of(ImportProperties.class));
        worker = new ImportWorker(store, ledger, new ChaincodeJson(), fast, dataSource);
    }

    @AfterEach
    void stop() {
        worker.stop();
    }

    private static LedgerClient.Committed committed(final String result) {
        return new LedgerClient.Committed("tx-9", 42, result.getBytes(UTF_8));
    }

    @SuppressWarnings("unchecked")
    private List<RowOutcome> settled(final String transactionId, final Long block) {
        final ArgumentCaptor<List<RowOutcome>> outcomes = ArgumentCaptor.forClass(List.class);
        verify(store, timeout(5_000)).settleBatch(eq(JOB), eq(0), outcomes.capture(),
                transactionId == null ? isNull() : eq(transactionId), block == null ? isNull() : eq(block));
        return outcomes.getValue();
    }

    @Test
    void submits_the_batch_as_one_transaction_and_stores_each_rows_outcome() {
        when(ledger.submit(any(), eq(journal))).thenReturn(committed("""
                {"alreadyRegistered":1,"registered":1,"rejected":1,"results":[
                {"deviceId":"WT-DEVICE-1","index":0,"status":"REGISTERED"},
                {"deviceId":"WT-DEVICE-2","index":1,"status":"ALREADY_REGISTERED"},
                {"code":"INVALID_ARGUMENT","deviceId":"WT-DEVICE-4","index":2,"status":"REJECTED",
                 "message":"batchJson.collections[2].consent.scope must be 1 to 1024 characters"}]}"""));

        worker.start();

        assertThat(settled("tx-9", 42L)).containsExactly(
                new RowOutcome(1, "REGISTERED", null, null, null),
                new RowOutcome(2, "ALREADY_REGISTERED", null, null, null),
                new RowOutcome(4, null, "INVALID_ARGUMENT",
                        "batchJson.collections[2].consent.scope must be 1 to 1024 characters", "consentScope"));
        final ArgumentCaptor<Submission> submission = ArgumentCaptor.forClass(Submission.class);
        verify(ledger).submit(submission.capture(), eq(journal));
        assertThat(submission.getValue().organisation()).isEqualTo("collector");
        assertThat(submission.getValue().qualifiedName()).isEqualTo("device:RegisterCollections");
        assertThat(submission.getValue().arguments()).containsExactly("{\"collections\":[{\"deviceId\":"
                + "\"WT-DEVICE-1\"},{\"deviceId\":\"WT-DEVICE-2\"},{\"deviceId\":\"WT-DEVICE-4\"}]}");
        verify(store, timeout(5_000)).completeIfSettled(JOB);
        verify(store).markStarted(JOB);
    }

    @Test
    void rejects_every_row_of_a_batch_the_chaincode_refuses_as_a_whole() {
        when(ledger.submit(any(), eq(journal))).thenThrow(LedgerException.rejected(LedgerError.ROLE_NOT_HELD, "ROLE_NOT_HELD: CollectorOrgMSP holds [PROCESSOR]", null));

        worker.start();

        assertThat(settled(null, null)).extracting(RowOutcome::row, RowOutcome::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "ROLE_NOT_HELD"),
                        org.assertj.core.groups.Tuple.tuple(2, "ROLE_NOT_HELD"),
                        org.assertj.core.groups.Tuple.tuple(4, "ROLE_NOT_HELD"));
        verify(ledger).submit(any(), any());
    }

    @Test
    void retries_while_the_peers_cannot_be_reached_showing_the_error_meanwhile() {
        when(ledger.submit(any(), eq(journal)))
                .thenThrow(new LedgerException(LedgerException.Kind.UNAVAILABLE, "LEDGER_UNAVAILABLE", "down", null))
                .thenThrow(new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN",
                        "maybe", null))
                .thenReturn(committed("{\"results\":[{\"index\":0,\"status\":\"REGISTERED\"},"
                        + "{\"index\":1,\"status\":\"REGISTERED\"},{\"index\":2,\"status\":\"REGISTERED\"}]}"));

        worker.start();

        assertThat(settled("tx-9", 42L)).extracting(RowOutcome::outcome).containsOnly("REGISTERED");
        verify(store).lastError(JOB, "batch 0: LEDGER_UNAVAILABLE: down");
        verify(store).lastError(JOB, "batch 0: LEDGER_OUTCOME_UNKNOWN: maybe");
        verify(ledger, org.mockito.Mockito.times(3)).submit(any(), eq(journal));
    }

    @Test
    void reports_rows_as_not_landed_after_repeated_refusals_only_when_nothing_may_still_commit() {
        when(ledger.submit(any(), eq(journal))).thenThrow(new LedgerException(LedgerException.Kind.UNAVAILABLE,
                "ENDORSEMENT_FAILED", "peers disagree", null));

        worker.start();

        assertThat(settled(null, null)).extracting(RowOutcome::code).containsOnly("ENDORSEMENT_FAILED");
        verify(ledger, org.mockito.Mockito.times(3)).submit(any(), eq(journal));
    }

    @Test
    void keeps_trying_a_batch_whose_transaction_may_still_commit() throws Exception {
        when(journal.prepared()).thenReturn(Optional.of(new TransactionJournal.PreparedTransaction("tx-1",
                new byte[] {1}, new byte[] {2})));
        when(ledger.submit(any(), eq(journal))).thenThrow(new LedgerException(LedgerException.Kind.UNAVAILABLE,
                "ENDORSEMENT_FAILED", "peers disagree", null));

        worker.start();

        verify(ledger, timeout(5_000).atLeast(5)).submit(any(), eq(journal));
        verify(store, never()).settleBatch(any(), anyInt(), anyList(), any(), any());
        verify(store, atLeast(1)).lastError(eq(JOB), startsWith("batch 0: ENDORSEMENT_FAILED"));
    }

    @Test
    void refuses_results_that_do_not_match_the_batch_and_tries_again() {
        when(ledger.submit(any(), eq(journal)))
                .thenReturn(committed("{\"results\":[{\"index\":0,\"status\":\"REGISTERED\"}]}"))
                .thenReturn(committed("{\"results\":[{\"index\":0,\"deviceId\":\"WT-DEVICE-1\",\"status\":"
                        + "\"REGISTERED\"},{\"index\":1,\"status\":\"REGISTERED\"},{\"index\":2,\"status\":"
                        + "\"REGISTERED\"}]}"));

        worker.start();

        assertThat(settled("tx-9", 42L)).hasSize(3);
        verify(store).lastError(eq(JOB), startsWith("batch 0: java.lang.IllegalStateException: RegisterCollections"
                + " answered 1 results for 3 collections"));
    }
}
