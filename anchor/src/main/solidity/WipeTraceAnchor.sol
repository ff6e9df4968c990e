// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title WipeTrace anchors
/// @notice Public anchors of the WipeTrace Fabric channel: each anchor commits to the Merkle root over the
/// ledger events of one window of Fabric blocks. Anchors form a hash chain, so an anchor can be submitted only
/// on top of the latest one: a window resubmitted after a crash or a timeout is refused instead of anchored twice.
/// @dev Keeps only what the chain rule needs; everything else is in the Anchored events.
contract WipeTraceAnchor {
    /// @notice One anchored window. `anchorHash` is what the next anchor must name as its `previousAnchor`.
    event Anchored(
        uint64 indexed sequence,
        bytes32 indexed merkleRoot,
        uint64 firstBlock,
        uint64 lastBlock,
        uint32 eventCount,
        bytes32 lastBlockHash,
        bytes32 previousAnchor,
        bytes32 anchorHash
    );

    /// @notice The only account allowed to anchor (the alliance's anchoring service).
    address public immutable anchorer;
    /// @notice The hash of the latest anchor; zero before the first.
    bytes32 public latestAnchor;
    /// @notice How many anchors there are; the next anchor's sequence.
    uint64 public anchorCount;
    /// @notice The last Fabric block covered so far; the next window starts right after it.
    uint64 public lastFabricBlock;

    error NotAnchorer(address caller);
    error NotOnLatestAnchor(bytes32 latest, bytes32 named);
    error WindowNotContiguous(uint64 expectedFirstBlock, uint64 firstBlock);
    error EmptyWindow(uint64 firstBlock, uint64 lastBlock);

    constructor(address anchorer_) {
        anchorer = anchorer_;
    }

    /// @notice Anchors the window of Fabric blocks [firstBlock, lastBlock].
    /// @param merkleRoot root of the RFC 6962-style Merkle tree over the window's events
    /// @param firstBlock first Fabric block of the window (0 for the first anchor)
    /// @param lastBlock last Fabric block of the window
    /// @param eventCount how many ledger events the tree has as leaves
    /// @param lastBlockHash the Fabric header hash of lastBlock
    /// @param previousAnchor the anchor this one follows: must equal latestAnchor
    /// @return anchorHash the new latest anchor
    function anchor(
        bytes32 merkleRoot,
        uint64 firstBlock,
        uint64 lastBlock,
        uint32 eventCount,
        bytes32 lastBlockHash,
        bytes32 previousAnchor
    ) external returns (bytes32 anchorHash) {
        if (msg.sender != anchorer) revert NotAnchorer(msg.sender);
        if (previousAnchor != latestAnchor) revert NotOnLatestAnchor(latestAnchor, previousAnchor);
        uint64 expectedFirst = anchorCount == 0 ? 0 : lastFabricBlock + 1;
        if (firstBlock != expectedFirst) revert WindowNotContiguous(expectedFirst, firstBlock);
        if (lastBlock < firstBlock) revert EmptyWindow(firstBlock, lastBlock);

        anchorHash = keccak256(
            abi.encode(merkleRoot, firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor)
        );
        uint64 sequence = anchorCount;
        latestAnchor = anchorHash;
        anchorCount = sequence + 1;
        lastFabricBlock = lastBlock;
        emit Anchored(
            sequence, merkleRoot, firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor, anchorHash
        );
    }
}
