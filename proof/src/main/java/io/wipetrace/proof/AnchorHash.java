package io.wipetrace.proof;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The hash that names an anchor, computed identically by the {@code WipeTraceAnchor} EVM contract, the chaincode's
 * {@code anchor} contract, the gateway's anchoring service and every verifier: {@code keccak256(abi.encode(bytes32
 * merkleRoot, uint64 firstBlock, uint64 lastBlock, uint32 eventCount, bytes32 lastBlockHash, bytes32
 * previousAnchor))}, that is Keccak-256 (Ethereum's, not SHA3-256) over six 32-byte words, integers big-endian.
 */
public final class AnchorHash {

    private AnchorHash() {}

    /**
     * @param merkleRoot the window's root, 32 bytes
     * @param firstBlock the window's first Fabric block
     * @param lastBlock the window's last Fabric block
     * @param eventCount the number of leaves
     * @param lastBlockHash the header hash of lastBlock, 32 bytes
     * @param previousAnchor the anchor this one follows, 32 bytes (zeros for the first)
     * @return the 32-byte anchor hash
     * @throws IllegalArgumentException if a hash is not 32 bytes or a number does not fit its ABI type
     */
    public static byte[] of(final byte[] merkleRoot, final long firstBlock, final long lastBlock,
            final long eventCount, final byte[] lastBlockHash, final byte[] previousAnchor) {
        if (firstBlock < 0 || lastBlock < 0 || eventCount < 0 || eventCount > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block numbers must be uint64 and the event count uint32");
        }
        final KeccakDigest keccak = new KeccakDigest(256);
        for (final byte[] word : new byte[][] {bytes32(merkleRoot), word(firstBlock), word(lastBlock),
                word(eventCount), bytes32(lastBlockHash), bytes32(previousAnchor)}) {
            keccak.update(word, 0, word.length);
        }
        final byte[] out = new byte[32];
        keccak.doFinal(out, 0);
        return out;
    }

    /**
     * Keccak-256 of some bytes, as the EVM computes it (e.g. for event topics).
     *
     * @param data the bytes
     * @return 32 bytes
     */
    public static byte[] keccak256(final byte[] data) {
        final KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(data, 0, data.length);
        final byte[] out = new byte[32];
        keccak.doFinal(out, 0);
        return out;
    }

    private static byte[] bytes32(final byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a bytes32 must be 32 bytes, not " + hash.length);
        }
        return hash;
    }

    private static byte[] word(final long value) {
        final byte[] word = new byte[32];
        final byte[] bytes = BigInteger.valueOf(value).toByteArray();
        final int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, word, 32 - length, length);
        return word;
    }
}
