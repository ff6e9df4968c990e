package io.wipetrace.gateway.projection;

import static io.wipetrace.gateway.projection.TestBlocks.TIME;
import static io.wipetrace.gateway.projection.TestBlocks.configTransaction;
import static io.wipetrace.gateway.projection.TestBlocks.endorserTransaction;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Envelope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransactionProcessorTest {

    private static final String VALUE_PUT = "{\"key\":\"k1\",\"txId\":\"tx1\",\"value\":\"shredded\"}";

    private final TransactionProcessor processor = new TransactionProcessor("wipetrace");

    @Test
    void projects_a_value_put_with_its_chaincode_event() {
        final Envelope envelope = endorserTransaction("tx1", "CollectorOrgMSP", "wipetrace", "ValuePut", VALUE_PUT);

        final ProjectedTransaction tx = processor.process(7, 2, envelope).orElseThrow();

        assertThat(tx.txId()).isEqualTo("tx1");
        assertThat(tx.blockNumber()).isEqualTo(7);
        assertThat(tx.txIndex()).isEqualTo(2);
        assertThat(tx.chaincode()).isEqualTo("wipetrace");
        assertThat(tx.creatorMspId()).isEqualTo("CollectorOrgMSP");
        assertThat(tx.timestamp()).isEqualTo(TIME);
        assertThat(tx.eventName()).isEqualTo("ValuePut");
        assertThat(new String(tx.eventPayload(), UTF_8)).isEqualTo(VALUE_PUT);
        assertThat(tx.events()).isEmpty();
    }

    @Test
    void projects_a_transaction_that_emitted_no_event() {
        final Envelope envelope = endorserTransaction("tx2", "SmelterOrgMSP", "wipetrace", null, null);

        final ProjectedTransaction tx = processor.process(3, 0, envelope).orElseThrow();

        assertThat(tx.chaincode()).isEqualTo("wipetrace");
        assertThat(tx.eventName()).isNull();
        assertThat(tx.eventPayload()).isNull();
    }

    @Test
    void keeps_the_transaction_but_not_the_event_of_another_chaincode() {
        final Envelope envelope = endorserTransaction("tx3", "RegulatorOrgMSP", "_lifecycle",
                "wipetrace.events", "{\"events\":[{\"eventId\":\"e1\",\"type\":\"COLLECTED\"}]}");

        final ProjectedTransaction tx = processor.process(4, 1, envelope).orElseThrow();

        assertThat(tx.chaincode()).isEqualTo("_lifecycle");
        assertThat(tx.eventName()).isNull();
        assertThat(tx.events()).isEmpty();
    }

    @Test
    void skips_configuration_transactions() {
        assertThat(processor.process(0, 0, configTransaction("genesis"))).isEmpty();
    }

    @Test
    void refuses_an_envelope_that_is_not_a_transaction() {
        final Envelope garbage = Envelope.newBuilder().setPayload(ByteString.copyFrom(new byte[] {(byte) 0xff, 1, 2}))
                .build();

        assertThatExceptionOfType(ProjectionException.class)
                .isThrownBy(() -> processor.process(9, 4, garbage))
                .withMessageContaining("block 9 transaction 4");
    }

    @Nested
    class WipetraceEvents {

        private Optional<ProjectedTransaction> withPayload(final String payload) {
            return processor.process(12, 1,
                    endorserTransaction("tx9", "ProcessorOrgMSP", "wipetrace", "wipetrace.events", payload));
        }

        @Test
        void whenTwoEvents_projectsOneLedgerEventPerElementInOrder() {
            final String payload = "{\"events\":["
                    + "{\"deviceId\":\"dev-1\",\"eventId\":\"ev-1\",\"method\":\"purge\",\"type\":\"WIPED\"},"
                    + "{\"eventId\":\"ev-2\",\"quantity\":40,\"type\":\"AGGREGATED\"}]}";

            final ProjectedTransaction tx = withPayload(payload).orElseThrow();

            assertThat(tx.eventName()).isEqualTo("wipetrace.events");
            assertThat(new String(tx.eventPayload(), UTF_8)).isEqualTo(payload);
            assertThat(tx.events()).containsExactly(
                    new LedgerEvent("ev-1", "dev-1", "WIPED", 12, "tx9", 1, 0,
                            "{\"deviceId\":\"dev-1\",\"eventId\":\"ev-1\",\"method\":\"purge\",\"type\":\"WIPED\"}"),
                    new LedgerEvent("ev-2", null, "AGGREGATED", 12, "tx9", 1, 1,
                            "{\"eventId\":\"ev-2\",\"quantity\":40,\"type\":\"AGGREGATED\"}"));
        }

        @Test
        void whenTheArrayIsEmpty_projectsTheTransactionWithoutLedgerEvents() {
            assertThat(withPayload("{\"events\":[]}").orElseThrow().events()).isEmpty();
        }

        @Test
        void whenAnElementLacksAnEventId_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload("{\"events\":[{\"deviceId\":\"d\",\"type\":\"WIPED\"}]}"))
                    .withMessageContaining("block 12 transaction 1")
                    .withMessageContaining("\"eventId\" at events[0]");
        }

        @Test
        void whenAnElementLacksAType_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload("{\"events\":[{\"eventId\":\"e\"},{\"eventId\":\"f\"}]}"))
                    .withMessageContaining("\"type\" at events[0]");
        }

        @Test
        void whenTheDeviceIdIsNotAString_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload("{\"events\":[{\"deviceId\":7,\"eventId\":\"e\",\"type\":\"T\"}]}"))
                    .withMessageContaining("deviceId that is not a string at events[0]");
        }

        @Test
        void whenThePayloadIsNotJson_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload("events: none"))
                    .withMessageContaining("is not JSON");
        }

        @Test
        void whenThereIsNoEventsArray_refusesTheBlock() {
            for (String payload : List.of("{\"events\":{}}", "{}", "[]", "null")) {
                assertThatExceptionOfType(ProjectionException.class)
                        .as(payload)
                        .isThrownBy(() -> withPayload(payload))
                        .withMessageContaining("has no \"events\" array");
            }
        }

        @Test
        void whenAKeyIsDuplicated_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload(
                            "{\"events\":[{\"eventId\":\"a\",\"eventId\":\"b\",\"type\":\"T\"}]}"))
                    .withMessageContaining("is not JSON");
        }
    }

    @Nested
    class RegistryEvents {

        private static final String STATION_REGISTERED = "{\"change\":\"STATION_REGISTERED\",\"station\":"
                + "{\"algorithm\":\"ED25519\",\"mspId\":\"ProcessorOrgMSP\",\"publicKey\":\"MCow\","
                + "\"siteId\":\"SITE-1\",\"stationId\":\"ST-1\",\"status\":\"ACTIVE\"},"
                + "\"txId\":\"tx5\",\"txTimestamp\":\"2026-11-01T09:00:00Z\"}";

        private ProjectedTransaction withPayload(final String payload) {
            return processor.process(6, 3,
                    endorserTransaction("tx5", "RegulatorOrgMSP", "wipetrace", "wipetrace.registry", payload))
                    .orElseThrow();
        }

        @Test
        void projects_the_change_as_one_ledger_event_without_a_device() {
            final ProjectedTransaction tx = withPayload(STATION_REGISTERED);

            assertThat(tx.eventName()).isEqualTo("wipetrace.registry");
            assertThat(tx.events()).containsExactly(
                    new LedgerEvent("tx5:0", null, "STATION_REGISTERED", 6, "tx5", 3, 0, STATION_REGISTERED));
        }

        @Test
        void keeps_the_payload_exactly() {
            final String payload = "{\"txId\":\"tx5\", \"change\":\"ORGANISATION_REGISTERED\","
                    + " \"organisation\":{\"mspId\":\"CollectorOrgMSP\",\"name\":\"华\"}}";

            assertThat(withPayload(payload).events().getFirst().payloadJson()).isEqualTo(payload);
        }

        @Test
        void whenTheChangeIsMissing_refusesTheBlock() {
            for (String payload : List.of("{\"txId\":\"tx5\"}", "{\"change\":7}", "[]")) {
                assertThatExceptionOfType(ProjectionException.class)
                        .as(payload)
                        .isThrownBy(() -> withPayload(payload))
                        .withMessageContaining("block 6 transaction 3: the wipetrace.registry payload");
            }
        }

        @Test
        void whenThePayloadIsNotJson_refusesTheBlock() {
            assertThatExceptionOfType(ProjectionException.class)
                    .isThrownBy(() -> withPayload("change: none"))
                    .withMessageContaining("is not JSON");
        }
    }
}
