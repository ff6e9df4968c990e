package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnchorCallTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Sent to WipeTraceAnchor on the EVM node: accepted, and its event named the anchor hash in AnchorHashTest. */
    private static final String CALLDATA = "f7607092" + "ab".repeat(32) + "cd".repeat(32)
            + "6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"
            + "0000000000000000000000000000000000000005000000000000000e0000002a";

    private static final AnchorCall.Window WINDOW = new AnchorCall.Window(HEX.parseHex("ab".repeat(32)), 5, 14, 42,
            HEX.parseHex("cd".repeat(32)), HEX.parseHex("6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"));

    @Test
    void encodes_the_window_as_the_contract_takes_it() {
        assertThat(HEX.formatHex(AnchorCall.encode(WINDOW))).isEqualTo(CALLDATA);
        assertThat(HEX.formatHex(WINDOW.anchorHash()))
                .isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Test
    void decodes_calldata_back_to_the_window() {
        final AnchorCall.Window decoded = AnchorCall.decode(HEX.parseHex(CALLDATA)).orElseThrow();
        assertThat(decoded.firstBlock()).isEqualTo(5);
        assertThat(decoded.lastBlock()).isEqualTo(14);
        assertThat(decoded.eventCount()).isEqualTo(42);
        assertThat(decoded.anchorHash()).isEqualTo(WINDOW.anchorHash());
    }

    @Test
    void decodes_nothing_from_another_call() {
        assertThat(AnchorCall.decode(HEX.parseHex("3d514353" + CALLDATA.substring(8)))).isEmpty();
        assertThat(AnchorCall.decode(HEX.parseHex(CALLDATA.substring(0, CALLDATA.length() - 2)))).isEmpty();
    }

    @Test
    void names_the_event_the_contract_emits() {
        assertThat(HEX.formatHex(AnchorCall.eventTopic()))
                .isEqualTo("4ac5b9bdb01817da80ec1c33e76c5bef927ab969dd8e8ba4ce21da0d7996e56f");
    }

    @Test
    void refuses_numbers_outside_their_types() {
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorCall.encode(new AnchorCall.Window(new byte[32],
                0, 1, 1L << 32, new byte[32], new byte[32])));
        assertThatIllegalArgumentException().isThrownBy(() -> AnchorCall.encode(new AnchorCall.Window(new byte[32],
                -1, 1, 1, new byte[32], new byte[32])));
    }
}
