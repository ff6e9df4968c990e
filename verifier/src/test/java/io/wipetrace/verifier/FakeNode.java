package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An EVM node as far as the verifier asks it, answering JSON-RPC batches as anvil does: the chain ID, the head, the
 * deployment receipt, the finalized block, {@code anchorCount()} at a block and the anchor contract's
 * {@code Anchored} logs. Tests change its head, its anchors and its mood (rate-limited, unreachable).
 */
public final class FakeNode implements JsonRpcChain.Transport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** How the node answers. */
    public enum Mood {
        /** Answers. */
        ANSWERS,
        /** HTTP 429. */
        HTTP_429,
        /** A JSON-RPC error about its limits. */
        LIMIT_ERROR,
        /** Cannot be connected to. */
        UNREACHABLE
    }

    /** One anchor the contract accepted. */
    private record Anchored(long sequence, String anchorHash, String transaction, long block) {}

    private long chainId;
    private final String deployment;
    private final String contract;
    private final List<Anchored> anchors = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private long head;
    private Long finalized;
    private Mood mood = Mood.ANSWERS;

    /**
     * @param chainId the chain it serves
     * @param deployment the transaction that deployed the contract
     * @param contract the contract
     */
    public FakeNode(final long chainId, final String deployment, final String contract) {
        this.chainId = chainId;
        this.deployment = deployment;
        this.contract = contract;
    }

    /**
     * The contract accepts an anchor.
     *
     * @param sequence its sequence
     * @param anchorHash its hash
     * @param transaction the transaction
     * @param block the block
     * @return this node
     */
    public FakeNode anchored(final long sequence, final byte[] anchorHash, final String transaction,
            final long block) {
        anchors.add(new Anchored(sequence, "0x" + HEX.formatHex(anchorHash), transaction, block));
        return this;
    }

    /**
     * @param block the node's newest block
     * @return this node
     */
    public FakeNode head(final long block) {
        head = block;
        return this;
    }

    /**
     * @param id the chain the node serves from now on
     * @return this node
     */
    public FakeNode serves(final long id) {
        chainId = id;
        return this;
    }

    /** @return the node's newest block */
    public long head() {
        return head;
    }

    /**
     * @param block the finalized block
     * @return this node
     */
    public FakeNode finalized(final long block) {
        finalized = block;
        return this;
    }

    /**
     * @param answering how the node answers from now on
     * @return this node
     */
    public FakeNode mood(final Mood answering) {
        mood = answering;
        return this;
    }

    /** @return every request body it received */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** @return the chain as the verifier reads it through this node */
    public Chain chain() {
        return new JsonRpcChain(this);
    }

    @Override
    public Response post(final String body) throws IOException {
        requests.add(body);
        switch (mood) {
            case UNREACHABLE -> throw new ConnectException("Connection refused");
            case HTTP_429 -> {
                return new Response(429, "Too Many Requests");
            }
            default -> { }
        }
        final ArrayNode answers = JSON.createArrayNode();
        for (final JsonNode call : JSON.readTree(body)) {
            final ObjectNode answer = answers.addObject().put("jsonrpc", "2.0");
            answer.set("id", call.path("id"));
            if (mood == Mood.LIMIT_ERROR) {
                answer.putObject("error").put("code", -32005).put("message", "request rate limit exceeded");
            } else {
                answer.set("result", result(call.path("method").asText(), call.path("params")));
            }
        }
        return new Response(200, answers.toString());
    }

    private JsonNode result(final String method, final JsonNode params) {
        return switch (method) {
            case "eth_chainId" -> quantity(chainId);
            case "eth_blockNumber" -> quantity(head);
            case "eth_getTransactionReceipt" -> deployment.equals(params.path(0).asText())
                    ? JSON.createObjectNode().put("status", "0x1").put("contractAddress", contract)
                            .put("transactionHash", deployment).put("blockNumber", "0x1")
                    : JSON.nullNode();
            case "eth_getBlockByNumber" -> JSON.createObjectNode().set("number",
                    quantity(finalized != null ? finalized : head));
            case "eth_call" -> call(params);
            case "eth_getLogs" -> logs(params.path(0));
            default -> throw new IllegalArgumentException("the fake node does not know " + method);
        };
    }

    private JsonNode call(final JsonNode params) {
        if (!contract.equals(params.path(0).path("to").asText())
                || !JsonRpcChain.ANCHOR_COUNT.equals(params.path(0).path("data").asText())) {
            return JSON.getNodeFactory().textNode("0x");
        }
        final String tag = params.path(1).asText();
        final long block = "finalized".equals(tag) ? finalized : Long.decode(tag);
        final long count = anchors.stream().filter(a -> a.block <= block).count();
        return JSON.getNodeFactory().textNode(String.format("0x%064x", count));
    }

    private JsonNode logs(final JsonNode filter) {
        final ArrayNode logs = JSON.createArrayNode();
        final long from = Long.decode(filter.path("fromBlock").asText());
        final long to = Long.decode(filter.path("toBlock").asText());
        for (final Anchored anchor : anchors) {
            final String sequence = String.format("0x%064x", anchor.sequence);
            if (contract.equals(filter.path("address").asText()) && anchor.block >= from && anchor.block <= to
                    && JsonRpcChain.ANCHORED_TOPIC.equals(filter.path("topics").path(0).asText())
                    && sequence.equals(filter.path("topics").path(1).asText())) {
                final ObjectNode log = logs.addObject().put("address", contract)
                        .put("transactionHash", anchor.transaction).put("blockNumber", "0x"
                                + Long.toHexString(anchor.block)).put("removed", false);
                log.putArray("topics").add(JsonRpcChain.ANCHORED_TOPIC).add(sequence).add(anchor.anchorHash);
            }
        }
        return logs;
    }

    private static JsonNode quantity(final long value) {
        return JSON.getNodeFactory().textNode("0x" + Long.toHexString(value));
    }
}
