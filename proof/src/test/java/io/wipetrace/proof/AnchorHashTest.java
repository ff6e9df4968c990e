package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnchorHashTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void equals_what_the_evm_contract_computes_for_the_same_window() {
        // The anchorHash topic of the Anchored event WipeTraceAnchor emitted on the EVM node for these inputs (its state
        // word set to follow the previous anchor; AnchorCallTest holds the calldata).
        final byte[] hash = AnchorHash.of(HEX.parseHex("ab".repeat(32)), 5, 14, 42, HEX.parseHex("cd".repeat(32)),
                HEX.parseHex("6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"));

        assertThat(HEX.formatHex(hash)).isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Test
    void is_ethereums_keccak_not_sha3() {
        assertThat(HEX.formatHex(AnchorHash.keccak256(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        // The selector of WipeTraceAnchor.anchor, as solc lists it.
        assertThat(HEX.formatHex(AnchorHash.keccak256(AnchorCall.FUNCTION.getBytes(StandardCharsets.US_ASCII)))
                .substring(0, 8)).isEqualTo("f7607092");
    }

    @Test
    void refuses_hashes_of_the_wrong_length_and_numbers_outside_their_types() {
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorHash.of(new byte[31], 0, 0, 1, new byte[32],
                new byte[32]));
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorHash.of(new byte[32], 0, 0, 1L << 32,
                new byte[32], new byte[32]));
    }
}
