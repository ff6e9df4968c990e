package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.StatusRuntimeException;
import io.wipetrace.proof.ledger.LedgerError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.client.CallOption;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write path's failure handling, against mocked Fabric client objects. */
class LedgerClientTest {

    private final FabricGateways gateways = mock(FabricGateways.class);
    private final Contract contract = mock(Contract.class);
    private final Proposal.Builder builder = mock(Proposal.Builder.class);
    private final Gateway gateway = mock(Gateway.class);
    private final List<Transaction> endorsed = new ArrayList<>();
    private final RecordingJournal journal = new RecordingJournal();
    /** The client's monotonic clock in nanoseconds: each reading moves it on by a millisecond. */
    private final AtomicLong now = new AtomicLong();
    private final List<CommitWatch> watches = new ArrayList<>();
    private LedgerClient client;

    @BeforeEach
    void wire() {
        client = client(CommitWatch.OFF);
        when(gateways.contract("processor", "device")).thenReturn(contract);
        when(gateways.forOrganisation("processor")).thenReturn(gateway);
        when(contract.newProposal(anyString())).thenReturn(builder);
        when(builder.addArguments(any(String[].class))).thenReturn(builder);
        final Identity identity = mock(Identity.class);
        when(identity.getMspId()).thenReturn("ProcessorOrgMSP");
        when(identity.getCredentials()).thenReturn(new byte[] {1});
        when(gateway.getIdentity()).thenReturn(identity);
    }

    private LedgerClient client(final CommitWatch commits) {
        final FabricProperties fabric = new FabricProperties("wipetrace", "wipetrace",
                new FabricProperties.Deadlines(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(30)), Map.of());
        return new LedgerClient(gateways, fabric, new SubmitProperties(3, Duration.ofMillis(1), Duration.ofMillis(50),
                Duration.ofMillis(500), true), commits, () -> now.addAndGet(Duration.ofMillis(1).toNanos()));
    }

