package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.proof.FabricBlockHash;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** The Fabric side of anchoring: block header hashes, and anchors recorded back on the channel. */
final class FabricAnchorLedger {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FabricGateways gateways;
    private final String organisation;
    private final String channel;

    FabricAnchorLedger(final FabricGateways gateways, final String organisation, final String channel) {
        this.gateways = gateways;
        this.organisation = organisation;
        this.channel = channel;
    }

    /** The header hash of a block, read (evaluated, never submitted) from the organisation's own peer. */
    byte[] blockHeaderHash(final long blockNumber) throws GatewayException, InvalidProtocolBufferException {
        final byte[] bytes = gateways.network(organisation).getContract("qscc")
                .newProposal("GetBlockByNumber")
                .addArguments(channel, Long.toString(blockNumber))
                .setEndorsingOrganizations(gateways.mspId(organisation))
                .build()
                .evaluate();
        final BlockHeader header = Block.parseFrom(bytes).getHeader();
        return FabricBlockHash.headerHash(header.getNumber(), header.getPreviousHash().toByteArray(),
                header.getDataHash().toByteArray());
    }

    /**
     * Records a confirmed anchor with {@code anchor:RecordAnchor}. Recording the same anchor again (after a crash
     * between the commit and its bookkeeping) is not an error: the recorded anchor's transaction is returned.
     *
     * @return the Fabric transaction ID that recorded it
     */
    String record(final AnchorWindow window, final long chainId, final String contract)
            throws GatewayException, CommitException, IOException {
        final Map<String, Object> anchor = new LinkedHashMap<>();
        anchor.put("sequence", window.sequence());
        anchor.put("chainId", chainId);
        anchor.put("contractAddress", contract.toLowerCase(java.util.Locale.ROOT));
        anchor.put("evmTransaction", window.evmTransaction().toLowerCase(java.util.Locale.ROOT));
        anchor.put("evmBlock", window.evmBlock());
        anchor.put("merkleRoot", HEX.formatHex(window.merkleRoot()));
        anchor.put("firstBlock", window.firstBlock());
        anchor.put("lastBlock", window.lastBlock());
        anchor.put("eventCount", window.eventCount());
        anchor.put("lastBlockHash", HEX.formatHex(window.lastBlockHash()));
        anchor.put("previousAnchor", HEX.formatHex(window.previousAnchor()));
        anchor.put("anchorHash", HEX.formatHex(window.anchorHash()));
        try {
            final Transaction transaction = gateways.contract(organisation, "anchor")
                    .newProposal("RecordAnchor")
                    .addArguments(JSON.writeValueAsString(anchor))
                    .build()
                    .endorse();
            final Status status = transaction.submitAsync().getStatus();
            if (!status.isSuccessful()) {
                throw new IOException("recording anchor " + window.sequence() + " was invalidated: " + status.getCode());
            }
            return transaction.getTransactionId();
        } catch (GatewayException e) {
            if (!errorText(e).contains("ANCHOR_EXISTS")) {
                throw e;
            }
            final JsonNode recorded = JSON.readTree(gateways.contract(organisation, "anchor")
                    .evaluateTransaction("GetAnchor", Long.toString(window.sequence())));
            if (!recorded.path("anchorHash").asText().equals(HEX.formatHex(window.anchorHash()))) {
                throw new IOException("anchor " + window.sequence() + " is recorded on Fabric with another hash: "
                        + recorded.path("anchorHash").asText());
            }
            return recorded.path("txId").asText();
        }
    }

    private static String errorText(final GatewayException e) {
        return e.getMessage() + e.getDetails().stream().map(detail -> detail.getMessage())
                .collect(Collectors.joining("\n", "\n", ""));
    }
}
