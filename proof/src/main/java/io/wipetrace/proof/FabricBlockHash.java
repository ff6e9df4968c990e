package io.wipetrace.proof;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The hash of a Fabric block header, as peers compute it and chain it (each block's {@code previous_hash} is the
 * header hash of the block before): SHA-256 of the DER encoding of {@code SEQUENCE { INTEGER number, OCTET STRING
 * previousHash, OCTET STRING dataHash }}. An anchor commits to its window's last block by this hash, so a verifier
 * holding the blocks can tie the anchor to the exact chain of blocks.
 */
public final class FabricBlockHash {

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;

    private FabricBlockHash() {}

    /**
     * @param number the block number
     * @param previousHash the header hash of the block before (empty for the genesis block)
     * @param dataHash the hash of the block's data
     * @return the 32-byte header hash
     */
    public static byte[] headerHash(final long number, final byte[] previousHash, final byte[] dataHash) {
        if (number < 0) {
            throw new IllegalArgumentException("A block number is never negative: " + number);
        }
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, INTEGER, BigInteger.valueOf(number).toByteArray());
        element(body, OCTET_STRING, previousHash);
        element(body, OCTET_STRING, dataHash);
        final ByteArrayOutputStream header = new ByteArrayOutputStream();
        element(header, SEQUENCE, body.toByteArray());
        return MerkleTree.sha256().digest(header.toByteArray());
    }

    private static void element(final ByteArrayOutputStream out, final int tag, final byte[] content) {
        out.write(tag);
        final int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            final byte[] bytes = BigInteger.valueOf(length).toByteArray();
            final int start = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - start));
            out.write(bytes, start, bytes.length - start);
        }
        out.write(content, 0, content.length);
    }
}
