package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.Submission;
import io.wipetrace.gateway.ledger.TransactionJournal;
import io.wipetrace.proof.FabricBlockHash;
import io.wipetrace.proof.ledger.LedgerError;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hyperledger.fabric.protos.common.BlockHeader;

/** The Fabric side of anchoring, through the ledger client: block header hashes, and anchors recorded on the channel. */
final class FabricAnchorLedger {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTRACT = "anchor";

    private final LedgerClient ledger;
    private final String organisation;

    FabricAnchorLedger(final LedgerClient ledger, final String organisation) {
        this.ledger = ledger;
        this.organisation = organisation;
    }

    /** The header hash of a block, read (evaluated, never submitted) from the organisation's own peer. */
    byte[] blockHeaderHash(final long blockNumber) {
        final BlockHeader header = ledger.block(organisation, blockNumber).getHeader();
        return FabricBlockHash.headerHash(header.getNumber(), header.getPreviousHash().toByteArray(),
                header.getDataHash().toByteArray());
    }

    /**
     * The anchor recorded on the channel under a sequence, as {@code anchor:GetAnchor} returns it.
     *
     * @throws LedgerException when the ledger refuses ({@code ANCHOR_NOT_FOUND}) or cannot answer
     */
    JsonNode recorded(final long sequence) throws IOException {
        return JSON.readTree(ledger.evaluate(organisation, CONTRACT, "GetAnchor", Long.toString(sequence)));
    }

    /**
     * Records a confirmed anchor with {@code anchor:RecordAnchor}. Recording the same anchor again (after a crash
     * between the commit and its bookkeeping) is not an error: the chaincode refuses it with {@code ANCHOR_EXISTS},
     * and the recorded anchor's transaction is returned.
     *
     * @return the Fabric transaction ID that recorded it
     * @throws IOException when the channel holds another anchor under this sequence
     */
    String record(final AnchorWindow window, final long chainId, final String contract) throws IOException {
        final Map<String, Object> anchor = new LinkedHashMap<>();
        anchor.put("sequence", window.sequence());
        anchor.put("chainId", chainId);
        anchor.put("contractAddress", contract.toLowerCase(Locale.ROOT));
        anchor.put("evmTransaction", window.evmTransaction().toLowerCase(Locale.ROOT));
        anchor.put("evmBlock", window.evmBlock());
        anchor.put("merkleRoot", HEX.formatHex(window.merkleRoot()));
        anchor.put("firstBlock", window.firstBlock());
        anchor.put("lastBlock", window.lastBlock());
        anchor.put("eventCount", window.eventCount());
        anchor.put("lastBlockHash", HEX.formatHex(window.lastBlockHash()));
        anchor.put("previousAnchor", HEX.formatHex(window.previousAnchor()));
        anchor.put("anchorHash", HEX.formatHex(window.anchorHash()));
        try {
            return ledger.submit(Submission.of(organisation, CONTRACT, "RecordAnchor", JSON.writeValueAsString(anchor)),
                    TransactionJournal.NONE).transactionId();
        } catch (LedgerException e) {
            if (!e.refusedWith(LedgerError.ANCHOR_EXISTS)) {
                throw e;
            }
            final JsonNode recorded = recorded(window.sequence());
            if (!recorded.path("anchorHash").asText().equals(HEX.formatHex(window.anchorHash()))) {
                throw new IOException("anchor " + window.sequence() + " is recorded on Fabric with another hash: "
                        + recorded.path("anchorHash").asText());
            }
            return recorded.path("txId").asText();
        }
    }
}
