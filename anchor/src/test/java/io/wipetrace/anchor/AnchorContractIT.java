package io.wipetrace.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import io.wipetrace.proof.AnchorCall;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes16;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The anchor contract's rules on the real EVM node that {@code ./wipetrace up} (or {@code test}) starts, read from
 * {@code <state>/gateway/evm.yml}, on a contract this test deploys from the build's bytecode: anchors chain on the
 * latest one, windows are contiguous, only the anchoring account may anchor, and every anchor is an event carrying
 * its window.
 */
class AnchorContractIT {

    private static final String ANCHORED_EVENT = AnchorCall.EVENT;
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(300_000);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static HttpService rpc;
    private static Web3j web3;
    private static String contract;
    private static Credentials anchorer;
    private static long chainId;

    @BeforeAll
    static void connect() throws Exception {
        final String state = System.getenv("WIPETRACE_STATE");
        if (state == null || state.isBlank()) {
            fail("WIPETRACE_STATE is not set; run the integration tests through ./wipetrace test");
        }
        final Path file = Path.of(state, "gateway", "evm.yml");
        if (!Files.isReadable(file)) {
            fail(file + " does not exist; the network's EVM step has not run for " + state);
        }
        final Map<String, String> settings = settings(Files.readString(file));
        rpc = new HttpService(settings.get("rpc-url"));
        web3 = Web3j.build(rpc);
        anchorer = Credentials.create(Files.readString(Path.of(settings.get("key-file"))).trim());
        chainId = web3.ethChainId().send().getChainId().longValueExact();
        contract = deployFreshContract();
    }

