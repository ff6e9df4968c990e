package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The write path's recovery on the real network: a transaction recorded in the journal is settled by its own ID,
 * never by a second transaction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "wipetrace.projection.enabled=false")
class LedgerClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private LedgerClient ledger;

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private CommitWatch commits;

    @Autowired
    private FabricProperties fabric;

    @BeforeAll
    static void requireNetwork() {
        RunningNetwork.require();
    }

    @Test
    void sends_a_journalled_transaction_that_never_reached_the_orderers_exactly_once() throws Exception {
        final String device = "DEV-" + UUID.randomUUID().toString().replace("-", "");
        final Submission submission = Submission.of("collector", "device", "RegisterCollection", collection(device));
        // An attempt that crashed after recording its endorsed transaction and before submitting it.
        final Transaction endorsed = gateways.contract("collector", "device").newProposal("RegisterCollection")
                .addArguments(collection(device)).build().endorse();
        final Journal journal = new Journal(new TransactionJournal.PreparedTransaction(endorsed.getTransactionId(),
                endorsed.getBytes(), endorsed.getResult()));

        final LedgerClient.Committed first = ledger.submit(submission, journal);
        final long height = ledger.chainInfo("collector").height();
        final LedgerClient.Committed second = ledger.submit(submission, journal);

        assertThat(first.transactionId()).isEqualTo(endorsed.getTransactionId());
        assertThat(second.transactionId()).isEqualTo(endorsed.getTransactionId());
        assertThat(second.blockNumber()).isEqualTo(first.blockNumber());
        assertThat(ledger.chainInfo("collector").height()).as("settling again writes no block").isEqualTo(height);
        assertThat(history(device, first.blockNumber())).containsExactly("COLLECTED");
    }

    @Test
    void settles_a_journalled_transaction_that_committed_by_its_commit_status() throws Exception {
        final String device = "DEV-" + UUID.randomUUID().toString().replace("-", "");
        final Transaction endorsed = gateways.contract("collector", "device").newProposal("RegisterCollection")
                .addArguments(collection(device)).build().endorse();
        endorsed.submitAsync().getStatus();
        final long height = ledger.chainInfo("collector").height();

        final LedgerClient.Committed settled = ledger.submit(
                Submission.of("collector", "device", "RegisterCollection", collection(device)),
                new Journal(new TransactionJournal.PreparedTransaction(endorsed.getTransactionId(),
                        endorsed.getBytes(), endorsed.getResult())));

        assertThat(settled.transactionId()).isEqualTo(endorsed.getTransactionId());
        assertThat(ledger.chainInfo("collector").height()).isEqualTo(height);
        assertThat(history(device, settled.blockNumber())).containsExactly("COLLECTED");
    }

    @Test
    void learns_the_commits_of_writes_from_the_organisations_block_stream() throws Exception {
        // The first write opens the collector's stream, and may ask for its commit status while it opens.
        ledger.submit(Submission.of("collector", "device", "RegisterCollection", collection(newDevice())),
                new Journal(null));
        final long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!commits.watching("collector")) {
            assertThat(System.nanoTime() - deadline).as("the collector's commit stream opened in time").isNegative();
            Thread.sleep(20);
        }
        final long before = commits.reported();

        final String device = newDevice();
        final LedgerClient.Committed committed = ledger.submit(
                Submission.of("collector", "device", "RegisterCollection", collection(device)), new Journal(null));

        assertThat(commits.reported()).as("reported by the stream").isEqualTo(before + 1);
        final Block holding = Block.parseFrom(gateways.network("collector").getContract("qscc")
                .evaluateTransaction("GetBlockByTxID", fabric.channel(), committed.transactionId()));
        assertThat(holding.getHeader().getNumber()).as("the block the stream named").isEqualTo(committed.blockNumber());
        assertThat(history(device, committed.blockNumber())).containsExactly("COLLECTED");
    }

    @Test
    void evaluates_reads_and_reports_chaincode_refusals_with_their_code() {
        final LedgerException missing = org.assertj.core.api.Assertions.catchThrowableOfType(LedgerException.class,
                () -> ledger.evaluate("regulator", "device", "GetDevice", "DEV-does-not-exist-0000"));
        assertThat(missing.kind()).isEqualTo(LedgerException.Kind.REJECTED);
        assertThat(missing.code()).isEqualTo("DEVICE_NOT_FOUND");
    }

    /**
     * The device's events as the regulator's peer tells them, once that peer has committed the given block: a commit
     * reported by the collector's peer (its commit status or its block stream) may not have reached the others yet.
     */
    private List<String> history(final String device, final long block) throws Exception {
        final long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (ledger.chainInfo("regulator").height() <= block) {
            assertThat(System.nanoTime() - deadline).as("the regulator's peer committed block %d in time", block)
                    .isNegative();
            Thread.sleep(20);
        }
        final List<String> types = new ArrayList<>();
        final JsonNode events = JSON.readTree(ledger.evaluate("regulator", "device", "GetHistory", device))
                .path("events");
        events.forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    private static String newDevice() {
        return "DEV-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String collection(final String device) throws Exception {
        final String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(device.getBytes()));
        return JSON.writeValueAsString(Map.of("deviceId", device, "receiptHash", hash, "identifierCommitment", hash,
                "make", "Huawei", "model", "P40", "storageGb", 128, "channel", "STORE", "siteId", "SITE-COL-SH-01",
                "locked", false, "consent", Map.of("reference", "C-" + device, "scope", "all", "method", "app",
                        "impact", "irreversible")));
    }

    private static final class Journal implements TransactionJournal {
        private Optional<PreparedTransaction> prepared;

        /** A journal holding an earlier attempt's transaction, or nothing when it is null. */
        Journal(final PreparedTransaction prepared) {
            this.prepared = Optional.ofNullable(prepared);
        }

        @Override
        public Optional<PreparedTransaction> prepared() {
            return prepared;
        }

        @Override
        public void recordPrepared(final PreparedTransaction transaction) {
            prepared = Optional.of(transaction);
        }

        @Override
        public void clearPrepared() {
            prepared = Optional.empty();
        }
    }
}
