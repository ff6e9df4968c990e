package io.wipetrace.gateway.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.ledger.LedgerDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The projection against the real network and the real PostgreSQL of the instance named by {@code WIPETRACE_STATE}:
 * rows match the ledger, a crash between rows and checkpoint loses and doubles nothing, and a rebuild from block 0
 * reproduces the tables exactly.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wipetrace.projection.reconnect.initial-backoff=100ms",
            "wipetrace.projection.reconnect.max-backoff=400ms",
            "wipetrace.projection.height-refresh=300ms",
            "wipetrace.security.metrics-token=" + ProjectionIT.METRICS_TOKEN
        })
@Import(ProjectionIT.CrashInjection.class)
@DirtiesContext
class ProjectionIT {

    /** The scrape token, which shows health details. */
    static final String METRICS_TOKEN = "projection-it-scrape-token";

    private static final String COLLECTOR = "collector";
    private static final String REGULATOR = "regulator";
    private static final String CONTRACT = "foundation";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    @Autowired
    private FabricProperties fabric;

    @Autowired
    private ProjectionStore store;

    @Autowired
    private BlockListener listener;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSourceProperties dataSource;

    @Autowired
    private CrashInjection crash;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @AfterEach
    void restoreTheListener() {
        crash.disarm();
        listener.start();
    }

