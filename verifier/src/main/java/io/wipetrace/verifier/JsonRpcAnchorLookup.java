package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.AnchorCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks an anchor against any EVM JSON-RPC endpoint: the chain's ID, the anchoring transaction's success, its
 * calldata (the window: root, blocks, event count, last block hash, previous anchor; see {@link AnchorCall}) and the
 * {@code Anchored} event the anchor contract emitted for it with the anchor's sequence and anchor hash.
 */
public final class JsonRpcAnchorLookup implements BundleVerifier.AnchorLookup {

    /** topic 0 of {@code Anchored(uint64,bytes32)}. */
    static final String ANCHORED_TOPIC = "0x" + HexFormat.of().formatHex(AnchorCall.eventTopic());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param endpoint the JSON-RPC URL */
    public JsonRpcAnchorLookup(final URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String mismatch(final JsonNode anchor) throws IOException, InterruptedException {
        final long chainId = Long.decode(call("eth_chainId", List.of()).asText());
        if (chainId != anchor.path("chainId").asLong()) {
            return "the RPC endpoint serves chain " + chainId + ", the anchor is on chain "
                    + anchor.path("chainId").asLong();
        }
        final JsonNode receipt = call("eth_getTransactionReceipt", List.of(anchor.path("evmTransaction").asText()));
        if (receipt.isNull() || receipt.isMissingNode()) {
            return "the chain has no transaction " + anchor.path("evmTransaction").asText();
        }
        if (!"0x1".equals(receipt.path("status").asText())) {
            return "the anchoring transaction " + anchor.path("evmTransaction").asText() + " failed on chain";
        }
        final JsonNode transaction = call("eth_getTransactionByHash", List.of(anchor.path("evmTransaction").asText()));
        if (!anchor.path("contractAddress").asText().equalsIgnoreCase(transaction.path("to").asText())) {
            return "the anchoring transaction was sent to " + transaction.path("to").asText() + ", not to the anchor"
                    + " contract " + anchor.path("contractAddress").asText();
        }
        final Optional<AnchorCall.Window> window = AnchorCall.decode(
                HexFormat.of().parseHex(transaction.path("input").asText().replaceFirst("^0x", "")));
        if (window.isEmpty()) {
            return "the anchoring transaction is not a call of " + AnchorCall.FUNCTION;
        }
        final String onChain = describe(window.get());
        final String inBundle = describe(new AnchorCall.Window(hex(anchor, "merkleRoot"),
                anchor.path("firstBlock").asLong(), anchor.path("lastBlock").asLong(),
                anchor.path("eventCount").asLong(), hex(anchor, "lastBlockHash"), hex(anchor, "previousAnchor")));
        if (!onChain.equals(inBundle)) {
            return "the anchoring transaction anchors " + onChain + ", the bundle's anchor is " + inBundle;
        }
        final String sequence = String.format("0x%064x", anchor.path("sequence").asLong());
        for (final JsonNode log : receipt.path("logs")) {
            final JsonNode topics = log.path("topics");
            if (log.path("address").asText().equalsIgnoreCase(anchor.path("contractAddress").asText())
                    && ANCHORED_TOPIC.equalsIgnoreCase(topics.path(0).asText())
                    && sequence.equalsIgnoreCase(topics.path(1).asText())) {
                if (!("0x" + anchor.path("anchorHash").asText()).equalsIgnoreCase(topics.path(2).asText())) {
                    return "the Anchored event on chain carries anchor hash " + topics.path(2).asText();
                }
                return null;
            }
        }
        return "transaction " + anchor.path("evmTransaction").asText() + " emitted no Anchored event for anchor "
                + anchor.path("sequence").asLong() + " from " + anchor.path("contractAddress").asText();
    }

    private static String describe(final AnchorCall.Window window) {
        final HexFormat hex = HexFormat.of();
        return "root " + hex.formatHex(window.merkleRoot()) + ", blocks " + window.firstBlock() + "-"
                + window.lastBlock() + ", " + window.eventCount() + " events, last block hash "
                + hex.formatHex(window.lastBlockHash()) + ", previous anchor " + hex.formatHex(window.previousAnchor());
    }

    private static byte[] hex(final JsonNode anchor, final String field) {
        try {
            final byte[] bytes = HexFormat.of().parseHex(anchor.path(field).asText());
            return bytes.length == 32 ? bytes : new byte[32];
        } catch (IllegalArgumentException e) {
            return new byte[32];
        }
    }

    private JsonNode call(final String method, final List<Object> params) throws IOException, InterruptedException {
        final String body = JSON.writeValueAsString(java.util.Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                "params", params));
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode answer = JSON.readTree(response.body());
        if (answer.has("error")) {
            throw new IOException(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }
}
