package io.wipetrace.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code WipeTraceAnchor} contract's calldata and event, byte for byte, for the gateway that sends anchors and the
 * verifiers that read them back from the chain: {@code anchor(bytes32 merkleRoot, bytes32 lastBlockHash, bytes32
 * previousAnchor, uint256 window)} with {@code window = firstBlock << 96 | lastBlock << 32 | eventCount}, and the event
 * {@code Anchored(uint64 indexed sequence, bytes32 indexed anchorHash)}. Packing the three numbers into one word keeps
 * the calldata, and so the gas of an anchor, small.
 */
public final class AnchorCall {

    /** The anchoring function's signature. */
    public static final String FUNCTION = "anchor(bytes32,bytes32,bytes32,uint256)";
    /** The event's signature. */
    public static final String EVENT = "Anchored(uint64,bytes32)";
    /** The calldata's length: a 4-byte selector and four words. */
    public static final int LENGTH = 4 + 4 * 32;

    private static final byte[] SELECTOR = Arrays.copyOf(
            AnchorHash.keccak256(FUNCTION.getBytes(StandardCharsets.US_ASCII)), 4);
    private static final byte[] TOPIC = AnchorHash.keccak256(EVENT.getBytes(StandardCharsets.US_ASCII));

    private AnchorCall() {}

    /**
     * An anchor's window as the calldata carries it.
     *
     * @param merkleRoot the window's root
     * @param firstBlock its first Fabric block
     * @param lastBlock its last Fabric block
     * @param eventCount its number of leaves
     * @param lastBlockHash the header hash of lastBlock
     * @param previousAnchor the anchor it follows
     */
    public record Window(byte[] merkleRoot, long firstBlock, long lastBlock, long eventCount, byte[] lastBlockHash,
            byte[] previousAnchor) {

        /** @return its anchor hash ({@link AnchorHash}) */
        public byte[] anchorHash() {
            return AnchorHash.of(merkleRoot, firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor);
        }
    }

    /**
     * @param window the window to anchor
     * @return the transaction's calldata
     * @throws IllegalArgumentException if a hash is not 32 bytes or a number does not fit (uint64, uint32)
     */
    public static byte[] encode(final Window window) {
        if (window.firstBlock() < 0 || window.lastBlock() < 0 || window.eventCount() < 0
                || window.eventCount() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block numbers must be uint64 and the event count uint32");
        }
        final ByteBuffer data = ByteBuffer.allocate(LENGTH).put(SELECTOR)
                .put(bytes32(window.merkleRoot())).put(bytes32(window.lastBlockHash()))
                .put(bytes32(window.previousAnchor()));
        // window word: 12 zero bytes, firstBlock (8), lastBlock (8), eventCount (4), big-endian.
        data.position(data.position() + 12).putLong(window.firstBlock()).putLong(window.lastBlock())
                .putInt((int) window.eventCount());
        return data.array();
    }

    /**
     * @param calldata a transaction's input
     * @return the window it anchors, or empty if it is not a call of {@link #FUNCTION}
     */
    public static Optional<Window> decode(final byte[] calldata) {
        if (calldata.length != LENGTH || !Arrays.equals(calldata, 0, 4, SELECTOR, 0, 4)) {
            return Optional.empty();
        }
        final ByteBuffer data = ByteBuffer.wrap(calldata, 4, LENGTH - 4);
        final byte[] root = new byte[32];
        final byte[] lastBlockHash = new byte[32];
        final byte[] previous = new byte[32];
        data.get(root).get(lastBlockHash).get(previous);
        data.position(data.position() + 12);
        final long first = data.getLong();
        final long last = data.getLong();
        final long count = Integer.toUnsignedLong(data.getInt());
        if (first < 0 || last < 0) {
            return Optional.empty();
        }
        return Optional.of(new Window(root, first, last, count, lastBlockHash, previous));
    }

    /** @return topic 0 of the {@code Anchored} event, 32 bytes */
    public static byte[] eventTopic() {
        return TOPIC.clone();
    }

    private static byte[] bytes32(final byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a bytes32 must be 32 bytes, not " + hash.length);
        }
        return hash;
    }
}
