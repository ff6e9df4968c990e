package io.wipetrace.chaincode.anchor;

import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR;
import static io.wipetrace.chaincode.testing.Alliance.FOREIGN;
import static io.wipetrace.chaincode.testing.Alliance.REGULATOR;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnchorContractTest {

    private static final String ROOT = "ab".repeat(32);
    private static final String LAST_BLOCK_HASH = "cd".repeat(32);
    private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final AnchorContract anchors = new AnchorContract();

    @BeforeEach
    void seed() {
        Alliance.seed(ledger);
    }

    /** The next window on top of whatever is recorded: sequence, first block and previous anchor chained. */
    private static Map<String, Object> window(final long sequence, final long first, final long last,
            final String previous) {
        final Map<String, Object> anchor = new LinkedHashMap<>();
        anchor.put("sequence", sequence);
        anchor.put("chainId", 31337);
        anchor.put("contractAddress", CONTRACT);
        anchor.put("evmTransaction", "0x" + "12".repeat(32));
        anchor.put("evmBlock", 7);
        anchor.put("merkleRoot", ROOT);
        anchor.put("firstBlock", first);
        anchor.put("lastBlock", last);
        anchor.put("eventCount", 42);
        anchor.put("lastBlockHash", LAST_BLOCK_HASH);
        anchor.put("previousAnchor", previous);
        anchor.put("anchorHash", AnchorContract.anchorHash(ROOT, first, last, 42, LAST_BLOCK_HASH, previous));
        return anchor;
    }

    private String record(final String caller, final Map<String, Object> anchor) {
        return ledger.submit(caller, ctx -> anchors.RecordAnchor(ctx, json(anchor)));
    }

    private void reject(final String caller, final Map<String, Object> anchor, final LedgerError code) {
        final InMemoryLedger.Snapshot before = ledger.snapshot();
        assertCode(ledger.reject(caller, ctx -> anchors.RecordAnchor(ctx, json(anchor))), code);
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    @Test
    void computes_the_anchor_hash_exactly_as_the_evm_contract_does() {
        // Returned by eth_call of WipeTraceAnchor.anchor(...) on the EVM node for these inputs.
        assertThat(AnchorContract.anchorHash(ROOT, 5, 14, 42, LAST_BLOCK_HASH,
                "6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"))
                .isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Nested
    class RecordAnchor {

        @Test
        void whenTheFirstAnchorIsRecorded_storesItAndEmitsIt() {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);

            final String result = record(REGULATOR, first);

            final String stored = ledger.value(AnchorContract.ANCHOR_KEY, "0000000000000000000");
            assertThat(result).isEqualTo(stored);
            assertThat(InMemoryLedger.parse(stored).path("anchorHash").asText()).isEqualTo(first.get("anchorHash"));
            assertThat(InMemoryLedger.parse(stored).path("recordedBy").asText()).isEqualTo(REGULATOR);
            assertThat(ledger.last().eventName()).isEqualTo(AnchorContract.EVENT_NAME);
            assertThat(ledger.last().eventPayload()).isEqualTo(stored);
            assertThat(ledger.evaluate(COLLECTOR, ctx -> anchors.GetLatestAnchor(ctx))).isEqualTo(stored);
        }

        @Test
        void whenAnchorsFollowEachOther_theChainGrows() {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);
            record(REGULATOR, first);
            final Map<String, Object> second = window(1, 10, 12, (String) first.get("anchorHash"));

            record(REGULATOR, second);

            assertThat(InMemoryLedger.parse(ledger.evaluate(COLLECTOR, ctx -> anchors.GetLatestAnchor(ctx)))
                    .path("sequence").asLong()).isEqualTo(1);
            assertThat(InMemoryLedger.parse(ledger.evaluate(COLLECTOR, ctx -> anchors.GetAnchor(ctx, "0")))
                    .path("lastBlock").asLong()).isEqualTo(9);
        }

        @Test
        void whenRecordedTwice_failsWithAnchorExists() {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);
            record(REGULATOR, first);

            reject(REGULATOR, first, LedgerError.ANCHOR_EXISTS);
        }

        @Test
        void whenTheWindowSkipsBlocksOrTheChainIsBroken_failsOutOfOrder() {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);
            record(REGULATOR, first);

            reject(REGULATOR, window(1, 11, 12, (String) first.get("anchorHash")), LedgerError.ANCHOR_OUT_OF_ORDER);
            reject(REGULATOR, window(1, 10, 12, "ee".repeat(32)), LedgerError.ANCHOR_OUT_OF_ORDER);
            reject(REGULATOR, window(2, 10, 12, (String) first.get("anchorHash")), LedgerError.ANCHOR_OUT_OF_ORDER);
        }

        @Test
        void whenTheAnchorHashDoesNotMatchTheWindow_failsWithMismatch() {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);
            first.put("eventCount", 43);

            reject(REGULATOR, first, LedgerError.ANCHOR_HASH_MISMATCH);
        }

        @Test
        void whenTheCallerIsNotARegulator_failsWithRoleNotHeldOrNotRegistered() {
            reject(COLLECTOR, window(0, 0, 9, AnchorContract.NO_ANCHOR), LedgerError.ROLE_NOT_HELD);
            reject(FOREIGN, window(0, 0, 9, AnchorContract.NO_ANCHOR), LedgerError.NOT_REGISTERED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"merkleRoot", "lastBlockHash", "contractAddress", "evmTransaction"})
        void whenAHashOrAddressIsMalformed_failsWithInvalidArgument(final String field) {
            final Map<String, Object> first = window(0, 0, 9, AnchorContract.NO_ANCHOR);
            first.put(field, "0xZZ");

            reject(REGULATOR, first, LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheLastBlockPrecedesTheFirst_failsWithInvalidArgument() {
            final Map<String, Object> backwards = window(0, 5, 4, AnchorContract.NO_ANCHOR);

            reject(REGULATOR, backwards, LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class Queries {

        @Test
        void whenNothingIsRecorded_failsWithAnchorNotFound() {
            assertCode(ledger.reject(COLLECTOR, ctx -> anchors.GetLatestAnchor(ctx)), LedgerError.ANCHOR_NOT_FOUND);
            assertCode(ledger.reject(COLLECTOR, ctx -> anchors.GetAnchor(ctx, "0")), LedgerError.ANCHOR_NOT_FOUND);
        }

        @Test
        void whenTheSequenceIsNotADecimal_failsWithInvalidArgument() {
            assertCode(ledger.reject(COLLECTOR, ctx -> anchors.GetAnchor(ctx, "-1")), LedgerError.INVALID_ARGUMENT);
        }
    }
}
