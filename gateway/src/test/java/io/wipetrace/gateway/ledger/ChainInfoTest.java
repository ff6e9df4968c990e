package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HexFormat;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.Test;

class ChainInfoTest {

    @Test
    void reads_height_and_hashes_from_a_blockchain_info_message() throws InvalidProtocolBufferException {
        final byte[] answer = BlockchainInfo.newBuilder()
                .setHeight(42)
                .setCurrentBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("c0ffee")))
                .setPreviousBlockHash(ByteString.copyFrom(HexFormat.of().parseHex("00ab")))
                .build()
                .toByteArray();

        assertThat(ChainInfo.parse(answer)).isEqualTo(new ChainInfo(42, "c0ffee", "00ab"));
    }

    @Test
    void reads_the_genesis_only_chain_of_a_new_channel() throws InvalidProtocolBufferException {
        final byte[] answer = BlockchainInfo.newBuilder().setHeight(1).build().toByteArray();

        assertThat(ChainInfo.parse(answer).height()).isEqualTo(1);
    }

    @Test
    void rejects_bytes_that_are_not_a_blockchain_info() {
        assertThatExceptionOfType(InvalidProtocolBufferException.class)
                .isThrownBy(() -> ChainInfo.parse(new byte[] {(byte) 0xff, (byte) 0xff}));
    }
}
