package io.wipetrace.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorCall;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.Trust;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chain as any EVM JSON-RPC node serves it, in exactly two batch requests (a JSON array body each): round 1
 * {@code eth_chainId}, {@code eth_blockNumber}, {@code eth_getTransactionReceipt} of the deployment transaction (and
 * {@code eth_getBlockByNumber("finalized")} when the trust file asks for finality); round 2 {@code eth_call
 * anchorCount()} on the pinned contract at the confirmed block and one {@code eth_getLogs} per anchor (the pinned
 * contract, {@code Anchored}, the sequence, in the anchor's block only). HTTP 429 and JSON-RPC limit errors are
 * {@code CHAIN_RATE_LIMITED}; anything else that keeps the node from answering is {@code CHAIN_UNREACHABLE}.
 */
public final class JsonRpcChain implements Chain {

    /** Topic 0 of {@code Anchored(uint64,bytes32)}. */
    static final String ANCHORED_TOPIC = "0x" + HexFormat.of().formatHex(AnchorCall.eventTopic());
    /** The calldata of {@code anchorCount()}. */
    static final String ANCHOR_COUNT = "0x" + HexFormat.of().formatHex(Arrays.copyOf(
            AnchorHash.keccak256("anchorCount()".getBytes(StandardCharsets.US_ASCII)), 4));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUANTITY = Pattern.compile("0x[0-9a-fA-F]{1,64}");
    private static final Pattern LIMIT = Pattern.compile(
            "rate|limit|too many|exceed|quota|capacity|throttl", Pattern.CASE_INSENSITIVE);

    /** Sends one JSON-RPC request body; tests answer it themselves. */
    public interface Transport {
        /**
         * @param body the request, a JSON array
         * @return the HTTP status and body
         * @throws IOException if the node cannot be reached or does not answer in time
         * @throws InterruptedException if interrupted while waiting
         */
        Response post(String body) throws IOException, InterruptedException;

        /**
         * @param status the HTTP status
         * @param body the body
         */
        record Response(int status, String body) {}
    }

    private final Transport transport;

    /** @param transport where requests go */
    public JsonRpcChain(final Transport transport) {
        this.transport = transport;
    }

    /**
     * @param endpoint the node's JSON-RPC URL
     * @return the chain as that node serves it over HTTP (10 s to connect, 30 s per answer)
     */
    public static JsonRpcChain http(final URI endpoint) {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new JsonRpcChain(body -> {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Transport.Response(response.statusCode(), response.body());
        });
    }

    @Override
    public Tip tip(final Trust trust) throws Unavailable {
        final Batch batch = new Batch();
        batch.add("eth_chainId");
        batch.add("eth_blockNumber");
        batch.add("eth_getTransactionReceipt", trust.deploymentTransaction());
        if (trust.finalized()) {
            batch.add("eth_getBlockByNumber", "finalized", false);
        }
        final List<JsonNode> answers = send(batch);
        final long chainId = quantity(answers.get(0), "eth_chainId");
        final long head = quantity(answers.get(1), "eth_blockNumber");
        final JsonNode receipt = answers.get(2);
        final String contract = receipt.path("contractAddress").isTextual()
                ? receipt.path("contractAddress").asText().toLowerCase(Locale.ROOT) : null;
        final boolean succeeded = "0x1".equals(receipt.path("status").asText());
        final long confirmed = trust.finalized()
                ? answers.get(3).isObject() ? quantity(answers.get(3).path("number"), "the finalized block") : -1
                : head - trust.confirmations() + 1;
        return new Tip(chainId, head, confirmed, contract, succeeded);
    }

    @Override
    public Anchors anchors(final Trust trust, final Tip tip, final List<Query> anchors) throws Unavailable {
        final Batch batch = new Batch();
        final ObjectNode call = JSON.createObjectNode().put("to", trust.anchorContract()).put("data", ANCHOR_COUNT);
        batch.add("eth_call", call, trust.finalized() ? "finalized" : hex(Math.max(0, tip.confirmedBlock())));
        for (final Query anchor : anchors) {
            final ObjectNode filter = JSON.createObjectNode().put("address", trust.anchorContract())
                    .put("fromBlock", hex(anchor.evmBlock())).put("toBlock", hex(anchor.evmBlock()));
            filter.putArray("topics").add(ANCHORED_TOPIC).add(String.format("0x%064x", anchor.sequence()));
            batch.add("eth_getLogs", filter);
        }
        final List<JsonNode> answers = send(batch);
        final long count = quantity(answers.get(0), "anchorCount()");
        final Map<Long, List<Log>> logs = new HashMap<>();
        for (int i = 0; i < anchors.size(); i++) {
            final JsonNode answer = answers.get(i + 1);
            if (!answer.isArray()) {
                throw new Unavailable(false, "the node's eth_getLogs answer is not a list");
            }
            final List<Log> found = new ArrayList<>();
            for (final JsonNode log : answer) {
                final List<String> topics = new ArrayList<>();
                log.path("topics").forEach(topic -> topics.add(topic.asText().toLowerCase(Locale.ROOT)));
                found.add(new Log(log.path("address").asText().toLowerCase(Locale.ROOT), topics,
                        log.path("transactionHash").asText().toLowerCase(Locale.ROOT),
                        quantity(log.path("blockNumber"), "a log's blockNumber"), log.path("removed").asBoolean()));
            }
            logs.put(anchors.get(i).sequence(), found);
        }
        return new Anchors(count, logs);
    }

    /** One batch request: each call's id is its index. */
    private static final class Batch {
        private final ArrayNode calls = JSON.createArrayNode();
        private final List<String> methods = new ArrayList<>();

        void add(final String method, final Object... params) {
            final ObjectNode call = calls.addObject().put("jsonrpc", "2.0").put("id", methods.size())
                    .put("method", method);
            final ArrayNode array = call.putArray("params");
            for (final Object param : params) {
                array.add(JSON.<JsonNode>valueToTree(param));
            }
            methods.add(method);
        }
    }

    /** Sends a batch; returns each call's result in the batch's order. */
    private List<JsonNode> send(final Batch batch) throws Unavailable {
        final Transport.Response response;
        try {
            response = transport.post(batch.calls.toString());
        } catch (IOException e) {
            throw new Unavailable(false, "the node cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(false, "interrupted while waiting for the node");
        }
        if (response.status() == 429) {
            throw new Unavailable(true, "the node refused: HTTP 429 Too Many Requests");
        }
        final JsonNode body;
        try {
            body = JSON.readTree(response.body() == null ? "" : response.body());
        } catch (JsonProcessingException e) {
            throw new Unavailable(false, "the node answered HTTP " + response.status() + " without JSON");
        }
        if (body != null && body.isObject() && body.has("error")) {
            throw error(body.path("error"), "the batch");
        }
        if (response.status() / 100 != 2) {
            throw new Unavailable(false, "the node answered HTTP " + response.status());
        }
        if (body == null || !body.isArray()) {
            throw new Unavailable(false, "the node did not answer the batch with a list");
        }
        final JsonNode[] results = new JsonNode[batch.methods.size()];
        for (final JsonNode answer : body) {
            final JsonNode id = answer.path("id");
            if (!id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= results.length) {
                throw new Unavailable(false, "the node answered a call it was not asked (id " + id + ")");
            }
            final String method = batch.methods.get(id.asInt());
            if (answer.has("error")) {
                throw error(answer.path("error"), method);
            }
            results[id.asInt()] = answer.path("result");
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                throw new Unavailable(false, "the node did not answer " + batch.methods.get(i));
            }
        }
        return List.of(results);
    }

    private static Unavailable error(final JsonNode error, final String method) {
        final long code = error.path("code").asLong();
        final String message = error.path("message").asText(error.toString());
        final boolean limited = code == -32005 || code == 429 || LIMIT.matcher(message).find();
        return new Unavailable(limited, "the node answered " + method + " with error " + code + ": " + message);
    }

    private static long quantity(final JsonNode value, final String what) throws Unavailable {
        if (!value.isTextual() || !QUANTITY.matcher(value.asText()).matches()) {
            throw new Unavailable(false, "the node's " + what + " is not a hex quantity: " + value);
        }
        return clamp(new BigInteger(value.asText().substring(2), 16));
    }

    private static long clamp(final BigInteger value) {
        return value.bitLength() < 63 ? value.longValueExact() : Long.MAX_VALUE;
    }

    private static String hex(final long value) {
        return "0x" + Long.toHexString(value);
    }
}
