package io.wipetrace.verifier;

import io.wipetrace.proof.Trust;
import java.util.List;
import java.util.Map;

/**
 * What the verifier asks the EVM chain (docs/proof-bundle.md, rules 18 to 22), in two rounds; {@link JsonRpcChain}
 * asks any JSON-RPC node, one batch request per round. The verifier applies the rules to the answers itself.
 */
public interface Chain {

    /**
     * Round 1: the chain, its head and the trust file's deployment transaction.
     *
     * @param trust the pinned values
     * @return what the node said
     * @throws Unavailable if the node cannot be asked
     */
    Tip tip(Trust trust) throws Unavailable;

    /**
     * Round 2: the pinned contract's anchor count at the confirmed block and its {@code Anchored} logs.
     *
     * @param trust the pinned values (the contract is always the trust file's, never a bundle's)
     * @param tip round 1's answer
     * @param anchors the anchors to look for, each in its own block
     * @return what the node said
     * @throws Unavailable if the node cannot be asked
     */
    Anchors anchors(Trust trust, Tip tip, List<Query> anchors) throws Unavailable;

    /**
     * @param chainId the chain the node serves
     * @param head the node's newest block
     * @param confirmedBlock the newest block deep enough ({@code head - confirmations + 1}, or the finalized block);
     *     negative when no block is
     * @param deployedContract the contract the deployment transaction created, lower case, or null if none
     * @param deploymentSucceeded whether that transaction succeeded
     */
    record Tip(long chainId, long head, long confirmedBlock, String deployedContract, boolean deploymentSucceeded) {}

    /**
     * @param sequence the anchor's sequence
     * @param evmBlock the block the bundle says it is in
     */
    record Query(long sequence, long evmBlock) {}

    /**
     * One {@code Anchored} log as the node returned it.
     *
     * @param address the emitting contract, lower case
     * @param topics its topics, lower-case hex with {@code 0x}
     * @param transactionHash its transaction, lower case
     * @param blockNumber its block
     * @param removed whether a reorganisation removed it
     */
    record Log(String address, List<String> topics, String transactionHash, long blockNumber, boolean removed) {}

    /**
     * @param anchorCount {@code anchorCount()} at the confirmed block
     * @param logs each queried sequence's logs
     */
    record Anchors(long anchorCount, Map<Long, List<Log>> logs) {}

    /** The node could not be asked: the bundle is neither verified nor rejected. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean rateLimited;

        /**
         * @param rateLimited whether the node refused for its limits ({@code CHAIN_RATE_LIMITED}), else unreachable
         * @param message what happened
         */
        public Unavailable(final boolean rateLimited, final String message) {
            super(message);
            this.rateLimited = rateLimited;
        }

        /** @return the code of the not-checked verdict */
        public String code() {
            return rateLimited ? "CHAIN_RATE_LIMITED" : "CHAIN_UNREACHABLE";
        }
    }
}