    /**
     * A contract of this test's own, from the bytecode this build compiled, so that the test neither depends on nor
     * disturbs the anchors the gateway keeps on the instance's contract.
     */
    private static String deployFreshContract() throws Exception {
        final Path bin;
        try (var files = Files.list(Path.of("target", "classes", "solidity"))) {
            bin = files.filter(p -> p.getFileName().toString().endsWith("WipeTraceAnchor.bin")).findFirst()
                    .orElseThrow(() -> new AssertionError("the build compiled no WipeTraceAnchor.bin"));
        }
        final String constructor = TypeEncoder.encode(new org.web3j.abi.datatypes.Address(anchorer.getAddress()));
        final RawTransactionManager manager = new RawTransactionManager(web3, anchorer, chainId);
        final EthSendTransaction sent = manager.sendTransaction(web3.ethGasPrice().send().getGasPrice(),
                BigInteger.valueOf(3_000_000), null, "0x" + Files.readString(bin).trim() + constructor,
                BigInteger.ZERO);
        if (sent.hasError()) {
            throw new AssertionError("deploying the anchor contract failed: " + sent.getError().getMessage());
        }
        final TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3, 100, 100)
                .waitForTransactionReceipt(sent.getTransactionHash());
        assertThat(receipt.isStatusOK()).as("deployment").isTrue();
        return receipt.getContractAddress();
    }

    @Test
    void anchors_the_next_window_and_emits_it_as_an_event() throws Exception {
        final Window window = nextWindow(3);

        final TransactionReceipt receipt = send(anchorer, window.encode());

        assertThat(receipt.isStatusOK()).as("anchor transaction status").isTrue();
        final Log log = anchoredLog(receipt);
        assertThat(Numeric.toBigInt(log.getTopics().get(1))).isEqualTo(window.sequence);
        assertThat(log.getTopics().get(2)).isEqualTo(Numeric.toHexString(window.expectedAnchorHash()));
        assertThat(log.getData()).isEqualTo("0x");
        assertThat(latestAnchorPrefix()).isEqualTo(Arrays.copyOf(window.expectedAnchorHash(), 16));
        assertThat(uint("anchorCount")).isEqualTo(window.sequence.add(BigInteger.ONE));
        assertThat(uint("nextFirstBlock")).isEqualTo(BigInteger.valueOf(window.last + 1));
        System.out.println("gas of anchor " + window.sequence + ": " + receipt.getGasUsed());
    }

    @Test
    void refuses_a_window_resubmitted_after_it_was_anchored() throws Exception {
        final Window window = nextWindow(2);
        assertThat(send(anchorer, window.encode()).isStatusOK()).isTrue();
        final BigInteger count = uint("anchorCount");

        final TransactionReceipt again = send(anchorer, window.encode());

        assertThat(again.isStatusOK()).as("the same window a second time").isFalse();
        assertThat(revertSelector(anchorer, window.encode())).isEqualTo(selector("NotOnLatestAnchor(bytes16,bytes32)"));
        assertThat(uint("anchorCount")).isEqualTo(count);
    }

    @Test
    void refuses_a_window_that_skips_blocks() throws Exception {
        final Window window = nextWindow(2);
        final Window gap = new Window(window.sequence, window.first + 1, window.last + 1, window.eventCount,
                window.root, window.lastBlockHash, window.previous);

        assertThat(send(anchorer, gap.encode()).isStatusOK()).isFalse();
        assertThat(revertSelector(anchorer, gap.encode()))
                .isEqualTo(selector("WindowNotContiguous(uint64,uint64)"));
    }

    @Test
    void refuses_an_anchor_from_any_other_account() throws Exception {
        final Credentials stranger = Credentials.create(Keys.createEcKeyPair());
        // Fund the stranger so that the refusal is the contract's, not the node's.
        new Request<>("anvil_setBalance", List.of(stranger.getAddress(), "0xDE0B6B3A7640000"), rpc,
                VoidResponse.class).send();
        final Window window = nextWindow(1);

        assertThat(send(stranger, window.encode()).isStatusOK()).isFalse();
        assertThat(revertSelector(stranger, window.encode())).isEqualTo(selector("NotAnchorer(address)"));
        assertThat(latestAnchorPrefix()).isEqualTo(Arrays.copyOf(window.previous, 16));
    }

    // --- the contract ------------------------------------------------------------------------------------------

    /** The next window to anchor on top of the contract's current state (the latest anchor from its last event). */
    private static Window nextWindow(final int blocks) throws IOException {
        final BigInteger count = uint("anchorCount");
        final long first = uint("nextFirstBlock").longValueExact();
        return new Window(count, first, first + blocks - 1, 1 + RANDOM.nextInt(50), random32(), random32(),
                latestAnchor(count));
    }

    private record Window(BigInteger sequence, long first, long last, int eventCount, byte[] root,
            byte[] lastBlockHash, byte[] previous) {

        String encode() {
            return Numeric.toHexString(AnchorCall.encode(new AnchorCall.Window(root, first, last, eventCount,
                    lastBlockHash, previous)));
        }

        /** keccak256(abi.encode(root, first, last, eventCount, lastBlockHash, previous)), as the contract computes it. */
        byte[] expectedAnchorHash() {
            final String words = TypeEncoder.encode(new Bytes32(root)) + TypeEncoder.encode(new Uint64(first))
                    + TypeEncoder.encode(new Uint64(last)) + TypeEncoder.encode(new Uint32(eventCount))
                    + TypeEncoder.encode(new Bytes32(lastBlockHash)) + TypeEncoder.encode(new Bytes32(previous));
            return Hash.sha3(Numeric.hexStringToByteArray(words));
        }
    }

    /** The full hash of the latest anchor: the contract keeps 16 bytes of it, its last Anchored event all 32. */
    private static byte[] latestAnchor(final BigInteger count) throws IOException {
        if (count.signum() == 0) {
            return new byte[32];
        }
        final EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                contract);
        filter.addSingleTopic(Hash.sha3String(ANCHORED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(count.subtract(BigInteger.ONE), 64));
        final List<EthLog.LogResult> logs = web3.ethGetLogs(filter).send().getLogs();
        assertThat(logs).as("the Anchored event of anchor " + count.subtract(BigInteger.ONE)).hasSize(1);
        return Numeric.hexStringToByteArray(((EthLog.LogObject) logs.getFirst()).getTopics().get(2));
    }

    private static byte[] latestAnchorPrefix() throws IOException {
        return (byte[]) view("latestAnchorPrefix", new TypeReference<Bytes16>() {}).getValue();
    }

    private static BigInteger uint(final String getter) throws IOException {
        return (BigInteger) view(getter, new TypeReference<Uint64>() {}).getValue();
    }

    private static Type<?> view(final String getter, final TypeReference<?> type) throws IOException {
        final Function function = new Function(getter, List.of(), List.of(type));
        final EthCall result = web3.ethCall(Transaction.createEthCallTransaction(
                anchorer.getAddress(), contract, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST).send();
        return FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters()).getFirst();
    }

    private static TransactionReceipt send(final Credentials from, final String data) throws Exception {
        final RawTransactionManager manager = new RawTransactionManager(web3, from, chainId);
        final BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice();
        final EthSendTransaction sent = manager.sendTransaction(gasPrice, GAS_LIMIT, contract, data, BigInteger.ZERO);
        if (sent.hasError()) {
            throw new AssertionError("the node refused the transaction: " + sent.getError().getMessage());
        }
        return new PollingTransactionReceiptProcessor(web3, 100, 100).waitForTransactionReceipt(sent.getTransactionHash());
    }

    /** The 4-byte custom error selector the contract reverts with, from an eth_call of the same data. */
    private static String revertSelector(final Credentials from, final String data) throws IOException {
        final EthCall call = web3.ethCall(Transaction.createEthCallTransaction(from.getAddress(), contract, data),
                DefaultBlockParameterName.LATEST).send();
        assertThat(call.isReverted() || call.hasError()).as("the call reverts").isTrue();
        final String revert = call.hasError() && call.getError().getData() != null
                ? call.getError().getData().toString().replace("\"", "")
                : call.getValue();
        return revert.substring(0, 10);
    }

    private static String selector(final String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private static Log anchoredLog(final TransactionReceipt receipt) {
        final String topic = Hash.sha3String(ANCHORED_EVENT);
        return receipt.getLogs().stream()
                .filter(log -> log.getTopics().getFirst().equals(topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Anchored event in " + receipt.getLogs()));
    }

    private static byte[] random32() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, String> settings(final String yaml) {
        final Matcher lines = Pattern.compile("(?m)^\\s+([a-z-]+):\\s*\"?([^\"\\s]+)\"?\\s*$").matcher(yaml);
        final Map<String, String> settings = new java.util.HashMap<>();
        while (lines.find()) {
            settings.put(lines.group(1), lines.group(2));
        }
        return settings.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                Map.Entry::getValue));
    }
}
