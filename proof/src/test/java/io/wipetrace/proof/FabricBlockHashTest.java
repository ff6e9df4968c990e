package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FabricBlockHashTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hashes_the_der_encoded_header() throws Exception {
        final byte[] previous = HEX.parseHex("11".repeat(32));
        final byte[] data = HEX.parseHex("22".repeat(32));
        // SEQUENCE(72) { INTEGER 300 = 01 2c, OCTET STRING(32) previous, OCTET STRING(32) data }
        final byte[] der = HEX.parseHex("3048" + "0202012c" + "0420" + "11".repeat(32) + "0420" + "22".repeat(32));

        assertThat(FabricBlockHash.headerHash(300, previous, data))
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void encodes_the_genesis_block_with_an_empty_previous_hash_and_number_zero() throws Exception {
        final byte[] data = HEX.parseHex("33".repeat(32));
        final byte[] der = HEX.parseHex("3027" + "020100" + "0400" + "0420" + "33".repeat(32));

        assertThat(FabricBlockHash.headerHash(0, new byte[0], data))
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void keeps_a_leading_zero_so_a_high_bit_number_stays_positive() throws Exception {
        final byte[] previous = HEX.parseHex("44".repeat(32));
        final byte[] data = HEX.parseHex("55".repeat(32));
        final byte[] der = HEX.parseHex("3048" + "020200ff" + "0420" + "44".repeat(32) + "0420" + "55".repeat(32));

        assertThat(FabricBlockHash.headerHash(255, previous, data))
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(der));
    }
}