    private void endorsements(final TxValidationCode... outcomes) throws Exception {
        final List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            final String txId = "tx-" + (i + 1);
            final Transaction transaction = mock(Transaction.class);
            when(transaction.getTransactionId()).thenReturn(txId);
            when(transaction.getBytes()).thenReturn(txId.getBytes());
            when(transaction.getResult()).thenReturn(("result-" + txId).getBytes());
            final SubmittedTransaction submitted = mock(SubmittedTransaction.class);
            final Status status = status(txId, outcomes[i]);
            when(submitted.getStatus()).thenReturn(status);
            when(transaction.submitAsync()).thenReturn(submitted);
            final Proposal proposal = mock(Proposal.class);
            when(proposal.endorse()).thenReturn(transaction);
            proposals.add(proposal);
            endorsed.add(transaction);
        }
        when(builder.build()).thenReturn(proposals.getFirst(),
                proposals.subList(1, proposals.size()).toArray(Proposal[]::new));
    }

    private static Status status(final String txId, final TxValidationCode code) {
        final Status status = mock(Status.class);
        when(status.getTransactionId()).thenReturn(txId);
        when(status.getCode()).thenReturn(code);
        when(status.isSuccessful()).thenReturn(code == TxValidationCode.VALID);
        when(status.getBlockNumber()).thenReturn(42L);
        return status;
    }

    @Test
    void endorses_again_after_a_read_conflict_and_returns_the_committed_result() throws Exception {
        endorsements(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.PHANTOM_READ_CONFLICT,
                TxValidationCode.VALID);

        final LedgerClient.Committed committed = client.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-3");
        assertThat(new String(committed.result())).isEqualTo("result-tx-3");
        assertThat(journal.recorded).containsExactly("tx-1", "tx-2", "tx-3");
        assertThat(journal.cleared).isEqualTo(2);
    }

    /** A client whose commits come from a stream the test feeds, open before the test's write. */
    private LedgerClient watchedClient(final FakeFilteredBlocks blocks) throws InterruptedException {
        final CommitWatch watch = new CommitWatch(organisation -> blocks, organisation -> 40, Duration.ofMillis(1),
                true);
        watches.add(watch);
        watch.expect("processor", "opens-the-stream").cancel();
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!watch.watching("processor")) {
            assertThat(System.nanoTime() - deadline).as("the stream opened in time").isNegative();
            Thread.sleep(5);
        }
        return client(watch);
    }

    @AfterEach
    void closeWatches() {
        watches.forEach(CommitWatch::close);
    }

    @Test
    void learns_commits_from_the_block_stream_without_asking_for_each_commit_status() throws Exception {
        final FakeFilteredBlocks blocks = new FakeFilteredBlocks();
        final LedgerClient watched = watchedClient(blocks);
        endorsements(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.VALID);
        // Each transaction's block comes once it is submitted.
        when(endorsed.get(0).submitAsync()).thenAnswer(call -> {
            blocks.block(40, "tx-1", TxValidationCode.MVCC_READ_CONFLICT);
            return mock(SubmittedTransaction.class);
        });
        final SubmittedTransaction second = mock(SubmittedTransaction.class);
        when(endorsed.get(1).submitAsync()).thenAnswer(call -> {
            blocks.block(41, "tx-other", TxValidationCode.VALID, "tx-2", TxValidationCode.VALID);
            return second;
        });

        final LedgerClient.Committed committed = watched.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-2");
        assertThat(committed.blockNumber()).isEqualTo(41);
        assertThat(new String(committed.result())).isEqualTo("result-tx-2");
        assertThat(journal.recorded).containsExactly("tx-1", "tx-2");
        verify(second, never()).getStatus();
        verify(second, never()).getStatus(any(CallOption[].class));
    }

    @Test
    void asks_for_the_commit_status_when_the_block_stream_fails_while_a_write_waits() throws Exception {
        final FakeFilteredBlocks blocks = new FakeFilteredBlocks();
        final LedgerClient watched = watchedClient(blocks);
        endorsements(TxValidationCode.VALID);
        final SubmittedTransaction submitted = mock(SubmittedTransaction.class);
        final Status valid = status("tx-1", TxValidationCode.VALID);
        when(submitted.getStatus()).thenReturn(valid);
        when(endorsed.getFirst().submitAsync()).thenAnswer(call -> {
            blocks.fail();
            return submitted;
        });

        final LedgerClient.Committed committed = watched.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-1");
        assertThat(committed.blockNumber()).as("the commit status's block").isEqualTo(42);
        verify(submitted, times(1)).getStatus();
    }

    @Test
    void gives_up_after_the_configured_attempts_with_nothing_written() throws Exception {
        endorsements(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.MVCC_READ_CONFLICT,
                TxValidationCode.MVCC_READ_CONFLICT);

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "X"), journal))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo("LEDGER_CONFLICT");
                    assertThat(e.nothingWritten()).isTrue();
                });
    }

    @Test
    void does_not_retry_other_invalidations() throws Exception {
        endorsements(TxValidationCode.ENDORSEMENT_POLICY_FAILURE, TxValidationCode.VALID);

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "X"), journal))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo("COMMIT_ENDORSEMENT_POLICY_FAILURE"));
        assertThat(journal.recorded).containsExactly("tx-1");
    }

    @Test
    void settles_a_journalled_transaction_by_its_commit_status_instead_of_endorsing_again() throws Exception {
        journal.prepared = Optional.of(new TransactionJournal.PreparedTransaction("tx-old", new byte[] {9},
                "old-result".getBytes()));
        final Commit commit = mock(Commit.class);
        final Status valid = status("tx-old", TxValidationCode.VALID);
        when(commit.getStatus(any(CallOption[].class))).thenReturn(valid);
        when(gateway.newCommit(any())).thenReturn(commit);

        final LedgerClient.Committed committed = client.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-old");
        assertThat(new String(committed.result())).isEqualTo("old-result");
        verify(contract, never()).newProposal(anyString());
    }

    @Test
    void sends_the_same_signed_bytes_again_when_a_journalled_transaction_never_reached_a_block() throws Exception {
        journal.prepared = Optional.of(new TransactionJournal.PreparedTransaction("tx-old", new byte[] {9},
                "old-result".getBytes()));
        final Commit commit = mock(Commit.class);
        when(commit.getStatus(any(CallOption[].class))).thenThrow(new CommitStatusException("tx-old",
                new StatusRuntimeException(io.grpc.Status.DEADLINE_EXCEEDED)));
        when(gateway.newCommit(any())).thenReturn(commit);
        final Transaction resent = mock(Transaction.class);
        final SubmittedTransaction submitted = mock(SubmittedTransaction.class);
        final Status valid = status("tx-old", TxValidationCode.VALID);
        when(submitted.getStatus()).thenReturn(valid);
        when(resent.submitAsync()).thenReturn(submitted);
        when(gateway.newTransaction(new byte[] {9})).thenReturn(resent);

        final LedgerClient.Committed committed = client.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-old");
        verify(gateway, times(1)).newTransaction(new byte[] {9});
        verify(contract, never()).newProposal(anyString());
    }

    @Test
    void checks_the_commit_status_after_an_ambiguous_timeout_rather_than_submitting_a_new_transaction()
            throws Exception {
        endorsements(TxValidationCode.VALID);
        final SubmittedTransaction ambiguous = mock(SubmittedTransaction.class);
        when(ambiguous.getStatus()).thenThrow(new CommitStatusException("tx-1",
                new StatusRuntimeException(io.grpc.Status.DEADLINE_EXCEEDED)));
        when(endorsed.getFirst().submitAsync()).thenReturn(ambiguous);
        final Commit commit = mock(Commit.class);
        final Status valid = status("tx-1", TxValidationCode.VALID);
        when(commit.getStatus(any(CallOption[].class))).thenReturn(valid);
        when(gateway.newCommit(any())).thenReturn(commit);

        final LedgerClient.Committed committed = client.submit(Submission.of("processor", "device", "X"), journal);

        assertThat(committed.transactionId()).isEqualTo("tx-1");
        verify(builder, times(1)).build();
    }

    @Test
    void reports_a_chaincode_refusal_with_its_code() throws Exception {
        final Proposal proposal = mock(Proposal.class);
        when(builder.build()).thenReturn(proposal);
        final io.grpc.Status grpc = io.grpc.Status.ABORTED.withDescription("failed to endorse transaction");
        final var details = new io.grpc.Metadata();
        when(proposal.endorse()).thenThrow(new org.hyperledger.fabric.client.EndorseException("tx-1",
                new StatusRuntimeException(grpc.augmentDescription("NOT_CUSTODIAN: ProcessorOrgMSP does not hold"
                        + " DEV-1"), details)));

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "X"), journal))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LedgerException.Kind.REJECTED);
                    assertThat(e.code()).isEqualTo("NOT_CUSTODIAN");
                    assertThat(e.refusal()).contains(LedgerError.NOT_CUSTODIAN);
                    assertThat(e.refusedAs(LedgerError.Category.ACCESS)).isTrue();
                });
        assertThat(journal.recorded).isEmpty();
    }

    /** A proposal whose endorsement commits as valid in block 42. */
    private Proposal committing(final String txId) throws Exception {
        final Transaction transaction = mock(Transaction.class);
        when(transaction.getTransactionId()).thenReturn(txId);
        when(transaction.getBytes()).thenReturn(txId.getBytes());
        when(transaction.getResult()).thenReturn(("result-" + txId).getBytes());
        final SubmittedTransaction submitted = mock(SubmittedTransaction.class);
        final Status status = status(txId, TxValidationCode.VALID);
        when(submitted.getStatus()).thenReturn(status);
        when(transaction.submitAsync()).thenReturn(submitted);
        final Proposal proposal = mock(Proposal.class);
        when(proposal.endorse()).thenReturn(transaction);
        return proposal;
    }

    /** A proposal the chaincode refuses on the processor's peer, as a peer lacking the handover's offer does. */
    private static Proposal refused() throws Exception {
        final Proposal proposal = mock(Proposal.class);
        when(proposal.endorse()).thenThrow(new org.hyperledger.fabric.client.EndorseException("tx-r",
                new StatusRuntimeException(io.grpc.Status.ABORTED.withDescription("failed to endorse transaction")
                        .augmentDescription("HANDOVER_NOT_FOUND: no handover HO-1"), new io.grpc.Metadata())));
        return proposal;
    }

    /** The processor's peer answers GetChainInfo with these heights, one per question, the last one from then on. */
    private Proposal.Builder heights(final long... heights) throws Exception {
        final org.hyperledger.fabric.client.Network network = mock(org.hyperledger.fabric.client.Network.class);
        final Contract qscc = mock(Contract.class);
        final Proposal.Builder query = mock(Proposal.Builder.class);
        final Proposal proposal = mock(Proposal.class);
        when(gateways.network("processor")).thenReturn(network);
        when(gateways.organisations()).thenReturn(java.util.Set.of("processor"));
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        when(network.getContract("qscc")).thenReturn(qscc);
        when(qscc.newProposal("GetChainInfo")).thenReturn(query);
        when(query.addArguments(any(String[].class))).thenReturn(query);
        when(query.setEndorsingOrganizations(any(String[].class))).thenReturn(query);
        when(query.build()).thenReturn(proposal);
        final byte[][] answers = new byte[heights.length][];
        for (int i = 0; i < heights.length; i++) {
            answers[i] = org.hyperledger.fabric.protos.common.BlockchainInfo.newBuilder().setHeight(heights[i])
                    .build().toByteArray();
        }
        when(proposal.evaluate()).thenReturn(answers[0], java.util.Arrays.copyOfRange(answers, 1, answers.length));
        return query;
    }

    @Test
    void endorses_once_more_when_the_refusing_peer_lacked_the_block_of_a_write_it_saw_commit() throws Exception {
        final Proposal offer = committing("tx-offer");
        final Proposal refusal = refused();
        final Proposal accept = committing("tx-accept");
        when(builder.build()).thenReturn(offer, refusal, accept);
        final Proposal.Builder chainInfo = heights(41, 42, 43);
        client.submit(Submission.of("processor", "device", "OfferHandover"), journal);

        final LedgerClient.Committed accepted = client.submit(Submission.of("processor", "device", "AcceptHandover"),
                new RecordingJournal());

        // Block 42 holds the offer: heights 41 and 42 lack it, 43 has it.
        assertThat(accepted.transactionId()).isEqualTo("tx-accept");
        verify(chainInfo, times(3)).build();
        verify(builder, times(3)).build();
    }

    @Test
    void a_refusal_long_after_the_confirmed_block_from_a_peer_that_has_it_stands() throws Exception {
        final Proposal offer = committing("tx-offer");
        final Proposal refusal = refused();
        final Proposal never = committing("tx-never");
        when(builder.build()).thenReturn(offer, refusal, never);
        final Proposal.Builder chainInfo = heights(43);
        client.submit(Submission.of("processor", "device", "OfferHandover"), journal);
        // Longer than the catch-up time (500 ms here) after block 42 was seen to commit.
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "AcceptHandover"),
                new RecordingJournal())).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.refusal()).contains(LedgerError.HANDOVER_NOT_FOUND));
        verify(chainInfo, times(1)).build();
        verify(builder, times(2)).build();
    }

    @Test
    void a_refusal_right_after_the_confirmed_block_is_endorsed_once_more_though_the_peer_has_it_when_asked()
            throws Exception {
        // The peer refused while behind block 42 and committed it before its height was read: the height says
        // nothing of the refusal, the time since block 42 committed does.
        final Proposal offer = committing("tx-offer");
        final Proposal refusal = refused();
        final Proposal accept = committing("tx-accept");
        when(builder.build()).thenReturn(offer, refusal, accept);
        final Proposal.Builder chainInfo = heights(43);
        client.submit(Submission.of("processor", "device", "OfferHandover"), journal);

        final LedgerClient.Committed accepted = client.submit(Submission.of("processor", "device", "AcceptHandover"),
                new RecordingJournal());

        assertThat(accepted.transactionId()).isEqualTo("tx-accept");
        verify(chainInfo, times(1)).build();
        verify(builder, times(3)).build();
    }

    @Test
    void a_second_refusal_right_after_the_confirmed_block_stands() throws Exception {
        final Proposal offer = committing("tx-offer");
        final Proposal first = refused();
        final Proposal second = refused();
        final Proposal never = committing("tx-never");
        when(builder.build()).thenReturn(offer, first, second, never);
        heights(43);
        client.submit(Submission.of("processor", "device", "OfferHandover"), journal);

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "AcceptHandover"),
                new RecordingJournal())).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.refusal()).contains(LedgerError.HANDOVER_NOT_FOUND));
        verify(builder, times(3)).build();
    }

    @Test
    void a_refusal_stands_when_the_peer_is_still_behind_at_the_deadline() throws Exception {
        final Proposal offer = committing("tx-offer");
        final Proposal refusal = refused();
        final Proposal never = committing("tx-never");
        when(builder.build()).thenReturn(offer, refusal, never);
        heights(40);
        client.submit(Submission.of("processor", "device", "OfferHandover"), journal);

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "AcceptHandover"),
                new RecordingJournal())).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.refusal()).contains(LedgerError.HANDOVER_NOT_FOUND));
        verify(builder, times(2)).build();
    }

    @Test
    void a_refusal_before_any_write_was_seen_to_commit_stands_without_asking_the_peer() throws Exception {
        final Proposal refusal = refused();
        final Proposal never = committing("tx-never");
        when(builder.build()).thenReturn(refusal, never);

        assertThatThrownBy(() -> client.submit(Submission.of("processor", "device", "AcceptHandover"), journal))
                .isInstanceOf(LedgerException.class);
        verify(gateways, never()).network(anyString());
        verify(builder, times(1)).build();
    }

    private static final class RecordingJournal implements TransactionJournal {
        Optional<PreparedTransaction> prepared = Optional.empty();
        final List<String> recorded = new ArrayList<>();
        int cleared;

        @Override
        public Optional<PreparedTransaction> prepared() {
            return prepared;
        }

        @Override
        public void recordPrepared(final PreparedTransaction transaction) {
            recorded.add(transaction.transactionId());
            prepared = Optional.of(transaction);
        }

        @Override
        public void clearPrepared() {
            cleared++;
            prepared = Optional.empty();
        }
    }
}
