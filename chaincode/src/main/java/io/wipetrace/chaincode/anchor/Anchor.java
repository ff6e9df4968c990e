package io.wipetrace.chaincode.anchor;

/**
 * A public anchor as recorded on the channel.
 *
 * @param sequence the anchor's position in the anchor contract's hash chain, from 0
 * @param chainId the EVM chain's ID
 * @param contractAddress the anchor contract, {@code 0x} and 40 lowercase hex digits
 * @param evmTransaction the anchoring transaction's hash, {@code 0x} and 64 lowercase hex digits
 * @param evmBlock the EVM block the anchoring transaction is in
 * @param merkleRoot the root over the window's events, 64 lowercase hex digits
 * @param firstBlock the window's first Fabric block
 * @param lastBlock the window's last Fabric block
 * @param eventCount how many events the window's tree has as leaves
 * @param lastBlockHash the Fabric header hash of lastBlock, 64 lowercase hex digits
 * @param previousAnchor the anchor hash this one follows (64 zeros for the first)
 * @param anchorHash keccak256 of the window as the contract computes it
 * @param recordedBy the MSP ID that recorded it
 * @param recordedAt the recording transaction's timestamp
 * @param txId the recording transaction
 */
public record Anchor(
        long sequence,
        long chainId,
        String contractAddress,
        String evmTransaction,
        long evmBlock,
        String merkleRoot,
        long firstBlock,
        long lastBlock,
        long eventCount,
        String lastBlockHash,
        String previousAnchor,
        String anchorHash,
        String recordedBy,
        String recordedAt,
        String txId) {}
