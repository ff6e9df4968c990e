package io.wipetrace.gateway.anchoring;

import static io.wipetrace.gateway.RunningNetwork.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.AnchorCall;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import io.wipetrace.gateway.shared.ReceiptCode;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Anchoring end to end on the real network, PostgreSQL and EVM node: a device's event lands in a window whose root
 * is on the EVM chain and recorded back on Fabric, and the event's salted leaf proves its way to that root; an EVM
 * node that is down for a while loses no window and anchors none twice; a reorganisation (anvil's snapshot and
 * revert) that drops an anchor not yet final has it anchored again, exactly once. Windows close at once in tests
 * (src/test/resources/config/application.yml). The head trees here have four buckets, so that every put and proof
 * reads buckets of many keys from {@code anchor_head}, as a grown ledger's do with the default 65,536.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.anchoring.head-bucket-bits=2"})
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class AnchoringIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient client;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Web3j web3;

    @Autowired
    private EventReads events;

    @Autowired
    private TestRestTemplate http;

    @Value("${wipetrace.anchoring.rpc-url}")
    private String rpcUrl;

    @Value("${wipetrace.anchoring.contract-address}")
    private String anchorContract;

    @BeforeAll
    static void requireTheNetwork() {
        RunningNetwork.require();
    }

    @Test
    void anchors_a_device_event_on_the_evm_chain_and_records_the_anchor_on_fabric() throws Exception {
        final String device = "DEV-ANCHOR-" + UUID.randomUUID().toString().replace("-", "");
        final String receiptCode = ReceiptCode.generate();
        final Status registered = gateways.contract("collector", "device").newProposal("RegisterCollection")
                .addArguments(collection(device, ReceiptCode.hash(receiptCode).orElseThrow())).build().endorse()
                .submitAsync().getStatus();
        assertThat(registered.isSuccessful()).isTrue();
        final long block = registered.getBlockNumber();

        final long sequence = awaitRecordedWindowCovering(block);

        // The window's leaves rebuild its events root, which the anchored root folds with the head map's root; the
        // device's event proves its inclusion.
        final byte[] root = jdbc.queryForObject("SELECT merkle_root FROM anchor_window WHERE sequence = ?",
                byte[].class, sequence);
        final byte[] eventsRoot = jdbc.queryForObject("SELECT events_root FROM anchor_window WHERE sequence = ?",
                byte[].class, sequence);
        final byte[] headsRoot = jdbc.queryForObject("SELECT heads_root FROM anchor_window WHERE sequence = ?",
                byte[].class, sequence);
        assertThat(HeadMap.anchorRoot(eventsRoot, headsRoot)).isEqualTo(root);
        final List<byte[]> leaves = jdbc.query("SELECT leaf_hash FROM anchor_leaf WHERE sequence = ? ORDER BY leaf_index",
                (rs, row) -> rs.getBytes(1), sequence);
        assertThat(MerkleTree.of(leaves).root()).isEqualTo(eventsRoot);
        final var leaf = jdbc.queryForMap("""
                SELECT l.leaf_index, l.salt, l.leaf_hash, e.payload::text AS payload
                FROM anchor_leaf l JOIN ledger_event e ON e.event_id = l.event_id
                WHERE e.device_id = ? AND e.type = 'COLLECTED'""", device);
        final byte[] canonical = AnchoringService.canonical((String) leaf.get("payload"));
        assertThat(EventLeaf.hash((byte[]) leaf.get("salt"), canonical)).isEqualTo((byte[]) leaf.get("leaf_hash"));
        assertThat(MerkleTree.verify((byte[]) leaf.get("leaf_hash"),
                MerkleTree.of(leaves).inclusionProof((Integer) leaf.get("leaf_index")), eventsRoot)).isTrue();
        assertThat(JSON.readTree(canonical).path("deviceId").asText()).isEqualTo(device);

        // On the EVM chain: the recorded transaction anchors the same root, and its Anchored event the same anchor hash.
        final var window = jdbc.queryForMap("SELECT * FROM anchor_window WHERE sequence = ?", sequence);
        final TransactionReceipt receipt = web3.ethGetTransactionReceipt((String) window.get("evm_transaction"))
                .send().getTransactionReceipt().orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getBlockNumber().longValueExact()).isEqualTo((Long) window.get("evm_block"));
        final Log anchored = receipt.getLogs().stream()
                .filter(log -> log.getTopics().getFirst().equals(EventEncoder.encode(Web3jAnchorChain.ANCHORED)))
                .findFirst().orElseThrow();
        assertThat(anchored.getTopics().get(2)).isEqualTo("0x" + HEX.formatHex((byte[]) window.get("anchor_hash")));
        final AnchorCall.Window sent = AnchorCall.decode(Numeric.hexStringToByteArray(web3.ethGetTransactionByHash(
                receipt.getTransactionHash()).send().getTransaction().orElseThrow().getInput())).orElseThrow();
        assertThat(sent.merkleRoot()).isEqualTo(root);
        assertThat(sent.anchorHash()).isEqualTo((byte[]) window.get("anchor_hash"));

        // On Fabric: the recorded anchor names the same root and EVM transaction.
        final JsonNode recorded = JSON.readTree(gateways.contract("regulator", "anchor")
                .evaluateTransaction("GetAnchor", Long.toString(sequence)));
        assertThat(recorded.path("merkleRoot").asText()).isEqualTo(HEX.formatHex(root));
        assertThat(recorded.path("evmTransaction").asText()).isEqualTo(window.get("evm_transaction"));
        assertThat(recorded.path("txId").asText()).isEqualTo(window.get("fabric_tx_id"));

        // The consumer downloads the device's proof bundle (version 3) by receipt code; a regulator by device, and
        // only a regulator. Its anchors fold their events and heads roots, its paths lead to them, and the device's
        // head is proven under the latest final anchor; a changed event no longer leads to its root.
        final ResponseEntity<String> download = http.getForEntity("/api/v1/verify/{code}/proof-bundle", String.class,
                receiptCode);
        assertThat(download.getStatusCode()).isEqualTo(HttpStatus.OK);
        final ObjectNode bundle = (ObjectNode) JSON.readTree(download.getBody());
        assertThat(bundle.path("deviceId").asText()).isEqualTo(device);
        // What the collector typed (make, model, the consent's texts) is in the public bundle only as hashes, while
        // the members' read model keeps the text.
        assertThat(download.getBody()).doesNotContain("OPPO", "Reno 6", "all user data", "unrecoverable");
        final JsonNode collected = bundle.path("events").get(0).path("event").path("details");
        assertThat(collected.path("model").path("sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(collected.path("model").has("text")).isFalse();
        assertThat(collected.path("consent").path("reference").asText()).isEqualTo("CONSENT-" + device);
        assertThat(JSON.readTree(http.exchange("/api/v1/audit/devices/{id}", HttpMethod.GET, withKey("regulator"),
                String.class, device).getBody()).path("projection").path("device").path("model").asText())
                .isEqualTo("Reno 6");
        assertThat(http.exchange("/api/v1/audit/devices/{id}/proof-bundle", HttpMethod.GET, withKey("regulator"),
                String.class, device).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.exchange("/api/v1/audit/devices/{id}/proof-bundle", HttpMethod.GET, withKey("collector"),
                String.class, device).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        BundleChecks.assertVerifies(() -> JSON.readTree(http.getForEntity("/api/v1/verify/{code}/proof-bundle",
                String.class, receiptCode).getBody()), device);
        assertThat(bundle.path("anchors").path(Long.toString(sequence)).path("contractAddress").asText())
                .isEqualTo(anchorContract.toLowerCase(java.util.Locale.ROOT));
        assertThat(bundle.path("heads").path("entries").get(0).path("sequence").asLong()).isZero();
        final ObjectNode tampered = bundle.deepCopy();
        ((ObjectNode) tampered.path("events").get(0).path("event").path("details")).put("model", "Reno 7");
        assertThat(BundleChecks.check(tampered).code()).isEqualTo("EVENT_PATH");

        // The regulator's integrity check agrees with the projection, the EVM chain and Fabric, until a projected
        // event is altered by hand.
        final JsonNode clean = JSON.readTree(http.exchange("/api/v1/audit/integrity", HttpMethod.GET,
                withKey("regulator"), String.class).getBody());
        assertThat(clean.path("anchorsChecked").asInt()).isPositive();
        assertThat(clean.path("mismatches")).isEmpty();
        // Each anchor listed with its EVM transaction, its window and its result.
        assertThat(clean.path("anchors")).hasSize(clean.path("anchorsChecked").asInt());
        final JsonNode listed = java.util.stream.StreamSupport.stream(clean.path("anchors").spliterator(), false)
                .filter(anchor -> anchor.path("sequence").asLong() == sequence).findFirst().orElseThrow();
        assertThat(listed.path("evmTransaction").asText()).isEqualTo(window.get("evm_transaction"));
        assertThat(listed.path("lastBlock").asLong()).isEqualTo((Long) window.get("last_block"));
        assertThat(listed.path("firstBlock").asLong()).isLessThanOrEqualTo(listed.path("lastBlock").asLong());
        assertThat(listed.path("events").asInt()).isPositive();
        assertThat(listed.path("intact").asBoolean()).isTrue();
        final String eventId = jdbc.queryForObject("SELECT event_id FROM ledger_event WHERE device_id = ?"
                + " AND type = 'COLLECTED'", String.class, device);
        final String original = jdbc.queryForObject("SELECT payload::text FROM ledger_event WHERE event_id = ?",
                String.class, eventId);
        jdbc.update("UPDATE ledger_event SET payload = jsonb_set(payload, '{details,model}', '\"Reno 7\"')"
                + " WHERE event_id = ?", eventId);
        try {
            final JsonNode altered = JSON.readTree(http.exchange("/api/v1/audit/integrity", HttpMethod.GET,
                    withKey("regulator"), String.class).getBody());
            assertThat(altered.path("mismatches")).anySatisfy(mismatch -> {
                assertThat(mismatch.path("anchor").asLong()).isEqualTo(sequence);
                assertThat(mismatch.path("where").asText()).isEqualTo("event " + eventId);
            });
            assertThat(altered.path("mismatches")).anySatisfy(mismatch ->
                    assertThat(mismatch.path("where").asText()).isEqualTo("root"));
            assertThat(altered.path("anchors")).anySatisfy(anchor -> {
                assertThat(anchor.path("sequence").asLong()).isEqualTo(sequence);
                assertThat(anchor.path("intact").asBoolean()).isFalse();
                assertThat(anchor.path("mismatches").asInt()).isGreaterThanOrEqualTo(2);
            });
        } finally {
            jdbc.update("UPDATE ledger_event SET payload = ?::jsonb WHERE event_id = ?", original, eventId);
        }

        // The registry's changes (the network registers organisations, sites and stations) are anchored too, and the
        // head map holds each station's newest one.
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM ledger_event e JOIN anchor_leaf l ON l.event_id = e.event_id
                JOIN anchor_head h ON h.head_key = 'station:' || (e.payload -> 'station' ->> 'stationId')
                WHERE e.type = 'STATION_REGISTERED' AND e.device_id IS NULL""", Integer.class)).isPositive();

        // The last block hash is the header hash the peers chain blocks with.
        final long lastBlock = (Long) window.get("last_block");
        final FabricAnchorLedger ledger = new FabricAnchorLedger(client, "regulator");
        assertThat(ledger.blockHeaderHash(lastBlock)).isEqualTo((byte[]) window.get("last_block_hash"));
    }

    @Test
    void anchors_windows_as_one_contiguous_chain_without_gaps_or_repeats() throws Exception {
        final String device = "DEV-CHAIN-" + UUID.randomUUID().toString().replace("-", "");
        final Status registered = gateways.contract("collector", "device").newProposal("RegisterCollection")
                .addArguments(collection(device)).build().endorse().submitAsync().getStatus();
        awaitRecordedWindowCovering(registered.getBlockNumber());

        final List<java.util.Map<String, Object>> windows = jdbc.queryForList(
                "SELECT sequence, first_block, last_block, previous_anchor, anchor_hash FROM anchor_window"
                        + " ORDER BY sequence");
        assertThat(windows).isNotEmpty();
        for (int i = 0; i < windows.size(); i++) {
            final var window = windows.get(i);
            assertThat((Long) window.get("sequence")).isEqualTo(i);
            if (i == 0) {
                assertThat((Long) window.get("first_block")).isZero();
                assertThat((byte[]) window.get("previous_anchor")).isEqualTo(new byte[32]);
            } else {
                final var before = windows.get(i - 1);
                assertThat((Long) window.get("first_block")).isEqualTo((Long) before.get("last_block") + 1);
                assertThat(MessageDigest.isEqual((byte[]) window.get("previous_anchor"),
                        (byte[]) before.get("anchor_hash"))).isTrue();
            }
        }
        final Integer eventsInTwoWindows = jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT event_id FROM anchor_leaf GROUP BY event_id HAVING count(*) > 1) twice",
                Integer.class);
        assertThat(eventsInTwoWindows).isZero();
    }

    @Test
    void cuts_a_backlog_of_blocks_at_the_most_events_a_window_takes_on_a_block_boundary() throws Exception {
        // Two devices, one after the other: the ledger holds events in at least two blocks.
        for (int i = 0; i < 2; i++) {
            final Status registered = gateways.contract("collector", "device").newProposal("RegisterCollection")
                    .addArguments(collection("DEV-CUT-" + UUID.randomUUID().toString().replace("-", ""))).build()
                    .endorse().submitAsync().getStatus();
            assertThat(registered.isSuccessful()).isTrue();
            awaitProjected(registered.getBlockNumber());
        }
        final long last = jdbc.queryForObject("SELECT max(block_number) FROM projection_checkpoint", Long.class);
        final List<EventReads.Event> all = events.inBlocks(0, last);
        assertThat(all.size()).isGreaterThanOrEqualTo(2);
        final long firstBlock = all.getFirst().blockNumber();

        for (final int limit : List.of(1, 2, all.size() / 2 + 1, all.size() - 1, all.size(), all.size() + 10)) {
            final long cut = events.lastBlockWithin(firstBlock, last, limit);
            final long within = all.stream().filter(e -> e.blockNumber() <= cut).count();
            assertThat(cut).as("limit %d", limit).isBetween(firstBlock, last);
            final long firstBlockEvents = all.stream().filter(e -> e.blockNumber() == firstBlock).count();
            if (limit >= all.size()) {
                assertThat(cut).as("limit %d: nothing to cut", limit).isEqualTo(last);
            } else if (firstBlockEvents > limit) {
                assertThat(cut).as("limit %d: the first block alone holds more, and is taken whole", limit)
                        .isEqualTo(firstBlock);
            } else {
                // As many whole blocks as fit, and not one more.
                assertThat(within).as("limit %d", limit).isLessThanOrEqualTo(limit);
                final long next = all.stream().filter(e -> e.blockNumber() > cut).findFirst().orElseThrow()
                        .blockNumber();
                assertThat(all.stream().filter(e -> e.blockNumber() <= next).count()).as("limit %d", limit)
                        .isGreaterThan(limit);
            }
        }
    }

    private void awaitProjected(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            final Long checkpoint = jdbc.queryForObject("SELECT max(block_number) FROM projection_checkpoint",
                    Long.class);
            if (checkpoint != null && checkpoint >= block) {
                return;
            }
            Thread.sleep(100);
        }
        fail("block " + block + " not projected after " + PATIENCE);
    }

    @Test
    void loses_no_window_and_anchors_none_twice_while_the_evm_node_is_down() throws Exception {
        final Path state = Path.of(System.getenv("WIPETRACE_STATE"));
        // The window that takes the outage's event is planned only once none before it is on its way.
        awaitAllAnchored();
        final long pid = Long.parseLong(Files.readString(state.resolve("pids").resolve("evm.pid")).trim());
        final ProcessHandle node = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no EVM node " + pid));
        node.destroy();
        node.onExit().get(30, TimeUnit.SECONDS);
        try {
            final String device = "DEV-OUTAGE-" + UUID.randomUUID().toString().replace("-", "");
            final Status registered = gateways.contract("collector", "device").newProposal("RegisterCollection")
                    .addArguments(collection(device)).build().endorse().submitAsync().getStatus();
            final long block = registered.getBlockNumber();

            // The window is planned and kept while nothing can be sent.
            final long sequence = awaitWindowCovering(block);
            Thread.sleep(3_000);
            assertThat(jdbc.queryForObject("SELECT status FROM anchor_window WHERE sequence = ?", String.class,
                    sequence)).isIn("PLANNED", "SIGNED");
        } finally {
            restartTheEvmNode();
        }

        final List<Long> outage = jdbc.queryForList("SELECT sequence FROM anchor_window WHERE status <> 'RECORDED'",
                Long.class);
        for (final long sequence : outage) {
            final long last = jdbc.queryForObject("SELECT last_block FROM anchor_window WHERE sequence = ?",
                    Long.class, sequence);
            awaitRecordedWindowCovering(last);
            // Exactly one Anchored event for the sequence: anchored once, however many times it was tried.
            final EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                    contractAddress(state));
            filter.addSingleTopic(EventEncoder.encode(Web3jAnchorChain.ANCHORED));
            filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(sequence), 64));
            assertThat(web3.ethGetLogs(filter).send().getLogs()).as("Anchored events of anchor " + sequence)
                    .hasSize(1);
        }
    }

    @Test
    void anchors_exactly_once_after_a_reorganisation_drops_the_anchor_below_the_confirmation_depth()
            throws Exception {
        // A quiet chain: nothing in flight, and no block mined unless the test mines it.
        awaitAllAnchored();
        rpc("evm_setIntervalMining", 0);
        final String device = "DEV-REORG-" + UUID.randomUUID().toString().replace("-", "");
        final long block;
        final long sequence;
        final String firstTransaction;
        try {
            final String snapshot = rpc("evm_snapshot").asText();
            final Status registered = gateways.contract("collector", "device").newProposal("RegisterCollection")
                    .addArguments(collection(device)).build().endorse().submitAsync().getStatus();
            block = registered.getBlockNumber();
            sequence = awaitWindowCovering(block);
            firstTransaction = awaitStatus(sequence, "SENT");
            rpc("evm_mine");
            assertThat(web3.ethGetTransactionReceipt(firstTransaction).send().getTransactionReceipt())
                    .as("the anchor is mined").isPresent();
            // One block of the two it needs: not final, so not recorded on Fabric.
            Thread.sleep(2_000);
            assertThat(jdbc.queryForObject("SELECT status FROM anchor_window WHERE sequence = ?", String.class,
                    sequence)).isEqualTo("SENT");

            assertThat(rpc("evm_revert", snapshot).asBoolean()).isTrue();
            assertThat(web3.ethGetTransactionReceipt(firstTransaction).send().getTransactionReceipt())
                    .as("the anchor's block is gone").isEmpty();
        } finally {
            rpc("evm_setIntervalMining", blockTime(Path.of(System.getenv("WIPETRACE_STATE"))));
        }

        // Mining on, the service finds its receipt gone, offers the same transaction again, and it becomes final.
        assertThat(awaitRecordedWindowCovering(block)).isEqualTo(sequence);
        final var window = jdbc.queryForMap("SELECT * FROM anchor_window WHERE sequence = ?", sequence);
        final TransactionReceipt receipt = web3.ethGetTransactionReceipt((String) window.get("evm_transaction"))
                .send().getTransactionReceipt().orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getBlockNumber().longValueExact()).isEqualTo((Long) window.get("evm_block"));
        final EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                contractAddress(Path.of(System.getenv("WIPETRACE_STATE"))));
        filter.addSingleTopic(EventEncoder.encode(Web3jAnchorChain.ANCHORED));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(sequence), 64));
        final List<org.web3j.protocol.core.methods.response.EthLog.LogResult> logs =
                web3.ethGetLogs(filter).send().getLogs();
        assertThat(logs).as("Anchored events of anchor " + sequence).hasSize(1);
        assertThat(((Log) logs.getFirst().get()).getTransactionHash()).isEqualTo(window.get("evm_transaction"));
        // Nothing lost: the device's event is a leaf of the anchor Fabric records.
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM anchor_leaf l JOIN ledger_event e ON e.event_id = l.event_id
                WHERE e.device_id = ? AND l.sequence = ?""", Integer.class, device, sequence)).isOne();
        assertThat(JSON.readTree(gateways.contract("regulator", "anchor")
                .evaluateTransaction("GetAnchor", Long.toString(sequence))).path("evmTransaction").asText())
                .isEqualTo(window.get("evm_transaction"));
    }

    /** Calls a JSON-RPC method of the EVM node (anvil's evm_* methods have no web3j binding); returns the result. */
    private JsonNode rpc(final String method, final Object... params) throws Exception {
        final String body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .set("params", JSON.valueToTree(params)).toString();
        final java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(rpcUrl)).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        final JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as(method + ": " + answer).isFalse();
        return answer.path("result");
    }

    /** Waits until every projected event is in a window and every window is recorded: nothing to anchor. */
    private void awaitAllAnchored() throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            if (jdbc.queryForObject("""
                    SELECT (SELECT count(*) FROM anchor_window WHERE status <> 'RECORDED')
                         + (SELECT count(*) FROM ledger_event
                            WHERE block_number > (SELECT coalesce(max(last_block), -1) FROM anchor_window))""",
                    Integer.class) == 0) {
                return;
            }
            Thread.sleep(250);
        }
        fail("events still unanchored after " + PATIENCE);
    }

    /** Waits for a window to reach a status; returns its EVM transaction. */
    private String awaitStatus(final long sequence, final String status) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            final var window = jdbc.queryForMap("SELECT status, evm_transaction FROM anchor_window WHERE sequence = ?",
                    sequence);
            if (status.equals(window.get("status"))) {
                return (String) window.get("evm_transaction");
            }
            Thread.sleep(100);
        }
        return fail("anchor " + sequence + " did not reach " + status + " after " + PATIENCE);
    }

    private static void restartTheEvmNode() throws Exception {
        final Process step = new ProcessBuilder("bash", Path.of("..", "network", "steps", "evm.sh").toString())
                .redirectErrorStream(true).start();
        final String output = new String(step.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(step.waitFor()).as("network/steps/evm.sh: " + output).isZero();
    }

    /** The seconds between the EVM node's blocks, as network/steps/evm.sh started it. */
    private static int blockTime(final Path state) throws Exception {
        return Integer.parseInt(Files.readString(state.resolve("evm").resolve("block-time")).strip());
    }

    private static String contractAddress(final Path state) throws Exception {
        return JSON.readTree(state.resolve("evm").resolve("deployment.json").toFile()).path("address").asText();
    }

    private long awaitWindowCovering(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            final List<Long> planned = jdbc.queryForList("SELECT sequence FROM anchor_window WHERE first_block <= ?"
                    + " AND last_block >= ?", Long.class, block, block);
            if (!planned.isEmpty()) {
                return planned.getFirst();
            }
            Thread.sleep(250);
        }
        return fail("no window covers block " + block + " after " + PATIENCE);
    }

    private long awaitRecordedWindowCovering(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            final List<Long> recorded = jdbc.queryForList("SELECT sequence FROM anchor_window WHERE first_block <= ?"
                    + " AND last_block >= ? AND status = 'RECORDED'", Long.class, block, block);
            if (!recorded.isEmpty()) {
                return recorded.getFirst();
            }
            Thread.sleep(250);
        }
        final List<String> windows = jdbc.queryForList("SELECT sequence || ' ' || first_block || '-' || last_block"
                + " || ' ' || status || coalesce(' ' || failure, '') FROM anchor_window ORDER BY sequence", String.class);
        return fail("no recorded anchor covers block " + block + " after " + PATIENCE + "; windows: " + windows);
    }

    private static String collection(final String device) {
        return collection(device, sha256("receipt " + device));
    }

    private static String collection(final String device, final String receiptHash) {
        return JSON.createObjectNode()
                .put("deviceId", device)
                .put("receiptHash", receiptHash)
                .put("identifierCommitment", sha256("imei " + device))
                .put("make", "OPPO").put("model", "Reno 6").put("storageGb", 128).put("channel", "MAIL_BAG")
                .put("siteId", "SITE-COL-SH-01").put("locked", false)
                .set("consent", JSON.createObjectNode().put("reference", "CONSENT-" + device)
                        .put("scope", "all user data").put("method", "overwrite").put("impact", "unrecoverable"))
                .toString();
    }

    private static String sha256(final String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
