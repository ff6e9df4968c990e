package io.wipetrace.gateway.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HexFormat;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * A peer's view of the channel's chain.
 *
 * @param height number of blocks the peer has committed (the next block's number)
 * @param currentBlockHash hex hash of the peer's last block header
 * @param previousBlockHash hex hash of the header before it
 */
public record ChainInfo(long height, String currentBlockHash, String previousBlockHash) {

    /**
     * Reads the {@code BlockchainInfo} protobuf that {@code qscc GetChainInfo} returns.
     *
     * @param blockchainInfo the serialised message
     * @return the chain info
     * @throws InvalidProtocolBufferException if the bytes are not a {@code BlockchainInfo}
     */
    public static ChainInfo parse(final byte[] blockchainInfo) throws InvalidProtocolBufferException {
        final BlockchainInfo info = BlockchainInfo.parseFrom(blockchainInfo);
        final HexFormat hex = HexFormat.of();
        return new ChainInfo(
                info.getHeight(),
                hex.formatHex(info.getCurrentBlockHash().toByteArray()),
                hex.formatHex(info.getPreviousBlockHash().toByteArray()));
    }
}
