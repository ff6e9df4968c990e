package io.wipetrace.gateway.anchoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AnchoringServiceTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void computes_the_anchor_hash_exactly_as_the_evm_contract_does() {
        // Returned by eth_call of WipeTraceAnchor.anchor(...) on the EVM node for these inputs; the chaincode's
        // AnchorContractTest checks its own Keccak against the same vector.
        final byte[] hash = AnchoringService.anchorHash(HEX.parseHex("ab".repeat(32)), 5, 14, 42,
                HEX.parseHex("cd".repeat(32)),
                HEX.parseHex("6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"));

        assertThat(HEX.formatHex(hash)).isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Test
    void restores_the_chaincodes_canonical_bytes_from_a_reordered_event() {
        // PostgreSQL's jsonb orders keys by length; the chaincode emitted them sorted by name, without whitespace.
        final String fromJsonb = "{\"type\": \"COLLECTED\", \"details\": {\"storageGb\": 128, \"make\": \"华为\"},"
                + " \"deviceId\": \"DEV-1\", \"sequence\": 0}";

        assertThat(new String(AnchoringService.canonical(fromJsonb), UTF_8)).isEqualTo(
                "{\"details\":{\"make\":\"华为\",\"storageGb\":128},\"deviceId\":\"DEV-1\",\"sequence\":0,"
                        + "\"type\":\"COLLECTED\"}");
    }
}
