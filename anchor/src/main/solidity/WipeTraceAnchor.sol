// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title WipeTrace anchors
/// @notice Public anchors of the WipeTrace Fabric channel: each anchor commits to the Merkle root over the
/// ledger events of one window of Fabric blocks. Anchors form a hash chain, so an anchor can be submitted only
/// on top of the latest one: a window resubmitted after a crash or a timeout is refused instead of anchored twice.
/// @dev Built for gas (about 30,000 per anchor, 21,000 of them the transaction's base cost): one storage word, the
/// window's numbers packed into one calldata word, and an event with the sequence and the anchor hash only. The
/// window's fields are in the transaction's calldata; the anchor hash, computed here from them, commits to all.
contract WipeTraceAnchor {
    /// @notice One anchored window: `anchorHash` = keccak256(abi.encode(bytes32 merkleRoot, uint64 firstBlock,
    /// uint64 lastBlock, uint32 eventCount, bytes32 lastBlockHash, bytes32 previousAnchor)), what the next anchor
    /// must name as its `previousAnchor`.
    event Anchored(uint64 indexed sequence, bytes32 indexed anchorHash);

    /// @notice The only account allowed to anchor (the alliance's anchoring service).
    address public immutable anchorer;

    /// @dev The whole state in one word: the first 16 bytes of the latest anchor hash (zero before the first), the
    /// anchor count (uint64) and the first Fabric block of the next window (uint64), high to low.
    uint256 private state;

    error NotAnchorer(address caller);
    error NotOnLatestAnchor(bytes16 latestPrefix, bytes32 named);
    error WindowNotContiguous(uint64 expectedFirstBlock, uint64 firstBlock);
    error EmptyWindow(uint64 firstBlock, uint64 lastBlock);

    constructor(address anchorer_) {
        anchorer = anchorer_;
    }

    /// @notice The first 16 bytes of the latest anchor hash; zero before the first anchor. A window's
    /// `previousAnchor` must start with them (a 128-bit match: only the anchorer can anchor at all).
    function latestAnchorPrefix() external view returns (bytes16) {
        return bytes16(bytes32(state));
    }

    /// @notice How many anchors there are; the next anchor's sequence.
    function anchorCount() external view returns (uint64) {
        return uint64(state >> 64);
    }

    /// @notice The first Fabric block of the next window (0 before the first anchor).
    function nextFirstBlock() external view returns (uint64) {
        return uint64(state);
    }

    /// @notice Anchors the window of Fabric blocks [firstBlock, lastBlock].
    /// @param merkleRoot root of the RFC 6962-style Merkle tree over the window's events
    /// @param lastBlockHash the Fabric header hash of lastBlock
    /// @param previousAnchor the anchor this one follows (32 zero bytes for the first)
    /// @param window firstBlock (uint64) << 96 | lastBlock (uint64) << 32 | eventCount (uint32)
    function anchor(bytes32 merkleRoot, bytes32 lastBlockHash, bytes32 previousAnchor, uint256 window) external {
        if (msg.sender != anchorer) revert NotAnchorer(msg.sender);
        uint256 current = state;
        if (bytes16(previousAnchor) != bytes16(bytes32(current))) {
            revert NotOnLatestAnchor(bytes16(bytes32(current)), previousAnchor);
        }
        uint64 firstBlock = uint64(window >> 96);
        uint64 lastBlock = uint64(window >> 32);
        if (firstBlock != uint64(current)) revert WindowNotContiguous(uint64(current), firstBlock);
        if (lastBlock < firstBlock) revert EmptyWindow(firstBlock, lastBlock);
        bytes32 topic = Anchored.selector;
        // The anchor hash over the six ABI words, the new state word and the event, without Solidity's copies.
        assembly ("memory-safe") {
            let words := mload(0x40)
            mstore(words, merkleRoot)
            mstore(add(words, 0x20), and(shr(96, window), 0xffffffffffffffff))
            mstore(add(words, 0x40), and(shr(32, window), 0xffffffffffffffff))
            mstore(add(words, 0x60), and(window, 0xffffffff))
            mstore(add(words, 0x80), lastBlockHash)
            mstore(add(words, 0xa0), previousAnchor)
            let anchorHash := keccak256(words, 0xc0)
            let sequence := and(shr(64, current), 0xffffffffffffffff)
            sstore(state.slot, or(shl(128, shr(128, anchorHash)),
                or(shl(64, add(sequence, 1)), add(and(shr(32, window), 0xffffffffffffffff), 1))))
            log3(0, 0, topic, sequence, anchorHash)
        }
    }
}
