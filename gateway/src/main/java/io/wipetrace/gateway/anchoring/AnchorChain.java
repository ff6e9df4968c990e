package io.wipetrace.gateway.anchoring;

import java.io.IOException;
import java.util.Optional;

/** The EVM side of anchoring, as the anchoring service needs it; {@link Web3jAnchorChain} talks JSON-RPC. */
interface AnchorChain {

    /** @return the first 16 bytes of the contract's latest anchor hash (zeros before the first anchor) */
    byte[] latestAnchorPrefix() throws IOException;

    /** Signs the anchoring transaction of a window (nonce from the node's pending count); broadcasts nothing. */
    SignedTransaction sign(AnchorWindow window) throws IOException;

    /** Broadcasts a signed transaction; one the node already knows or has mined is not an error. */
    void broadcast(SignedTransaction transaction) throws IOException;

    /** @return the transaction's receipt, if it is mined */
    Optional<Receipt> receipt(String transactionHash) throws IOException;

    /** @return the node's latest block number */
    long blockNumber() throws IOException;

    /** @return the hash of the canonical block at that height, if there is one */
    Optional<String> blockHash(long number) throws IOException;

    /** @return the hash of the transaction that anchored this sequence, from the contract's Anchored events */
    Optional<String> anchorTransaction(long sequence) throws IOException;

    /**
     * @return the anchor that transaction made, if the chain has it: the sequence and anchor hash from its Anchored
     *     event, the root from its calldata
     */
    Optional<Anchored> anchored(String transactionHash) throws IOException;

    /** @return the chain ID the node reports */
    long chainId() throws IOException;

    /**
     * A signed transaction.
     *
     * @param hash its hash, {@code 0x} and 64 hex digits
     * @param raw its signed encoding, {@code 0x} and hex
     */
    record SignedTransaction(String hash, String raw) {}

    /**
     * An Anchored event as the chain carries it.
     *
     * @param sequence the anchor's sequence, from the event
     * @param merkleRoot its root, from the transaction's calldata
     * @param anchorHash its anchor hash, from the event
     */
    record Anchored(long sequence, byte[] merkleRoot, byte[] anchorHash) {}

    /**
     * A mined transaction.
     *
     * @param blockNumber its block
     * @param blockHash its block's hash
     * @param success whether it succeeded (a revert is mined too)
     */
    record Receipt(long blockNumber, String blockHash, boolean success) {}
}
