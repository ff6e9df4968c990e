package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Checks an anchor against any EVM JSON-RPC endpoint: the chain's ID, the anchoring transaction's success, and an
 * {@code Anchored} event from the anchor contract with the anchor's sequence, root and anchor hash.
 */
public final class JsonRpcAnchorLookup implements BundleVerifier.AnchorLookup {

    /** topic 0 of {@code Anchored(uint64,bytes32,uint64,uint64,uint32,bytes32,bytes32,bytes32)}. */
    static final String ANCHORED_TOPIC = "0x" + BundleVerifier.keccakHex(
            "Anchored(uint64,bytes32,uint64,uint64,uint32,bytes32,bytes32,bytes32)".getBytes(StandardCharsets.UTF_8));

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
        final String sequence = String.format("0x%064x", anchor.path("sequence").asLong());
        for (final JsonNode log : receipt.path("logs")) {
            final JsonNode topics = log.path("topics");
            if (log.path("address").asText().equalsIgnoreCase(anchor.path("contractAddress").asText())
                    && ANCHORED_TOPIC.equalsIgnoreCase(topics.path(0).asText())
                    && sequence.equalsIgnoreCase(topics.path(1).asText())) {
                final String data = log.path("data").asText().substring(2);
                // Non-indexed words: firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor, anchorHash.
                final String anchorHash = data.substring(5 * 64, 6 * 64);
                if (!("0x" + anchor.path("merkleRoot").asText()).equalsIgnoreCase(topics.path(2).asText())) {
                    return "the Anchored event on chain carries root " + topics.path(2).asText();
                }
                if (!anchorHash.equalsIgnoreCase(anchor.path("anchorHash").asText())) {
                    return "the Anchored event on chain carries anchor hash " + anchorHash;
                }
                return null;
            }
        }
        return "transaction " + anchor.path("evmTransaction").asText() + " emitted no Anchored event for anchor "
                + anchor.path("sequence").asLong() + " from " + anchor.path("contractAddress").asText();
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
