package io.wipetrace.gateway.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status.Code;
import io.wipetrace.proof.ledger.LedgerError;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CallOption;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads and writes on the ledger as an organisation, with the failure handling the API needs: every call the gateway
 * makes to Fabric goes through here (the projection's block stream and the commit streams aside), so every failure is a
 * {@link LedgerException} and every refusal carries the chaincode's {@link LedgerError}.
 *
 * <ul>
 *   <li>Reads are evaluated on the organisation's own peer, never submitted.
 *   <li>A write learns its commit from its organisation's stream of filtered blocks ({@link CommitWatch}); while that
 *       stream is not open, from a commit-status request of its own.
 *   <li>A write whose commit is invalidated by a read conflict ({@code MVCC_READ_CONFLICT},
 *       {@code PHANTOM_READ_CONFLICT}) is endorsed again and resubmitted, a bounded number of times with jitter.
 *   <li>Every endorsed transaction is recorded in the caller's {@link TransactionJournal} before it is submitted.
 *       When the outcome is ambiguous (the submit or the commit-status wait timed out), or a journal already holds a
 *       transaction from an earlier attempt, the client asks for the commit status of <em>that</em> transaction ID and
 *       if need be sends the same signed bytes again; it never endorses a new transaction while the old one might
 *       still commit. Fabric marks a second copy of a transaction ID {@code DUPLICATE_TXID}, so this cannot write
 *       twice.
 *   <li>A refusal from a peer that had not yet committed the block of a write this client saw commit (an offer
 *       accepted a moment after it committed on the sender's peer, a resale right after the refurbishment) is not
 *       the ledger's answer but the peer's lag: the client waits until every refusing peer has that block, then
 *       endorses once more. Whether the peer lacked the block when it refused cannot be asked afterwards: a peer
 *       behind by one block usually commits it before its height can be read. So a refusal counts as lag when a
 *       refusing peer is still behind, or when the newest commit this client saw came less than the catch-up
 *       time ({@code wipetrace.fabric.submit.catch-up}) before the refusal; otherwise, and on the second
 *       endorsement, the refusal stands. A refused request thus costs at most one endorsement more.
 * </ul>
 */
@Component
public class LedgerClient {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerClient.class);
    /** How often a lagging peer's height is asked for while waiting for it. */
    private static final Duration CATCH_UP_POLL = Duration.ofMillis(25);

    private final FabricGateways gateways;
    private final FabricProperties fabric;
    private final SubmitProperties settings;
    private final CommitWatch commits;
    /** The highest block a write through this client was seen to commit in, and when; block -1 before the first. */
    private final AtomicReference<Confirmed> confirmed = new AtomicReference<>(new Confirmed(-1, 0));
    /** Nanoseconds of a monotonic clock ({@link System#nanoTime()} but in tests). */
    private final LongSupplier nanoTime;

    @Autowired
    LedgerClient(final FabricGateways gateways, final FabricProperties fabric, final SubmitProperties settings,
            final CommitWatch commits) {
        this(gateways, fabric, settings, commits, System::nanoTime);
    }

    LedgerClient(final FabricGateways gateways, final FabricProperties fabric, final SubmitProperties settings,
            final CommitWatch commits, final LongSupplier nanoTime) {
        this.gateways = gateways;
        this.fabric = fabric;
        this.settings = settings;
        this.commits = commits;
        this.nanoTime = nanoTime;
    }

    /** A block a write committed in, and the monotonic time this client first saw a commit in it. */
    private record Confirmed(long block, long seenAt) {}

    /**
     * Evaluates a read on the organisation's own peer.
     *
     * @param organisation organisation key whose identity asks
     * @param contract contract name
     * @param transaction transaction name
     * @param arguments string arguments
     * @return the chaincode's result
     * @throws LedgerException when the chaincode refuses or the peer cannot answer
     */
    public byte[] evaluate(final String organisation, final String contract, final String transaction,
            final String... arguments) {
        return evaluate(organisation, gateways.contract(organisation, contract), contract + ":" + transaction,
                transaction, arguments);
    }

    /**
     * Asks the organisation's own peer for the channel's chain: {@code qscc GetChainInfo}, evaluated.
     *
     * @param organisation organisation key whose peer answers
     * @return the chain as that peer has committed it
     * @throws LedgerException when the peer cannot answer or its answer is not a {@code BlockchainInfo}
     */
    public ChainInfo chainInfo(final String organisation) {
        final byte[] answer = evaluate(organisation, querySystemChaincode(organisation), "qscc:GetChainInfo",
                "GetChainInfo", fabric.channel());
        try {
            return ChainInfo.parse(answer);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerException(LedgerException.Kind.UNAVAILABLE, "EVALUATION_FAILED",
                    "the peer's GetChainInfo answer is not a BlockchainInfo: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a block from the organisation's own peer: {@code qscc GetBlockByNumber}, evaluated.
     *
     * @param organisation organisation key whose peer answers
     * @param number the block number
     * @return the block
     * @throws LedgerException when the peer cannot answer or its answer is not a block
     */
    public Block block(final String organisation, final long number) {
        final byte[] answer = evaluate(organisation, querySystemChaincode(organisation), "qscc:GetBlockByNumber",
                "GetBlockByNumber", fabric.channel(), Long.toString(number));
        try {
            return Block.parseFrom(answer);
        } catch (InvalidProtocolBufferException e) {
            throw new LedgerException(LedgerException.Kind.UNAVAILABLE, "EVALUATION_FAILED",
                    "the peer's GetBlockByNumber answer is not a block: " + e.getMessage(), e);
        }
    }

    private Contract querySystemChaincode(final String organisation) {
        return gateways.network(organisation).getContract("qscc");
    }

    private byte[] evaluate(final String organisation, final Contract contract, final String what,
            final String transaction, final String... arguments) {
        try {
            return contract.newProposal(transaction)
                    .addArguments(arguments)
                    .setEndorsingOrganizations(gateways.mspId(organisation))
                    .build()
                    .evaluate();
        } catch (GatewayException e) {
            throw failure(e, "EVALUATION_FAILED", what);
        }
    }

    /**
     * Submits a write and waits for its commit.
     *
     * @param submission what to submit, as whom
     * @param journal where the endorsed transaction is recorded before it is submitted
     * @return the committed transaction's result and where it committed
     * @throws LedgerException when it is refused, invalidated, or its outcome is unknown
     */
    public Committed submit(final Submission submission, final TransactionJournal journal) {
        final Optional<TransactionJournal.PreparedTransaction> earlier = journal.prepared();
        if (earlier.isPresent()) {
            final Optional<Committed> recovered = recover(submission, earlier.get(), journal);
            if (recovered.isPresent()) {
                return recovered.get();
            }
        }
        TxValidationCode lastConflict = null;
        for (int attempt = 1; attempt <= Math.max(1, settings.maxAttempts()); attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            final Transaction endorsed = endorseAfterConfirmedWrites(submission);
            final TransactionJournal.PreparedTransaction prepared = new TransactionJournal.PreparedTransaction(
                    endorsed.getTransactionId(), endorsed.getBytes(), endorsed.getResult());
            journal.recordPrepared(prepared);
            final CommitWatch.Outcome status;
            // Expected before it is submitted, so that its block cannot pass unseen.
            final CommitWatch.Expected expected = commits.expect(submission.organisation(),
                    prepared.transactionId());
            try {
                final SubmittedTransaction submitted = endorsed.submitAsync();
                final Optional<CommitWatch.Outcome> seen = expected.await(fabric.deadlines().commitStatus());
                status = seen.isPresent() ? seen.get() : CommitWatch.Outcome.of(submitted.getStatus());
            } catch (SubmitException | CommitStatusException | TimeoutException e) {
                LOG.warn("{} {}: outcome unknown ({}), checking its commit status", submission.qualifiedName(),
                        prepared.transactionId(), e instanceof GatewayException failed ? failed.getStatus().getCode()
                                : "no block with it within " + fabric.deadlines().commitStatus());
                final Optional<Committed> recovered = recover(submission, prepared, journal);
                if (recovered.isPresent()) {
                    return recovered.get();
                }
                lastConflict = TxValidationCode.MVCC_READ_CONFLICT;
                continue;
            } finally {
                expected.cancel();
            }
            if (status.successful()) {
                return committed(status, prepared);
            }
            journal.clearPrepared();
            if (!isReadConflict(status.code())) {
                throw invalidated(submission, status);
            }
            lastConflict = status.code();
            LOG.info("{} {}: {} on attempt {}, endorsing again", submission.qualifiedName(),
                    status.transactionId(), status.code(), attempt);
        }
        throw new LedgerException(LedgerException.Kind.INVALIDATED, "LEDGER_CONFLICT", submission.qualifiedName()
                + " was invalidated by concurrent writes (" + lastConflict + ") " + settings.maxAttempts()
                + " times; nothing was written, try again", null);
    }

    /**
     * Settles a transaction an earlier attempt recorded: committed → its result; invalidated → empty (the journal
     * is cleared and a new transaction may go); still unknown after sending the same bytes again → an
     * {@code OUTCOME_UNKNOWN} failure, the journal kept for the next retry.
     */
    private Optional<Committed> recover(final Submission submission,
            final TransactionJournal.PreparedTransaction prepared, final TransactionJournal journal) {
        final Gateway gateway = gateways.forOrganisation(submission.organisation());
        Optional<Status> status = commitStatus(gateway, prepared.transactionId());
        if (status.isEmpty()) {
            // Never reached a block (yet): the same signed bytes again; a copy that also arrives is a DUPLICATE_TXID.
            try {
                final Status resent = gateway.newTransaction(prepared.bytes()).submitAsync().getStatus();
                status = resent.getCode() == TxValidationCode.DUPLICATE_TXID
                        ? commitStatus(gateway, prepared.transactionId())
                        : Optional.of(resent);
            } catch (SubmitException | CommitStatusException e) {
                throw new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN",
                        "transaction " + prepared.transactionId() + " of " + submission.qualifiedName()
                                + " may or may not commit; retry with the same Idempotency-Key to find out", e);
            }
        }
        if (status.isEmpty()) {
            throw new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN",
                    "transaction " + prepared.transactionId() + " has no commit status yet", null);
        }
        final CommitWatch.Outcome settled = CommitWatch.Outcome.of(status.get());
        if (settled.successful()) {
            LOG.info("{} {}: found committed in block {}", submission.qualifiedName(), settled.transactionId(),
                    settled.blockNumber());
            return Optional.of(committed(settled, prepared));
        }
        journal.clearPrepared();
        if (isReadConflict(settled.code())) {
            return Optional.empty();
        }
        throw invalidated(submission, settled);
    }

    /** The commit status of a transaction ID, or empty when it is not in a block within the probe deadline. */
    private Optional<Status> commitStatus(final Gateway gateway, final String transactionId) {
        final var identity = gateway.getIdentity();
        final CommitStatusRequest request = CommitStatusRequest.newBuilder()
                .setTransactionId(transactionId)
                .setChannelId(fabric.channel())
                .setIdentity(SerializedIdentity.newBuilder()
                        .setMspid(identity.getMspId())
                        .setIdBytes(com.google.protobuf.ByteString.copyFrom(identity.getCredentials()))
                        .build()
                        .toByteString())
                .build();
        final Commit commit = gateway.newCommit(
                SignedCommitStatusRequest.newBuilder().setRequest(request.toByteString()).build().toByteArray());
        try {
            return Optional.of(commit.getStatus(CallOption.deadlineAfter(
                    settings.statusProbe().toMillis(), TimeUnit.MILLISECONDS)));
        } catch (CommitStatusException e) {
            if (e.getStatus().getCode() == Code.DEADLINE_EXCEEDED) {
                return Optional.empty();
            }
            throw new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN",
                    "cannot read the commit status of " + transactionId + ": " + e.getStatus(), e);
        }
    }

    private Committed committed(final CommitWatch.Outcome status,
            final TransactionJournal.PreparedTransaction prepared) {
        final long block = status.blockNumber();
        final long now = nanoTime.getAsLong();
        confirmed.accumulateAndGet(new Confirmed(block, now),
                (known, seen) -> seen.block() > known.block() ? seen : known);
        return new Committed(status.transactionId(), status.blockNumber(), prepared.result());
    }

    /**
     * Endorses; when the chaincode refuses on a peer that had not committed every block this client has seen a write
     * commit in, waits for that peer to catch up and endorses once more (see the class description).
     */
    private Transaction endorseAfterConfirmedWrites(final Submission submission) {
        final Confirmed before = confirmed.get();
        try {
            return endorse(submission);
        } catch (LedgerException refused) {
            if (refused.kind() != LedgerException.Kind.REJECTED
                    || !(refused.getCause() instanceof GatewayException cause)
                    || !mayHaveLagged(refusingOrganisations(submission, cause), before, nanoTime.getAsLong())) {
                throw refused;
            }
            LOG.info("{}: refused by a peer that may have lacked block {} ({}); endorsing again now that it has it",
                    submission.qualifiedName(), before.block(), refused.code());
            return endorse(submission);
        }
    }

    /** The organisations whose peers refused, as the error names them, and the submitter's own, which endorses first. */
    private Set<String> refusingOrganisations(final Submission submission, final GatewayException e) {
        final Set<String> mspIds = e.getDetails().stream().map(detail -> detail.getMspId())
                .collect(Collectors.toSet());
        final Set<String> organisations = new LinkedHashSet<>(List.of(submission.organisation()));
        for (final String organisation : gateways.organisations()) {
            if (mspIds.contains(gateways.mspId(organisation))) {
                organisations.add(organisation);
            }
        }
        return organisations;
    }

    /**
     * Whether a refusal at {@code refusedAt} may have come from a peer that lacked the confirmed block, now that every
     * one of the organisations' peers has it: one of them was still behind, or the block was seen to commit less than
     * the catch-up time before the refusal (a peer may have committed it between refusing and being asked). False
     * when no write was seen to commit, when the block is older than that and every peer had it, or when a peer is
     * still behind at the deadline.
     */
    private boolean mayHaveLagged(final Set<String> organisations, final Confirmed confirmed, final long refusedAt) {
        if (confirmed.block() < 0) {
            return false;
        }
        final long window = settings.catchUp().toNanos();
        final long deadline = refusedAt + window;
        boolean wasBehind = false;
        for (final String organisation : organisations) {
            while (height(organisation) <= confirmed.block()) {
                wasBehind = true;
                if (nanoTime.getAsLong() - deadline > 0) {
                    return false;
                }
                try {
                    Thread.sleep(CATCH_UP_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return wasBehind || refusedAt - confirmed.seenAt() < window;
    }

    /** The peer's height, or the highest possible when it cannot say: a peer that does not answer is not waited for. */
    private long height(final String organisation) {
        try {
            return chainInfo(organisation).height();
        } catch (LedgerException e) {
            LOG.warn("{}'s peer did not give its height: {}", organisation, e.getMessage());
            return Long.MAX_VALUE;
        }
    }

    private Transaction endorse(final Submission submission) {
        final Proposal.Builder builder = gateways.contract(submission.organisation(), submission.contract())
                .newProposal(submission.transaction())
                .addArguments(submission.arguments().toArray(String[]::new));
        if (!submission.transientData().isEmpty()) {
            builder.putAllTransient(submission.transientData());
        }
        if (!submission.endorsingMspIds().isEmpty()) {
            builder.setEndorsingOrganizations(submission.endorsingMspIds().toArray(String[]::new));
        }
        try {
            return builder.build().endorse();
        } catch (EndorseException e) {
            throw failure(e, "ENDORSEMENT_FAILED", submission.qualifiedName());
        }
    }

    private static LedgerException failure(final GatewayException e, final String fallbackCode, final String what) {
        final Optional<LedgerError> refusal = refusal(e);
        if (refusal.isPresent()) {
            return LedgerException.rejected(refusal.get(), detail(e, refusal.get()), e);
        }
        final Code grpc = e.getStatus().getCode();
        if (grpc == Code.DEADLINE_EXCEEDED) {
            return new LedgerException(LedgerException.Kind.UNAVAILABLE, "LEDGER_TIMEOUT",
                    what + ": the peers did not answer in time; nothing was written", e);
        }
        if (grpc == Code.UNAVAILABLE) {
            return new LedgerException(LedgerException.Kind.UNAVAILABLE, "LEDGER_UNAVAILABLE",
                    what + ": the peers cannot be reached; nothing was written", e);
        }
        LOG.warn("{} failed: {}", what, text(e));
        return new LedgerException(LedgerException.Kind.UNAVAILABLE, fallbackCode,
                what + " failed on the peers (" + grpc + "); nothing was written", e);
    }

    /**
     * The chaincode's refusal, when the failure is one: the chaincode fails with {@code "CODE: detail"}, and the
     * peers' gateway passes it on in the gRPC status's details (or, for some peers, its description).
     */
    static Optional<LedgerError> refusal(final GatewayException e) {
        for (final var detail : e.getDetails()) {
            final Optional<LedgerError> refusal = LedgerError.fromMessage(detail.getMessage());
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return LedgerError.fromMessage(e.getMessage());
    }

    /** The chaincode's own words from its code on: {@code "CODE: detail"}. */
    private static String detail(final GatewayException e, final LedgerError refusal) {
        for (final var detail : e.getDetails()) {
            final int at = detail.getMessage().indexOf(refusal.name() + ": ");
            if (at >= 0) {
                return detail.getMessage().substring(at);
            }
        }
        return refusal.name();
    }

    /** The error text as a whole, message and every peer's detail, for the log. */
    private static String text(final GatewayException e) {
        return e.getMessage() + e.getDetails().stream()
                .map(detail -> detail.getMspId() + ": " + detail.getMessage())
                .collect(Collectors.joining("; ", " [", "]"));
    }

    private static LedgerException invalidated(final Submission submission, final CommitWatch.Outcome status) {
        return new LedgerException(LedgerException.Kind.INVALIDATED, "COMMIT_" + status.code().name(),
                submission.qualifiedName() + " " + status.transactionId() + " was invalidated at commit: "
                        + status.code() + "; nothing was written", null);
    }

    private static boolean isReadConflict(final TxValidationCode code) {
        return code == TxValidationCode.MVCC_READ_CONFLICT || code == TxValidationCode.PHANTOM_READ_CONFLICT;
    }

    private void pause(final int attempt) {
        final long ceiling = settings.conflictBackoff().toMillis() << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(LedgerException.Kind.UNAVAILABLE, "INTERRUPTED", "interrupted", e);
        }
    }

    /**
     * A committed write.
     *
     * @param transactionId Fabric transaction ID
     * @param blockNumber the block it committed in
     * @param result the chaincode's result
     */
    public record Committed(String transactionId, long blockNumber, byte[] result) {}
}
