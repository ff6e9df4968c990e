package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.device.Scenario.sha256;
import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR;
import static io.wipetrace.chaincode.testing.Alliance.FOREIGN;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code RegisterCollections}: many collections in one transaction, checked as one is, with a result per item. */
class RegisterCollectionsTest {

    private final Scenario scenario = Scenario.standard();
    private final InMemoryLedger ledger = scenario.ledger;
    private final DeviceContract devices = scenario.devices;

    private static final String D1 = deviceId(1);
    private static final String D2 = deviceId(2);
    private static final String D3 = deviceId(3);

    private JsonNode register(final List<?> collections) {
        return InMemoryLedger.parse(ledger.submit(COLLECTOR,
                ctx -> devices.RegisterCollections(ctx, json(map("collections", collections)))));
    }

    private static List<String> statuses(final JsonNode result) {
        final List<String> statuses = new ArrayList<>();
        result.get("results").forEach(item -> statuses.add(item.get("status").textValue()
                + (item.has("code") ? " " + item.get("code").textValue() : "")));
        return statuses;
    }

    @Test
    void registers_every_device_exactly_as_register_collection_would() {
        final JsonNode result = register(List.of(scenario.collection(D1), scenario.collection(D2)));

        assertThat(result.toString()).isEqualTo("{\"alreadyRegistered\":0,\"registered\":2,\"rejected\":0,\"results\":["
                + "{\"deviceId\":\"" + D1 + "\",\"index\":0,\"status\":\"REGISTERED\"},"
                + "{\"deviceId\":\"" + D2 + "\",\"index\":1,\"status\":\"REGISTERED\"}]}");
        final String batchD1 = ledger.value(DeviceKeys.DEVICE, D1);
        final String txId = ledger.last().txId();

        // The same device alone, through RegisterCollection, on a ledger of its own (same clock: same timestamp).
        final Scenario single = Scenario.standard();
        single.collect(D1);
        assertThat(single.ledger.last().timestamp()).isEqualTo(ledger.last().timestamp());
        assertThat(batchD1).isEqualTo(single.ledger.value(DeviceKeys.DEVICE, D1));
        assertThat(ledger.value(DeviceKeys.EVENT, D1, "0000000000")).isEqualTo(
                single.ledger.value(DeviceKeys.EVENT, D1, "0000000000").replace(single.ledger.last().txId(), txId));
        assertThat(ledger.value(DeviceKeys.RECEIPT, sha256("receipt " + D2))).isEqualTo("{\"deviceId\":\"" + D2 + "\"}");
        assertThat(ledger.keys(DeviceKeys.CUSTODY)).containsExactly(
                List.of(COLLECTOR, "COLLECTED", D1), List.of(COLLECTOR, "COLLECTED", D2));
        assertThat(ledger.last().keysWritten()).hasSize(8).noneMatch(key -> key.contains(txId));
    }

