package io.wipetrace.gateway.anchoring;

import static io.wipetrace.gateway.RunningNetwork.runVerifierJar;
import static io.wipetrace.gateway.RunningNetwork.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerDriver;
import io.wipetrace.tools.client.StationKeys;
import io.wipetrace.proof.AnchorCall;
import io.wipetrace.proof.CanonicalJson;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.Trust;
import io.wipetrace.tools.conformance.Corpus;
import io.wipetrace.verifier.BundleVerifier;
import io.wipetrace.verifier.JsonRpcChain;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.web3j.abi.TypeEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The proof rules end to end, on real devices of the real network: the gateway's bundles, a corpus of named tamperings
 * made from them ({@link Corpus}), and both verifiers — the consumer's Java verifier and the browser's (proof.js, run
 * by Node) — with the instance's pinned trust file and its EVM node. Each must give every case its expected verdict
 * and code. A forgery anchored through a second copy of the anchor contract, a bundle cut short and a stale bundle
 * are rejected by both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@DirtiesContext
class ProofConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final Path PROOF_JS = Path.of("..", "portal", "src", "test", "js");

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    static void requireTheNetwork() {
        RunningNetwork.require();
    }

    @Test
    void both_verifiers_give_every_genuine_and_tampered_real_bundle_its_expected_verdict_and_code() throws Exception {
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, state());
        final Map<String, String> devices = new LinkedHashMap<>();
        final Map<String, Integer> eventCounts = new HashMap<>();
        for (final String[] station : new String[][] {{"ecdsa", "STATION-SZ-ECDSA-01", "ECDSA_P256"},
                {"ed25519", "STATION-SZ-ED25519-01", "ED25519"}, {"sm2", "STATION-SZ-SM2-01", "SM2"}}) {
            final String device = wiped(ledger, "ERASED", station[1], station[2]);
            devices.put("erased-" + station[0], device);
            eventCounts.put(device, 4);
        }
        final String destroyed = devices.get("erased-sm2");
        ledger.submit(LedgerDriver.PROCESSOR, "RecordDismantling", JSON.createObjectNode().put("deviceId", destroyed)
                .put("storageComponentCommitment", LedgerDriver.sha256Hex("storage of " + destroyed))
                .put("siteId", LedgerDriver.PROCESSOR_SITE).toString());
        ledger.submit(LedgerDriver.PROCESSOR, "RecordStorageDestruction", JSON.createObjectNode()
                .put("deviceId", destroyed).put("method", "SHRED").put("siteId", LedgerDriver.PROCESSOR_SITE)
                .put("evidenceSha256", LedgerDriver.sha256Hex("shredder video of " + destroyed)).toString());
        eventCounts.put(destroyed, 6);
        final String failed = wiped(ledger, "NOT_ERASED", LedgerDriver.ECDSA_STATION, "ECDSA_P256");
        devices.put("wipe-failed", failed);
        eventCounts.put(failed, 4);
        final String missing = missingOnArrival(ledger);
        devices.put("missing", missing);
        eventCounts.put(missing, 3);
        // Collected without consent, the owner's consent recorded later, then wiped; and one handed back unwiped.
        final String consentLater = LedgerDriver.newDeviceId();
        ledger.collect(consentLater, LedgerDriver.sha256Hex("receipt of " + consentLater), false);
        ledger.accept(ledger.offerToProcessor(consentLater), true);
        ledger.recordConsent(consentLater);
        ledger.erase(consentLater, "ERASED", LedgerDriver.ECDSA_STATION, "ECDSA_P256");
        devices.put("consent-later", consentLater);
        eventCounts.put(consentLater, 5);
        final String returned = LedgerDriver.newDeviceId();
        ledger.collect(returned, LedgerDriver.sha256Hex("receipt of " + returned), false);
        ledger.accept(ledger.offerToProcessor(returned), true);
        ledger.submit(LedgerDriver.PROCESSOR, "ReturnToOwner", JSON.createObjectNode().put("deviceId", returned)
                .put("siteId", LedgerDriver.PROCESSOR_SITE).put("reason", "CONSENT_REFUSED").toString());
        devices.put("returned", returned);
        eventCounts.put(returned, 4);

        final Path corpus = Files.createDirectories(Path.of("target", "conformance", "corpus"));
        final Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            final List<Corpus.Case> cases = new ArrayList<>();
            for (final Map.Entry<String, String> device : devices.entrySet()) {
                cases.addAll(Corpus.make(complete(device.getValue(), eventCounts.get(device.getValue())),
                        device.getKey()));
            }
            Corpus.write(cases, corpus);
            final Map<String, String> java = new HashMap<>();
            final JsonRpcChain chain = JsonRpcChain.http(URI.create(BundleChecks.rpcUrl()));
            for (final Corpus.Case tampered : cases) {
                final BundleVerifier.Result result = BundleVerifier.check(tampered.bundle(), BundleChecks.trust(),
                        chain);
                java.put(tampered.name(), result.verdict() + " " + result.code());
            }
            final Map<String, String> browser = browserVerdicts(corpus);
            // Another test's writes made a newer anchor while the corpus was checked: the genuine bundles are stale.
            final boolean stale = java.values().stream().anyMatch(v -> v.endsWith("STALE_BUNDLE"))
                    || browser.values().stream().anyMatch(v -> v.endsWith("STALE_BUNDLE"));
            if (stale && Instant.now().isBefore(deadline)) {
                continue;
            }
            final List<String> disagreements = new ArrayList<>();
            for (final Corpus.Case tampered : cases) {
                final String expected = tampered.expectedVerdict() + " " + tampered.expectedCode();
                final String file = tampered.name() + ".json";
                if (!expected.equals(java.get(tampered.name())) || !expected.equals(browser.get(file))) {
                    disagreements.add(tampered.name() + ": expected " + expected + ", Java " + java.get(tampered.name())
                            + ", browser " + browser.get(file));
                }
            }
            assertThat(disagreements).as("cases on which a verifier disagrees with the corpus").isEmpty();
            assertThat(cases).extracting(Corpus.Case::name).hasSizeGreaterThan(4 * 20)
                    .filteredOn(name -> name.endsWith("--genuine")).hasSize(devices.size());
            // A device lost in a handover: its bundle verifies, and says MISSING, never wiped nor destroyed.
            final BundleVerifier.Summary lost = BundleVerifier.check(complete(missing, 3), BundleChecks.trust(), chain)
                    .summary();
            assertThat(lost.state()).isEqualTo("MISSING");
            assertThat(lost.custodianMspId()).isEqualTo(gateways.mspId(LedgerDriver.COLLECTOR));
            assertThat(lost.erasures()).isEmpty();
            assertThat(lost.storageDestroyed()).isNull();
            assertThat(lost.smelted()).isNull();
            // What the verifier concludes for the returned device: its state, and no erasure at all.
            final BundleVerifier.Summary summary = BundleVerifier.check(cases.stream()
                    .filter(c -> c.name().equals("returned--genuine")).findFirst().orElseThrow().bundle(),
                    BundleChecks.trust(), chain).summary();
            assertThat(summary.state()).isEqualTo("RETURNED");
            assertThat(summary.erasures()).isEmpty();
            assertThat(summary.storageDestroyed()).isNull();
            assertThat(cases).filteredOn(c -> "REJECTED".equals(c.expectedVerdict())).extracting(Corpus.Case::name)
                    .hasSizeGreaterThan(4 * 20);
            return;
        }
    }

    @Test
    void a_forged_bundle_anchored_through_a_second_copy_of_the_contract_is_rejected_by_both_verifiers()
            throws Exception {
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, state());
        final String device = wiped(ledger, "NOT_ERASED", LedgerDriver.ECDSA_STATION, "ECDSA_P256");
        final ObjectNode forged = (ObjectNode) complete(device, 4).deepCopy();

        // The failed wipe becomes a verified one, signed with a key the registry never held, which the forged
        // registration event names instead of the station's registered key.
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair key = generator.generateKeyPair();
        final ObjectNode erasure = entryOfType(forged.path("events"), "ERASURE_RECORDED");
        final ObjectNode record = (ObjectNode) erasure.path("event").path("details").path("erasure");
        record.put("result", "ERASED").remove("resultReason");
        ((ObjectNode) erasure.path("event")).put("state", "WIPED");
        record.remove("signature");
        record.put("signature", StationKeys.sign(key.getPrivate(), "ECDSA_P256", CanonicalJson.bytes(record)));
        final ObjectNode registration = (ObjectNode) forged.path("registry").get(0);
        ((ObjectNode) registration.path("event").path("station")).put("publicKey",
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));

        // One window holding every entry, its head map, anchored through a fresh copy of the contract.
        final List<ObjectNode> entries = new ArrayList<>();
        forged.path("events").forEach(e -> entries.add((ObjectNode) e));
        forged.path("registry").forEach(e -> entries.add((ObjectNode) e));
        entries.sort((a, b) -> Long.compare(a.path("ledger").path("blockNumber").asLong(),
                b.path("ledger").path("blockNumber").asLong()));
        final List<byte[]> leaves = new ArrayList<>();
        long lastBlock = 0;
        for (final ObjectNode entry : entries) {
            leaves.add(EventLeaf.hash(HEX.parseHex(entry.path("salt").asText()), CanonicalJson.bytes(entry.path("event"))));
            lastBlock = Math.max(lastBlock, entry.path("ledger").path("blockNumber").asLong());
        }
        final MerkleTree tree = MerkleTree.of(leaves);
        for (int i = 0; i < entries.size(); i++) {
            final InclusionProof proof = tree.inclusionProof(i);
            final ArrayNode path = entries.get(i).put("anchor", 0).put("leafIndex", i).putArray("path");
            proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
        }
        final JsonNode lastEvent = forged.path("events").get(forged.path("events").size() - 1);
        final String station = record.path("stationId").asText();
        final HeadMap heads = HeadMap.of(List.of(
                new HeadMap.Head("device:" + device, lastEvent.path("event").path("sequence").asLong(),
                        leaves.get(entries.indexOf(lastEvent))),
                new HeadMap.Head("station:" + station, 0, leaves.get(entries.indexOf(registration)))));
        final AnchorCall.Window window = new AnchorCall.Window(HeadMap.anchorRoot(tree.root(), heads.root()), 0,
                lastBlock, leaves.size(), new byte[32], new byte[32]);
        final SecondContract copy = SecondContract.deploy();
        final TransactionReceipt anchored = copy.anchor(window);
        copy.awaitDepth(anchored.getBlockNumber().longValueExact(), BundleChecks.trust().confirmations());

        final ObjectNode anchor = JSON.createObjectNode()
                .put("sequence", 0).put("chainId", BundleChecks.trust().chainId())
                .put("contractAddress", copy.address).put("evmTransaction", anchored.getTransactionHash())
                .put("evmBlock", anchored.getBlockNumber().longValueExact())
                .put("eventsRoot", HEX.formatHex(tree.root())).put("headsRoot", HEX.formatHex(heads.root()))
                .put("merkleRoot", HEX.formatHex(window.merkleRoot())).put("firstBlock", 0)
                .put("lastBlock", lastBlock).put("eventCount", leaves.size())
                .put("lastBlockHash", HEX.formatHex(window.lastBlockHash()))
                .put("previousAnchor", HEX.formatHex(window.previousAnchor()))
                .put("anchorHash", HEX.formatHex(window.anchorHash())).put("fabricTxId", "none");
        forged.putObject("anchors").set("0", anchor);
        final ArrayNode headEntries = forged.putObject("heads").put("anchor", 0).putArray("entries");
        for (final String headKey : List.of("device:" + device, "station:" + station)) {
            final HeadMap.Proof proof = heads.proof(headKey).orElseThrow();
            final ArrayNode path = headEntries.addObject().put("key", headKey)
                    .put("sequence", proof.head().sequence()).put("leaf", HEX.formatHex(proof.head().leaf()))
                    .putArray("path");
            proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
        }

        // Made well: under a trust file that pinned the copy, the forgery would verify.
        final Path copyTrust = Files.writeString(Files.createTempFile("copy-trust", ".json"),
                ((ObjectNode) JSON.readTree(Files.readAllBytes(BundleChecks.trustFile())))
                        .put("anchorContract", copy.address).put("deploymentTransaction", copy.deployment)
                        .toString());
        assertThat(javaVerdict(forged, Trust.parse(Files.readAllBytes(copyTrust)))).isEqualTo("VERIFIED null");
        assertThat(browserVerdict(forged, copyTrust)).isEqualTo("VERIFIED null");

        // Under the alliance's pinned trust file, both verifiers reject it: it names another contract.
        assertThat(javaVerdict(forged, BundleChecks.trust())).isEqualTo("REJECTED WRONG_CONTRACT");
        assertThat(browserVerdict(forged, BundleChecks.trustFile())).isEqualTo("REJECTED WRONG_CONTRACT");
        final Path file = Files.writeString(Files.createTempFile("forged", ".json"), forged.toString());
        assertThat(runVerifierJar(file.toString(), "--trust", BundleChecks.trustFile().toString(), "--rpc",
                BundleChecks.rpcUrl())).isEqualTo(1);

        // Naming the pinned contract instead does not help: that contract never emitted this anchor.
        anchor.put("contractAddress", BundleChecks.trust().anchorContract());
        assertThat(javaVerdict(forged, BundleChecks.trust())).isEqualTo("REJECTED ANCHOR_NOT_ON_CHAIN");
        assertThat(browserVerdict(forged, BundleChecks.trustFile())).isEqualTo("REJECTED ANCHOR_NOT_ON_CHAIN");
    }

    @Test
    void a_bundle_cut_short_and_a_stale_bundle_are_rejected_by_both_verifiers() throws Exception {
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, state());
        final String device = LedgerDriver.newDeviceId();
        ledger.collect(device, LedgerDriver.sha256Hex("receipt of " + device));
        final String handover = ledger.offerToProcessor(device);
        final JsonNode before = complete(device, 2);

        final ObjectNode cut = before.deepCopy();
        ((ArrayNode) cut.path("events")).remove(1);
        assertThat(javaVerdict(cut, BundleChecks.trust())).isEqualTo("REJECTED HEAD_MISMATCH");
        assertThat(browserVerdict(cut, BundleChecks.trustFile())).isEqualTo("REJECTED HEAD_MISMATCH");

        // The device moves on; once that is anchored, the bundle fetched before is stale.
        ledger.accept(handover, true);
        complete(device, 3);
        assertThat(javaVerdict(before, BundleChecks.trust())).isEqualTo("REJECTED STALE_BUNDLE");
        assertThat(browserVerdict(before, BundleChecks.trustFile())).isEqualTo("REJECTED STALE_BUNDLE");
    }

    /**
     * A collected device offered in a bag of two to the processor, which accepts the other one and reports this one
     * missing: COLLECTED, HANDOVER_OFFERED, DEVICE_MISSING.
     */
    private String missingOnArrival(final LedgerDriver ledger) throws Exception {
        final String device = LedgerDriver.newDeviceId();
        final String companion = LedgerDriver.newDeviceId();
        for (final String each : List.of(device, companion)) {
            ledger.collect(each, LedgerDriver.sha256Hex("receipt of " + each));
        }
        final String handoverId = "HO-" + java.util.UUID.randomUUID();
        final ObjectNode offer = JSON.createObjectNode().put("handoverId", handoverId)
                .put("toMspId", gateways.mspId(LedgerDriver.PROCESSOR)).put("toSiteId", LedgerDriver.PROCESSOR_SITE);
        offer.putArray("deviceIds").add(device).add(companion);
        ledger.submit(LedgerDriver.COLLECTOR, "OfferHandover", offer.toString());
        final ObjectNode acceptance = JSON.createObjectNode().put("sealIntact", true);
        acceptance.putArray("missingDeviceIds").add(device);
        ledger.submit(LedgerDriver.PROCESSOR, "AcceptHandover", handoverId, acceptance.toString());
        return device;
    }

    /** A collected device handed to the processor and wiped there with the given result and station. */
    private static String wiped(final LedgerDriver ledger, final String result, final String station,
            final String algorithm) throws Exception {
        final String device = LedgerDriver.newDeviceId();
        ledger.collect(device, LedgerDriver.sha256Hex("receipt of " + device));
        ledger.accept(ledger.offerToProcessor(device), true);
        ledger.erase(device, result, station, algorithm);
        return device;
    }

    /** The regulator's bundle of a device once all its events are anchored and it verifies. */
    private JsonNode complete(final String device, final int events) throws Exception {
        final Callable<JsonNode> fetch = () -> {
            final var answer = http.exchange("/api/v1/audit/devices/{id}/proof-bundle", HttpMethod.GET,
                    withKey("regulator"), String.class, device);
            return answer.getStatusCode().is2xxSuccessful() ? JSON.readTree(answer.getBody()) : JSON.createObjectNode();
        };
        final Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            final JsonNode bundle = fetch.call();
            if (bundle.path("events").size() == events && bundle.path("eventsNotYetAnchored").asInt(-1) == 0) {
                return BundleChecks.assertVerifies(fetch, device);
            }
            assertThat(Instant.now()).as("all %d events of %s anchored", events, device).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static String javaVerdict(final JsonNode bundle, final Trust trust) {
        final BundleVerifier.Result result = BundleVerifier.check(bundle, trust,
                JsonRpcChain.http(URI.create(BundleChecks.rpcUrl())));
        return result.verdict() + " " + result.code();
    }

    /** proof.js under Node, as the portal's page runs it, over one bundle. */
    private static String browserVerdict(final JsonNode bundle, final Path trust) throws Exception {
        final Path file = Files.writeString(Files.createTempFile("bundle", ".json"), bundle.toString());
        final JsonNode line = JSON.readTree(node("verify-cli.mjs", file.toString(), trust.toString(),
                BundleChecks.rpcUrl()).getFirst());
        return line.path("verdict").asText() + " " + (line.path("code").isNull() ? "null" : line.path("code").asText());
    }

    /** proof.js under Node over a whole corpus: file name → "verdict code". */
    private static Map<String, String> browserVerdicts(final Path corpus) throws Exception {
        final Map<String, String> verdicts = new HashMap<>();
        for (final String text : node("verify-cli.mjs", corpus.toString(), BundleChecks.trustFile().toString(),
                BundleChecks.rpcUrl())) {
            final JsonNode line = JSON.readTree(text);
            verdicts.put(line.path("file").asText(), line.path("verdict").asText() + " "
                    + (line.path("code").isNull() ? "null" : line.path("code").asText()));
        }
        return verdicts;
    }

    private static List<String> node(final String script, final String... arguments) throws Exception {
        final List<String> command = new ArrayList<>(List.of("node", PROOF_JS.resolve(script).toString()));
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().filter(l -> !l.isBlank()).toList();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(script + " finished").isTrue();
        assertThat(process.exitValue()).as(script + " exit code").isIn(0, 1, 3);
        return lines;
    }

    private static ObjectNode entryOfType(final JsonNode events, final String type) {
        for (final JsonNode entry : events) {
            if (type.equals(entry.path("event").path("type").asText())) {
                return (ObjectNode) entry;
            }
        }
        throw new AssertionError("no " + type + " event in the bundle");
    }

    private static Path state() {
        return Path.of(System.getenv("WIPETRACE_STATE"));
    }

    /** A copy of the anchor contract on the instance's EVM node, deployed and driven by another of its accounts. */
    private record SecondContract(Web3j web3, Credentials forger, long chainId, String address, String deployment) {

        static SecondContract deploy() throws Exception {
            final Web3j web3 = Web3j.build(new HttpService(BundleChecks.rpcUrl()));
            // Not the anchoring service's account, whose nonces the gateway's anchoring owns.
            final Credentials forger = Credentials.create(JSON.readTree(Files.readAllBytes(
                    state().resolve("evm").resolve("node.json"))).path("private_keys").get(1).asText());
            final long chainId = web3.ethChainId().send().getChainId().longValueExact();
            final String bin = Files.readString(Path.of("..", "anchor", "target", "classes", "solidity",
                    "WipeTraceAnchor.bin")).trim();
            final String constructor = TypeEncoder.encode(new org.web3j.abi.datatypes.Address(forger.getAddress()));
            final TransactionReceipt receipt = send(web3, forger, chainId, null, "0x" + bin + constructor);
            return new SecondContract(web3, forger, chainId, receipt.getContractAddress().toLowerCase(),
                    receipt.getTransactionHash());
        }

        TransactionReceipt anchor(final AnchorCall.Window window) throws Exception {
            return send(web3, forger, chainId, address, Numeric.toHexString(AnchorCall.encode(window)));
        }

        void awaitDepth(final long block, final int confirmations) throws Exception {
            final Instant deadline = Instant.now().plus(PATIENCE);
            while (web3.ethBlockNumber().send().getBlockNumber().longValueExact() - block + 1 < confirmations) {
                assertThat(Instant.now()).as("EVM block %d confirmed", block).isBefore(deadline);
                Thread.sleep(200);
            }
        }

        private static TransactionReceipt send(final Web3j web3, final Credentials from, final long chainId,
                final String to, final String data) throws Exception {
            final EthSendTransaction sent = new RawTransactionManager(web3, from, chainId).sendTransaction(
                    web3.ethGasPrice().send().getGasPrice(), BigInteger.valueOf(3_000_000), to, data, BigInteger.ZERO);
            if (sent.hasError()) {
                throw new AssertionError("sending to " + to + " failed: " + sent.getError().getMessage());
            }
            final TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3, 100, 600)
                    .waitForTransactionReceipt(sent.getTransactionHash());
            assertThat(receipt.isStatusOK()).as("transaction to " + to).isTrue();
            return receipt;
        }
    }
}
