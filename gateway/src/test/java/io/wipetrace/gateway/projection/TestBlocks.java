package io.wipetrace.gateway.projection;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Builds Fabric blocks the way a committing peer delivers them, nesting the real protobuf messages. */
final class TestBlocks {

    static final String CHANNEL = "wipetrace";
    static final Instant TIME = Instant.parse("2026-03-01T08:15:30.123456Z");

    private TestBlocks() {}

    /** An endorser transaction invoking {@code chaincode}, emitting the event when {@code eventName} is not null. */
    static Envelope endorserTransaction(
            final String txId, final String mspId, final String chaincode, final String eventName, final String payload) {
        final ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode).setVersion("v1"));
        if (eventName != null) {
            action.setEvents(ChaincodeEvent.newBuilder()
                    .setChaincodeId(chaincode)
                    .setTxId(txId)
                    .setEventName(eventName)
                    .setPayload(ByteString.copyFrom(payload, UTF_8))
                    .build()
                    .toByteString());
        }
        final ProposalResponsePayload response = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(new byte[32]))
                .setExtension(action.build().toByteString())
                .build();
        final ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response.toByteString()))
                .build();
        final Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(actionPayload.toByteString()))
                .build();
        return envelope(HeaderType.ENDORSER_TRANSACTION, txId, mspId, transaction.toByteString());
    }

    /** A configuration transaction, as in a genesis block or a channel update. */
    static Envelope configTransaction(final String txId) {
        return envelope(HeaderType.CONFIG, txId, "OrdererMSP", ByteString.copyFrom("config", UTF_8));
    }

    static Envelope envelope(final HeaderType type, final String txId, final String mspId, final ByteString data) {
        final ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(type.getNumber())
                .setChannelId(CHANNEL)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(TIME.getEpochSecond()).setNanos(TIME.getNano()))
                .build();
        final SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(SerializedIdentity.newBuilder()
                        .setMspid(mspId)
                        .setIdBytes(ByteString.copyFrom("-----BEGIN CERTIFICATE-----", UTF_8))
                        .build()
                        .toByteString())
                .setNonce(ByteString.copyFrom(new byte[24]))
                .build();
        final Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(data)
                .build();
        return Envelope.newBuilder()
                .setPayload(payload.toByteString())
                .setSignature(ByteString.copyFrom(new byte[8]))
                .build();
    }

    /** A committed block: the envelopes and, in its metadata, each one's validation code. */
    static Block block(final long number, final List<Envelope> envelopes, final List<TxValidationCode> codes) {
        final byte[] filter = new byte[codes.size()];
        for (int i = 0; i < filter.length; i++) {
            filter[i] = (byte) codes.get(i).getNumber();
        }
        final BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (BlockMetadataIndex index : BlockMetadataIndex.values()) {
            if (index == BlockMetadataIndex.UNRECOGNIZED) {
                continue;
            }
            metadata.addMetadata(index == BlockMetadataIndex.TRANSACTIONS_FILTER
                    ? ByteString.copyFrom(filter)
                    : ByteString.EMPTY);
        }
        return Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(BlockData.newBuilder().addAllData(envelopes.stream().map(Envelope::toByteString).toList()))
                .setMetadata(metadata)
                .build();
    }

    /** A block whose every envelope is valid. */
    static Block validBlock(final long number, final Envelope... envelopes) {
        return block(number, List.of(envelopes),
                Collections.nCopies(envelopes.length, TxValidationCode.VALID));
    }
}