    @Test
    void emits_one_events_payload_with_one_collected_event_per_registered_device() {
        register(List.of(scenario.collection(D1), map("deviceId", D3), scenario.collection(D2)));

        final String txId = ledger.last().txId();
        assertThat(ledger.last().eventName()).isEqualTo(DeviceContract.EVENT_NAME);
        final JsonNode events = InMemoryLedger.parse(ledger.last().eventPayload()).get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("eventId").textValue()).isEqualTo(txId + ":0");
        assertThat(events.get(0).get("deviceId").textValue()).isEqualTo(D1);
        assertThat(events.get(1).get("eventId").textValue()).isEqualTo(txId + ":1");
        assertThat(events.get(1).get("deviceId").textValue()).isEqualTo(D2);
        assertThat(events.get(1).get("type").textValue()).isEqualTo("COLLECTED");
        // Each event is the same record GetHistory returns for its device.
        assertThat(scenario.history(D2).get(0)).isEqualTo(events.get(1));
        assertThat(scenario.state(D1)).isEqualTo(DeviceState.COLLECTED);
    }

    @Test
    void rejects_bad_items_one_by_one_and_registers_the_rest() {
        final Map<String, Object> badStorage = scenario.collection(deviceId(4));
        badStorage.put("storageGb", 0);
        final Map<String, Object> foreignSite = scenario.collection(deviceId(5));
        foreignSite.put("siteId", PROCESSOR_SITE);
        final Map<String, Object> unknownSite = scenario.collection(deviceId(6));
        unknownSite.put("siteId", "nowhere");
        final Map<String, Object> extra = scenario.collection(deviceId(7));
        extra.put("imei", "356938035643809");

        final JsonNode result = register(List.of(scenario.collection(D1), badStorage, foreignSite, unknownSite,
                "not an object", extra, scenario.collection(D2)));

        assertThat(statuses(result)).containsExactly("REGISTERED", "REJECTED INVALID_ARGUMENT",
                "REJECTED SITE_NOT_OWNED", "REJECTED SITE_NOT_FOUND", "REJECTED INVALID_ARGUMENT",
                "REJECTED INVALID_ARGUMENT", "REGISTERED");
        assertThat(result.get("registered").intValue()).isEqualTo(2);
        assertThat(result.get("rejected").intValue()).isEqualTo(5);
        final JsonNode storage = result.get("results").get(1);
        assertThat(storage.get("deviceId").textValue()).isEqualTo(deviceId(4));
        assertThat(storage.get("message").textValue())
                .isEqualTo("batchJson.collections[1].storageGb is required and must be an integer from 1 to 16384");
        assertThat(result.get("results").get(4).has("deviceId")).isFalse();
        assertThat(result.get("results").get(5).get("message").textValue()).contains("unknown member(s) [imei]");
        for (int n = 4; n <= 7; n++) {
            assertThat(ledger.value(DeviceKeys.DEVICE, deviceId(n))).isNull();
        }
        assertThat(scenario.state(D2)).isEqualTo(DeviceState.COLLECTED);
    }

    @Test
    void rejects_duplicates_inside_the_batch_after_their_first_occurrence() {
        final Map<String, Object> sameId = scenario.collection(D1);
        sameId.put("receiptHash", sha256("another receipt"));
        final Map<String, Object> sameReceipt = scenario.collection(D2);
        sameReceipt.put("receiptHash", sha256("receipt " + D1));

        final JsonNode result = register(List.of(scenario.collection(D1), sameId, sameReceipt, scenario.collection(D3)));

        assertThat(statuses(result)).containsExactly("REGISTERED", "REJECTED DEVICE_EXISTS",
                "REJECTED RECEIPT_EXISTS", "REGISTERED");
        assertThat(result.get("results").get(1).get("message").textValue())
                .isEqualTo("device " + D1 + " is at index 0 of this batch already");
        assertThat(ledger.json(DeviceKeys.DEVICE, D1).get("receiptHash").textValue()).isEqualTo(sha256("receipt " + D1));
        assertThat(ledger.value(DeviceKeys.DEVICE, D2)).isNull();
    }

    @Test
    void rejects_devices_and_receipts_taken_on_the_ledger_with_other_values() {
        scenario.collect(D1);
        final Map<String, Object> sameIdOtherValues = scenario.collection(D1);
        sameIdOtherValues.put("model", "P50");
        final Map<String, Object> takenReceipt = scenario.collection(D2);
        takenReceipt.put("receiptHash", sha256("receipt " + D1));

        final JsonNode result = register(List.of(sameIdOtherValues, takenReceipt, scenario.collection(D3)));

        assertThat(statuses(result)).containsExactly("REJECTED DEVICE_EXISTS", "REJECTED RECEIPT_EXISTS",
                "REGISTERED");
        assertThat(ledger.json(DeviceKeys.DEVICE, D1).get("model").textValue()).isEqualTo("P40 Pro");
        assertThat(ledger.json(DeviceKeys.DEVICE, D1).get("eventCount").intValue()).isEqualTo(1);
    }

    @Test
    void recognises_a_batch_sent_again_and_writes_nothing_for_what_landed_before() {
        final List<Map<String, Object>> batch = List.of(scenario.collection(D1), scenario.collection(D2));
        register(batch);
        final InMemoryLedger.Snapshot before = ledger.snapshot();

        final JsonNode again = register(batch);

        assertThat(statuses(again)).containsExactly("ALREADY_REGISTERED", "ALREADY_REGISTERED");
        assertThat(again.get("alreadyRegistered").intValue()).isEqualTo(2);
        assertThat(ledger.snapshot()).as("nothing written, no event").isEqualTo(before);
        assertThat(ledger.last().events()).isEmpty();
    }

    @Test
    void registers_only_the_missing_part_of_a_batch_that_landed_in_part() {
        register(List.of(scenario.collection(D1)));

        final JsonNode result = register(List.of(scenario.collection(D1), scenario.collection(D2)));

        assertThat(statuses(result)).containsExactly("ALREADY_REGISTERED", "REGISTERED");
        assertThat(InMemoryLedger.parse(ledger.last().eventPayload()).get("events")).hasSize(1);
        assertThat(scenario.history(D1)).hasSize(1);
    }

    @Test
    void does_not_treat_another_collectors_device_as_its_own() {
        final Map<String, Object> collection = scenario.collection(D1);
        scenario.collect(collection);
        ledger.submit(io.wipetrace.chaincode.testing.Alliance.REGULATOR, ctx -> scenario.registry.RegisterOrganisation(
                ctx, json(map("mspId", "Collector2OrgMSP", "name", "Second Collector", "roles", List.of("COLLECTOR")))));

        final JsonNode result = InMemoryLedger.parse(ledger.submit("Collector2OrgMSP",
                ctx -> devices.RegisterCollections(ctx, json(map("collections", List.of(collection))))));

        assertThat(statuses(result)).containsExactly("REJECTED SITE_NOT_OWNED");
    }

    @Test
    void accepts_five_hundred_full_size_collections_and_no_more() {
        final List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < DeviceContract.MAX_DEVICES_PER_OPERATION; i++) {
            final Map<String, Object> collection = scenario.collection(deviceId(1000 + i));
            collection.put("consent", map("reference", "r".repeat(64), "scope", "s".repeat(1024),
                    "method", "m".repeat(128), "impact", "i".repeat(1024)));
            collection.put("make", "k".repeat(64));
            collection.put("model", "o".repeat(64));
            batch.add(collection);
        }
        assertThat(register(batch).get("registered").intValue()).isEqualTo(500);

        batch.add(scenario.collection(deviceId(9999)));
        assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollections(ctx, json(map("collections", batch)))),
                LedgerError.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"collections\":[]}", "{\"collections\":{}}",
        "{\"collections\":[],\"extra\":1}", "{\"collections\":[{}]", "not json"})
    void rejects_a_malformed_batch_as_a_whole_with_invalid_argument(final String batchJson) {
        assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollections(ctx, batchJson)),
                LedgerError.INVALID_ARGUMENT);
    }

    @Test
    void rejects_a_batch_longer_than_its_limit() {
        final String padded = "{\"collections\":[" + " ".repeat(DeviceContract.MAX_BATCH_LENGTH) + "{}]}";
        final var rejection = ledger.reject(COLLECTOR, ctx -> devices.RegisterCollections(ctx, padded));
        assertCode(rejection, LedgerError.INVALID_ARGUMENT);
        assertThat(rejection.getMessage()).contains("longer than " + DeviceContract.MAX_BATCH_LENGTH);
    }

    @Test
    void rejects_personal_data_in_a_batch() {
        final Map<String, byte[]> personal = Map.of(DeviceContract.PERSONAL_TRANSIENT_KEY,
                "{\"imei\":\"356938035643809\",\"salt\":\"0123456789abcdef\"}".getBytes(UTF_8));
        assertCode(ledger.reject(COLLECTOR, personal, ctx -> devices.RegisterCollections(ctx,
                json(map("collections", List.of(scenario.collection(D1)))))), LedgerError.INVALID_ARGUMENT);
    }

    @Test
    void rejects_callers_who_may_not_collect_as_a_whole() {
        final String batch = json(map("collections", List.of(scenario.collection(D1))));
        assertCode(ledger.reject(FOREIGN, ctx -> devices.RegisterCollections(ctx, batch)),
                LedgerError.NOT_REGISTERED);
        assertCode(ledger.reject(PROCESSOR, ctx -> devices.RegisterCollections(ctx, batch)),
                LedgerError.ROLE_NOT_HELD);
    }
}