    @Test
    void projects_each_valid_transaction_at_its_block_and_position_and_checkpoints_the_last_block() throws Exception {
        // Endorsed first and submitted together, so that some share a block and tx_index matters.
        final List<Transaction> endorsed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            endorsed.add(gateways.contract(COLLECTOR, CONTRACT).newProposal("PutValue")
                    .addArguments(uniqueKey(), "wiped " + i).build().endorse());
        }
        final Transaction invalid = gateways.contract(COLLECTOR, CONTRACT).newProposal("PutValue")
                .addArguments(uniqueKey(), "endorsed by the collector alone")
                .setEndorsingOrganizations(gateways.mspId(COLLECTOR))
                .build()
                .endorse();
        final List<SubmittedTransaction> submitted = new ArrayList<>();
        for (Transaction transaction : endorsed) {
            submitted.add(transaction.submitAsync());
        }
        final Status invalidStatus = invalid.submitAsync().getStatus();
        final Map<String, Long> blockOf = new LinkedHashMap<>();
        for (SubmittedTransaction transaction : submitted) {
            final Status status = transaction.getStatus();
            assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);
            blockOf.put(transaction.getTransactionId(), status.getBlockNumber());
        }
        assertThat(invalidStatus.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        final long last = Math.max(invalidStatus.getBlockNumber(),
                blockOf.values().stream().mapToLong(Long::longValue).max().orElseThrow());

        awaitCheckpoint(last);

        for (Map.Entry<String, Long> entry : blockOf.entrySet()) {
            final String txId = entry.getKey();
            final Map<String, Object> row = jdbc.queryForMap("SELECT * FROM ledger_transaction WHERE tx_id = ?", txId);
            assertThat(row.get("block_number")).as(txId).isEqualTo(entry.getValue());
            assertThat(row.get("tx_index")).as(txId).isEqualTo(positionInBlock(entry.getValue(), txId));
            assertThat(row.get("chaincode")).isEqualTo(fabric.chaincode());
            assertThat(row.get("creator_msp_id")).isEqualTo(gateways.mspId(COLLECTOR));
            assertThat(row.get("event_name")).isEqualTo("ValuePut");
            assertThat(new String((byte[]) row.get("event_payload"), UTF_8)).startsWith("{\"key\":\"it-")
                    .contains("\"txId\":\"" + txId + "\"");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_transaction WHERE tx_id = ?", Long.class,
                invalid.getTransactionId())).as("the invalid transaction").isZero();
        // Every block the test touched holds in the projection exactly the valid endorser transactions of the ledger.
        for (long block : Set.copyOf(blockOf.values())) {
            assertThat(jdbc.queryForList("SELECT tx_id FROM ledger_transaction WHERE block_number = ? ORDER BY tx_index",
                    String.class, block)).as("block " + block).isEqualTo(validEndorserTransactions(block));
        }
        // Other writers (anchoring, say) may add blocks meanwhile: the checkpoint catches up with the height.
        await("the checkpoint to reach the ledger's height",
                () -> {
                    try {
                        return store.checkpoint(fabric.channel()) == peers.chainInfo(REGULATOR).height() - 1;
                    } catch (Exception e) {
                        return false;
                    }
                });

        await("the lag to reach 0", () -> meters.get("wipetrace.projection.lag").gauge().value() == 0);
        final JsonNode projection = http.exchange(org.springframework.http.RequestEntity.get("/actuator/health")
                        .header("Authorization", "Bearer " + METRICS_TOKEN).build(), JsonNode.class).getBody()
                .path("components").path("projection");
        assertThat(projection.path("status").asText()).isEqualTo("UP");
        assertThat(projection.path("details").path("lag").asLong()).isZero();
        assertThat(projection.path("details").path("checkpoint").asLong()).isGreaterThanOrEqualTo(last);
    }

    @Test
    void loses_and_doubles_nothing_when_it_crashes_between_the_rows_and_the_checkpoint() throws Exception {
        final long next = caughtUpHeight();
        crash.armFrom(next);

        final Transaction transaction = gateways.contract(COLLECTOR, CONTRACT).newProposal("PutValue")
                .addArguments(uniqueKey(), "crash test").build().endorse();
        final Status status = transaction.submitAsync().getStatus();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);
        final long block = status.getBlockNumber();
        final String txId = transaction.getTransactionId();

        // The listener keeps retrying the first block from `next` on and keeps crashing after writing its rows. That
        // is this transaction's block, or an earlier one if another writer (anchoring, say) got a block in first.
        await("two crashes on a block from " + next, () -> crash.firstCrashedTwice() >= 0);
        final long crashed = crash.firstCrashedTwice();
        assertThat(crashed).isBetween(next, block);
        assertThat(crash.rowsSeenBeforeCrash(crashed)).as("rows of block %d written before the crash", crashed)
                .isEqualTo(validEndorserTransactions(crashed).size());
        assertThat(store.checkpoint(fabric.channel())).isEqualTo(crashed - 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_transaction WHERE block_number >= ?", Long.class,
                crashed)).as("rows of the rolled-back block").isZero();
        assertThat(rowsOf(txId)).isZero();

        listener.stop();
        crash.disarm();
        listener.start();

        awaitCheckpoint(block);
        assertThat(rowsOf(txId)).isOne();
        assertThat(jdbc.queryForObject("SELECT block_number FROM ledger_transaction WHERE tx_id = ?", Long.class, txId))
                .isEqualTo(block);
        assertThat(jdbc.queryForList("SELECT tx_id FROM ledger_transaction WHERE block_number = ? ORDER BY tx_index",
                String.class, block)).isEqualTo(validEndorserTransactions(block));
        assertThat(jdbc.queryForObject("SELECT count(*) - count(DISTINCT (block_number, tx_index)) FROM ledger_transaction",
                Long.class)).isZero();
    }

    @Test
    void rebuilds_identical_tables_from_block_zero_into_a_fresh_schema() throws Exception {
        for (int i = 0; i < 3; i++) {
            gateways.contract(COLLECTOR, CONTRACT).submitTransaction("PutValue", uniqueKey(), "rebuild " + i);
        }
        // Devices in every read-model table but lots: one wiped after a handover, one left in transit, one refused.
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, Path.of(System.getenv("WIPETRACE_STATE")));
        final String wiped = LedgerDriver.newDeviceId();
        ledger.collect(wiped, LedgerDriver.sha256Hex("receipt " + wiped));
        ledger.accept(ledger.offerToProcessor(wiped), false);
        ledger.erase(wiped, "ERASED");
        final String inTransit = LedgerDriver.newDeviceId();
        ledger.collect(inTransit, LedgerDriver.sha256Hex("receipt " + inTransit));
        ledger.offerToProcessor(inTransit);
        final String refused = LedgerDriver.newDeviceId();
        ledger.collect(refused, LedgerDriver.sha256Hex("receipt " + refused));
        ledger.submit(LedgerDriver.PROCESSOR, "RejectHandover", ledger.offerToProcessor(refused), "wrong site");
        caughtUpHeight();
        listener.stop();
        final String channel = fabric.channel();
        final long checkpoint = store.checkpoint(channel);
        final ProjectionChecksum live = store.checksum();

        final String schema = "rebuild_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway.configure()
                .dataSource(dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword())
                .schemas(schema)
                .load()
                .migrate();
        final SingleConnectionDataSource fresh = new SingleConnectionDataSource(
                withCurrentSchema(dataSource.determineUrl(), schema),
                dataSource.determineUsername(), dataSource.determinePassword(), true);
        try {
            final JdbcProjectionStore rebuilt = new JdbcProjectionStore(new JdbcTemplate(fresh));
            final BlockProcessor processor = new BlockProcessor(channel, new TransactionProcessor(fabric.chaincode()),
                    rebuilt, new TransactionTemplate(new DataSourceTransactionManager(fresh)), BlockCommitHook.NONE);
            final AtomicLong blocks = new AtomicLong();
            final long started = System.nanoTime();
            try (CloseableIterator<Block> stream = gateways.network(REGULATOR).newBlockEventsRequest()
                    .startBlock(0)
                    .build()
                    .getEvents(options -> options.withDeadlineAfter(CATCH_UP.toSeconds(), TimeUnit.SECONDS))) {
                long number = -1;
                while (number < checkpoint) {
                    final Block block = stream.next();
                    number = block.getHeader().getNumber();
                    assertThat(processor.process(block).projected()).isTrue();
                    blocks.incrementAndGet();
                }
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("rebuilt %d blocks (0..%d) in %.2f s: %.0f blocks/s%n",
                    blocks.get(), checkpoint, seconds, blocks.get() / seconds);

            assertThat(rebuilt.checkpoint(channel)).isEqualTo(checkpoint);
            assertThat(rebuilt.checksum()).isEqualTo(live);
            assertThat(live.tables()).extracting(ProjectionChecksum.Table::name)
                    .containsExactly("ledger_transaction", "ledger_event", "projection_checkpoint", "devices",
                            "custody", "erasures", "lots");
            assertThat(live.tables().getFirst().rows()).isPositive();
            for (String table : List.of("devices", "custody", "erasures")) {
                assertThat(live.tables()).filteredOn(t -> t.name().equals(table)).singleElement()
                        .satisfies(t -> assertThat(t.rows()).as(table).isPositive());
            }
            final JdbcTemplate rebuiltJdbc = new JdbcTemplate(fresh);
            assertThat(rebuiltJdbc.queryForObject("SELECT state FROM devices WHERE device_id = ?", String.class, wiped))
                    .isEqualTo("WIPED");
            // Accepted with a broken seal and wiped afterwards: a custody exception and, under the national
            // standard, a compliance one (possible access to user data before the erasure).
            assertThat(rebuiltJdbc.queryForObject("SELECT seal_exception FROM custody WHERE device_id = ?",
                    String.class, wiped)).isEqualTo("SEAL_BROKEN,SEAL_BROKEN_BEFORE_ERASURE");
            assertThat(rebuiltJdbc.queryForObject("SELECT status FROM custody WHERE device_id = ?", String.class,
                    refused)).isEqualTo("REJECTED");
            assertThat(rebuiltJdbc.queryForObject("SELECT state FROM devices WHERE device_id = ?", String.class,
                    inTransit)).isEqualTo("IN_TRANSIT");

            // The checksum notices a single changed field, in the ledger tables and in the read model alike.
            rebuiltJdbc.update("UPDATE devices SET received_at = received_at + interval '1 microsecond'"
                    + " WHERE device_id = ?", wiped);
            assertThat(rebuilt.checksum()).isNotEqualTo(live);
            rebuiltJdbc.update("UPDATE devices SET received_at = received_at - interval '1 microsecond'"
                    + " WHERE device_id = ?", wiped);
            assertThat(rebuilt.checksum()).isEqualTo(live);
            rebuiltJdbc.update("UPDATE ledger_transaction SET event_name = 'tampered'"
                    + " WHERE tx_id = (SELECT min(tx_id) FROM ledger_transaction WHERE event_name IS NOT NULL)");
            assertThat(rebuilt.checksum()).isNotEqualTo(live);
        } finally {
            fresh.destroy();
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** Waits until the projection has every block the regulator's peer has committed; returns that height. */
    private long caughtUpHeight() throws Exception {
        final long height = peers.chainInfo(REGULATOR).height();
        awaitCheckpoint(height - 1);
        return height;
    }

    private void awaitCheckpoint(final long block) throws InterruptedException {
        await("the checkpoint to reach block " + block, () -> store.checkpoint(fabric.channel()) >= block);
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(CATCH_UP);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("waited " + CATCH_UP + " for " + what);
            }
            Thread.sleep(50);
        }
    }

    private long rowsOf(final String txId) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_transaction WHERE tx_id = ?", Long.class, txId);
    }

    /** The block as the regulator's peer stores it, through the query system chaincode. */
    private Block ledgerBlock(final long number) throws Exception {
        return Block.parseFrom(gateways.network(REGULATOR).getContract("qscc").newProposal("GetBlockByNumber")
                .addArguments(fabric.channel(), Long.toString(number))
                .setEndorsingOrganizations(gateways.mspId(REGULATOR))
                .build()
                .evaluate());
    }

    /** The IDs of the block's valid endorser transactions, read straight from the ledger's block. */
    private List<String> validEndorserTransactions(final long number) throws Exception {
        final Block block = ledgerBlock(number);
        final byte[] codes = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
        final List<String> txIds = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            final ChannelHeader header = channelHeader(block, i);
            if (codes[i] == TxValidationCode.VALID_VALUE && header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
                txIds.add(header.getTxId());
            }
        }
        return txIds;
    }

    private int positionInBlock(final long number, final String txId) throws Exception {
        final Block block = ledgerBlock(number);
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (channelHeader(block, i).getTxId().equals(txId)) {
                return i;
            }
        }
        return fail("transaction " + txId + " is not in block " + number);
    }

    private static ChannelHeader channelHeader(final Block block, final int index) throws Exception {
        final Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(index)).getPayload());
        return ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
    }

    private static String withCurrentSchema(final String url, final String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String uniqueKey() {
        return "it-" + UUID.randomUUID();
    }

    /**
     * Crashes the projection of every block from a chosen number on, inside the block's SQL transaction, after its
     * rows are written and before its checkpoint moves; first it counts the rows it can see, to prove they were
     * written.
     */
    static final class CrashInjection implements BlockCommitHook {

        private final JdbcTemplate jdbc;
        private final Map<Long, AtomicInteger> crashes = new ConcurrentHashMap<>();
        private final Map<Long, Long> rowsSeen = new ConcurrentHashMap<>();
        private volatile long armedFrom = Long.MAX_VALUE;

        CrashInjection(final JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void armFrom(final long blockNumber) {
            armedFrom = blockNumber;
        }

        void disarm() {
            armedFrom = Long.MAX_VALUE;
        }

        int crashes(final long blockNumber) {
            final AtomicInteger count = crashes.get(blockNumber);
            return count == null ? 0 : count.get();
        }

        /** The lowest block the listener crashed on at least twice, or -1. */
        long firstCrashedTwice() {
            return crashes.entrySet().stream().filter(e -> e.getValue().get() >= 2).mapToLong(Map.Entry::getKey)
                    .min().orElse(-1);
        }

        long rowsSeenBeforeCrash(final long blockNumber) {
            return rowsSeen.getOrDefault(blockNumber, 0L);
        }

        @Override
        public void rowsWritten(final String channel, final long blockNumber) {
            if (blockNumber < armedFrom) {
                return;
            }
            rowsSeen.put(blockNumber, jdbc.queryForObject(
                    "SELECT count(*) FROM ledger_transaction WHERE block_number = ?", Long.class, blockNumber));
            crashes.computeIfAbsent(blockNumber, n -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("simulated crash after the rows of block " + blockNumber);
        }
    }
}
