package io.wipetrace.chaincode.anchor;

import io.wipetrace.chaincode.CompositeKeys;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import io.wipetrace.proof.AnchorHash;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Public anchors recorded back on the channel. The anchoring service, running as a regulator, anchors a window of
 * Fabric blocks on the EVM chain (the {@code WipeTraceAnchor} contract) and then records the anchor here, so that
 * auditors see it on both chains and the chain of anchors can be checked from the ledger alone.
 *
 * <p>The contract enforces the same rules as the EVM contract: anchors form a hash chain (each names the previous
 * anchor's hash, the first names 64 zeros), windows are contiguous (the first starts at block 0, each next one right
 * after the last), and the anchor hash is {@code keccak256(abi.encode(merkleRoot, firstBlock, lastBlock, eventCount,
 * lastBlockHash, previousAnchor))}, recomputed here. So a recorded anchor that disagrees with the public one can
 * only be a false claim about the EVM transaction, which anyone can check.
 *
 * <p>Each record emits one {@value #EVENT_NAME} chaincode event whose payload is the {@link Anchor}.
 */
@Contract(
        name = "anchor",
        info = @Info(
                title = "WipeTrace anchors",
                description = "Public anchors of the channel, recorded back on it",
                version = "0.1.0",
                license = @License(name = "Apache-2.0"),
                contact = @Contact(name = "WipeTrace")))
public final class AnchorContract implements ContractInterface {

    /** Name of the chaincode event every recorded anchor emits. */
    public static final String EVENT_NAME = "wipetrace.anchor";
    /** Composite key object type of anchors, keyed by zero-padded sequence. */
    public static final String ANCHOR_KEY = "anchor.record";
    /** Key of the latest anchor's sequence. */
    public static final String LATEST_KEY = "anchor.latest";

    static final String NO_ANCHOR = "0".repeat(64);

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final Set<String> ANCHOR_FIELDS = Set.of("sequence", "chainId", "contractAddress",
            "evmTransaction", "evmBlock", "merkleRoot", "firstBlock", "lastBlock", "eventCount", "lastBlockHash",
            "previousAnchor", "anchorHash");

    /**
     * Records an anchor the anchoring service has made on the EVM chain. Only a registered regulator may record.
     *
     * @param ctx the transaction context
     * @param anchorJson {@code {"sequence","chainId","contractAddress","evmTransaction","evmBlock","merkleRoot",
     *     "firstBlock","lastBlock","eventCount","lastBlockHash","previousAnchor","anchorHash"}}: integers, hashes as
     *     64 lowercase hex digits, the address and transaction with {@code 0x}
     * @return the anchor as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGISTERED, ROLE_NOT_HELD, ANCHOR_EXISTS, ANCHOR_OUT_OF_ORDER or
     *     ANCHOR_HASH_MISMATCH.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RecordAnchor(final Context ctx, final String anchorJson) {
        final Fields in = Fields.parse(anchorJson, "anchorJson", ANCHOR_FIELDS);
        final long sequence = in.integer("sequence", 0, Long.MAX_VALUE);
        final long chainId = in.integer("chainId", 1, Long.MAX_VALUE);
        final String contract = in.matching("contractAddress", ADDRESS, "0x and 40 lowercase hexadecimal characters");
        final String evmTransaction = in.matching("evmTransaction", TX_HASH,
                "0x and 64 lowercase hexadecimal characters");
        final long evmBlock = in.integer("evmBlock", 0, Long.MAX_VALUE);
        final String root = in.matching("merkleRoot", Fields.HEX_256, Fields.HEX_256_RULE);
        final long firstBlock = in.integer("firstBlock", 0, Long.MAX_VALUE);
        final long lastBlock = in.integer("lastBlock", firstBlock, Long.MAX_VALUE);
        final long eventCount = in.integer("eventCount", 0, MAX_UINT32);
        final String lastBlockHash = in.matching("lastBlockHash", Fields.HEX_256, Fields.HEX_256_RULE);
        final String previous = in.matching("previousAnchor", Fields.HEX_256, Fields.HEX_256_RULE);
        final String anchorHash = in.matching("anchorHash", Fields.HEX_256, Fields.HEX_256_RULE);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        new Registry(stub).memberWithRole(caller, Role.REGULATOR);
        if (find(stub, sequence).isPresent()) {
            throw ContractErrors.refuse(LedgerError.ANCHOR_EXISTS, "anchor " + sequence + " was recorded already");
        }
        final Optional<Anchor> latest = latest(stub);
        final long expectedSequence = latest.map(a -> a.sequence() + 1).orElse(0L);
        final String expectedPrevious = latest.map(Anchor::anchorHash).orElse(NO_ANCHOR);
        final long expectedFirst = latest.map(a -> a.lastBlock() + 1).orElse(0L);
        if (sequence != expectedSequence || !previous.equals(expectedPrevious) || firstBlock != expectedFirst) {
            throw ContractErrors.refuse(LedgerError.ANCHOR_OUT_OF_ORDER, "the next anchor must be sequence " + expectedSequence
                    + " on top of " + expectedPrevious + " starting at block " + expectedFirst);
        }
        final String computed = anchorHash(root, firstBlock, lastBlock, eventCount, lastBlockHash, previous);
        if (!computed.equals(anchorHash)) {
            throw ContractErrors.refuse(LedgerError.ANCHOR_HASH_MISMATCH, "the window hashes to " + computed);
        }

        final Anchor anchor = new Anchor(sequence, chainId, contract, evmTransaction, evmBlock, root, firstBlock,
                lastBlock, eventCount, lastBlockHash, previous, anchorHash, caller,
                stub.getTxTimestamp().toString(), stub.getTxId());
        final byte[] bytes = LedgerJson.toBytes(anchor);
        stub.putState(key(stub, sequence), bytes);
        stub.putState(CompositeKeys.of(LATEST_KEY), LedgerJson.toBytes(sequence));
        stub.setEvent(EVENT_NAME, bytes);
        return LedgerJson.toText(anchor);
    }

    /**
     * Returns one recorded anchor.
     *
     * @param ctx the transaction context
     * @param sequence the anchor's sequence, in decimal
     * @return the anchor; fails with INVALID_ARGUMENT or ANCHOR_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetAnchor(final Context ctx, final String sequence) {
        Fields.requireMatch(sequence, "sequence", Pattern.compile("0|[1-9][0-9]{0,17}"), "a decimal integer");
        return LedgerJson.toText(find(ctx.getStub(), Long.parseLong(sequence))
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.ANCHOR_NOT_FOUND, "no anchor " + sequence)));
    }

    /**
     * Returns the latest recorded anchor.
     *
     * @param ctx the transaction context
     * @return the anchor; fails with ANCHOR_NOT_FOUND before the first
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetLatestAnchor(final Context ctx) {
        return LedgerJson.toText(latest(ctx.getStub())
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.ANCHOR_NOT_FOUND, "no anchor was recorded yet")));
    }

    /**
     * The anchor hash of a window, as {@link AnchorHash} computes it for every party.
     *
     * @return 64 lowercase hex digits
     */
    static String anchorHash(final String root, final long firstBlock, final long lastBlock, final long eventCount,
            final String lastBlockHash, final String previous) {
        final HexFormat hex = HexFormat.of();
        return hex.formatHex(AnchorHash.of(hex.parseHex(root), firstBlock, lastBlock, eventCount,
                hex.parseHex(lastBlockHash), hex.parseHex(previous)));
    }

    private static Optional<Anchor> find(final ChaincodeStub stub, final long sequence) {
        final byte[] bytes = stub.getState(key(stub, sequence));
        return bytes == null || bytes.length == 0 ? Optional.empty() : Optional.of(LedgerJson.read(bytes,
                Anchor.class));
    }

    private static Optional<Anchor> latest(final ChaincodeStub stub) {
        final byte[] bytes = stub.getState(CompositeKeys.of(LATEST_KEY));
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return find(stub, LedgerJson.read(bytes, Long.class));
    }

    private static String key(final ChaincodeStub stub, final long sequence) {
        return CompositeKeys.of(ANCHOR_KEY, String.format(java.util.Locale.ROOT, "%019d", sequence));
    }
}
