package io.wipetrace.proof;

import java.util.List;

/**
 * A leaf's audit path in a Merkle tree of a given size (RFC 9162 section 2.1.3).
 *
 * @param leafIndex the leaf, from 0
 * @param treeSize how many leaves the tree has
 * @param path the sibling hashes from the leaf up to the root, 32 bytes each
 */
public record InclusionProof(int leafIndex, int treeSize, List<byte[]> path) {

    /** Copies the path, so the proof cannot change after it is made. */
    public InclusionProof {
        path = path.stream().map(byte[]::clone).toList();
    }
}
