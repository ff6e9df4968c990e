package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.device.Scenario.sha256;
import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR;
import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.FOREIGN;
import static io.wipetrace.chaincode.testing.Alliance.LOGISTICS;
import static io.wipetrace.chaincode.testing.Alliance.LOGISTICS_SITE;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR_2;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR_2_SITE;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.REGULATOR;
import static io.wipetrace.chaincode.testing.Alliance.REGULATOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.SMELTER;
import static io.wipetrace.chaincode.testing.Alliance.SMELTER_SITE;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.OpenedTexts.opened;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceContractTest {

    private final Scenario scenario = Scenario.standard();
    private final InMemoryLedger ledger = scenario.ledger;
    private final DeviceContract devices = scenario.devices;

    private static final String D1 = deviceId(1);
    private static final String D2 = deviceId(2);
    private static final String D3 = deviceId(3);

    private static Map<String, byte[]> personal(final Object... namesAndValues) {
        return Map.of(DeviceContract.PERSONAL_TRANSIENT_KEY, json(map(namesAndValues)).getBytes(UTF_8));
    }

    /** A 12-byte nonce and 40 sealed bytes, as the collector's gateway sends them (the chaincode cannot open them). */
    private static final String NONCE = Base64.getEncoder().encodeToString(new byte[12]);
    private static final String CIPHERTEXT = Base64.getEncoder().encodeToString("sealed-personal-data-and-its-gcm-tag-40b".getBytes(UTF_8));

    private static Map<String, byte[]> sealed(final String keyId) {
        return personal("alg", "A256GCM", "keyId", keyId, "nonce", NONCE, "ciphertext", CIPHERTEXT);
    }

    private static Map<String, Object> withChange(final Map<String, Object> values, final Consumer<Map<String, Object>> change) {
        change.accept(values);
        return values;
    }

    private static List<String> keyStrings(final InMemoryLedger ledger, final String objectType) {
        final List<String> keys = new ArrayList<>();
        ledger.keys(objectType).forEach(attributes -> keys.add(String.join("|", attributes)));
        return keys;
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RegisterCollection {

        @Test
        void whenACollectorRegistersADevice_storesTheExactDeviceRecord() {
            final String result = scenario.collect(D1);

            final String at = ledger.last().timestamp().toString();
            final String expected = "{\"bagId\":\"bag-77\",\"channel\":\"HOME_PICKUP\",\"collectedAt\":\"" + at + "\","
                    + "\"collectionSiteId\":\"collector-store-bj-01\",\"collectorMspId\":\"CollectorOrgMSP\","
                    + "\"consent\":{\"impact\":\"irreversible\",\"method\":\"app checkbox\",\"reference\":\"consent-" + D1
                    + "\",\"scope\":\"all user data\"},\"custodianMspId\":\"CollectorOrgMSP\",\"deviceId\":\"" + D1 + "\","
                    + "\"eventCount\":1,\"identifierCommitment\":\"" + sha256("commitment " + D1) + "\","
                    + "\"lastEventHash\":\"" + PublicForm.eventHash(ledger.json(DeviceKeys.EVENT, D1, "0000000000"))
                    + "\",\"locked\":false,"
                    + "\"make\":\"Huawei\",\"model\":\"P40 Pro\",\"productType\":\"PHONE\",\"receiptHash\":\""
                    + sha256("receipt " + D1) + "\","
                    + "\"sealId\":\"seal-77\",\"siteId\":\"collector-store-bj-01\",\"state\":\"COLLECTED\","
                    + "\"storageGb\":256,\"updatedAt\":\"" + at + "\"}";
            assertThat(ledger.value(DeviceKeys.DEVICE, D1)).isEqualTo(expected);
            assertThat(result).isEqualTo(expected);
        }

        @Test
        void whenRegistered_appendsTheCollectedEventAndEmitsItAsTheOnlyChaincodeEvent() {
            scenario.collect(D1);

            final String txId = ledger.last().txId();
            final String at = ledger.last().timestamp().toString();
            final String event = "{\"actorMspId\":\"CollectorOrgMSP\",\"custodianMspId\":\"CollectorOrgMSP\","
                    + "\"details\":{\"bagId\":\"bag-77\",\"channel\":\"HOME_PICKUP\",\"consent\":{\"impact\":\"irreversible\","
                    + "\"method\":\"app checkbox\",\"reference\":\"consent-" + D1 + "\",\"scope\":\"all user data\"},"
                    + "\"identifierCommitment\":\"" + sha256("commitment " + D1) + "\",\"locked\":false,\"make\":\"Huawei\","
                    + "\"model\":\"P40 Pro\",\"productType\":\"PHONE\",\"receiptHash\":\"" + sha256("receipt " + D1)
                    + "\",\"sealId\":\"seal-77\","
                    + "\"storageGb\":256},\"deviceId\":\"" + D1 + "\",\"eventId\":\"" + txId + ":0\",\"sequence\":0,"
                    + "\"siteId\":\"collector-store-bj-01\",\"state\":\"COLLECTED\",\"txId\":\"" + txId + "\","
                    + "\"txTimestamp\":\"" + at + "\",\"type\":\"COLLECTED\"}";
            assertThat(opened(ledger.value(DeviceKeys.EVENT, D1, "0000000000"))).isEqualTo(event);
            assertThat(ledger.last().eventName()).isEqualTo("wipetrace.events");
            assertThat(opened(ledger.last().eventPayload())).isEqualTo("{\"events\":[" + event + "]}");
            assertThat(ledger.last().keysWritten()).containsExactlyInAnyOrder(
                    new CompositeKey(DeviceKeys.DEVICE, D1).toString(),
                    new CompositeKey(DeviceKeys.EVENT, D1, "0000000000").toString(),
                    new CompositeKey(DeviceKeys.RECEIPT, sha256("receipt " + D1)).toString(),
                    new CompositeKey(DeviceKeys.CUSTODY, COLLECTOR, "COLLECTED", D1).toString());
        }

        @Test
        void whenRegistered_indexesTheReceiptAndTheCustody() {
            scenario.collect(D1);

            assertThat(ledger.value(DeviceKeys.RECEIPT, sha256("receipt " + D1))).isEqualTo("{\"deviceId\":\"" + D1 + "\"}");
            assertThat(keyStrings(ledger, DeviceKeys.CUSTODY)).containsExactly("CollectorOrgMSP|COLLECTED|" + D1);
        }

        @Test
        void whenPersonalDataIsGiven_itGoesToTheCollectorsCollectionAndOnlyItsHashToTheChannel() {
            // A key ID no random value on the channel (a base64 transaction ID, say) can contain by chance.
            final String keyId = "key-id-never-on-the-channel";
            ledger.submit(COLLECTOR, sealed(keyId), ctx -> devices.RegisterCollection(ctx, json(scenario.collection(D1))));

            final String stored = ledger.privateValue("personal_CollectorOrgMSP", D1);
            assertThat(stored).isEqualTo("{\"alg\":\"A256GCM\",\"ciphertext\":\"" + CIPHERTEXT + "\",\"deviceId\":\""
                    + D1 + "\",\"keyId\":\"" + keyId + "\",\"nonce\":\"" + NONCE + "\"}");
            final String hash = HexFormat.of().formatHex(sha256Bytes(stored));
            assertThat(scenario.device(D1).get("personalDataHash").textValue()).isEqualTo(hash);
            assertThat(ledger.snapshot().state().values().stream()
                    .map(hex -> new String(HexFormat.of().parseHex(hex), UTF_8))
                    .filter(value -> value.contains(CIPHERTEXT) || value.contains(keyId)).toList()).isEmpty();
            assertThat(ledger.last().eventPayload()).contains("\"personalDataHash\":\"" + hash + "\"");
        }

        @Test
        void whenTheDeviceIdIsTaken_rejectsWithDeviceExists() {
            scenario.collect(D1);
            final Map<String, Object> again = scenario.collection(D1);
            again.put("receiptHash", sha256("another receipt"));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(again))),
                    LedgerError.DEVICE_EXISTS);
        }

        @Test
        void whenTheReceiptHashIsTaken_rejectsWithReceiptExists() {
            scenario.collect(D1);
            final Map<String, Object> other = scenario.collection(D2);
            other.put("receiptHash", sha256("receipt " + D1));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(other))),
                    LedgerError.RECEIPT_EXISTS);
        }

        @Test
        void whenTheCallerIsNotRegistered_rejectsWithNotRegistered() {
            assertCode(ledger.reject(FOREIGN, ctx -> devices.RegisterCollection(ctx, json(scenario.collection(D1)))),
                    LedgerError.NOT_REGISTERED);
        }

        @Test
        void whenTheCallerIsNotACollector_rejectsWithRoleNotHeld() {
            final Map<String, Object> collection = scenario.collection(D1);
            collection.put("siteId", PROCESSOR_SITE);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RegisterCollection(ctx, json(collection))),
                    LedgerError.ROLE_NOT_HELD);
        }

        @Test
        void whenTheSiteIsUnknown_rejectsWithSiteNotFound() {
            final Map<String, Object> collection = scenario.collection(D1);
            collection.put("siteId", "nowhere");

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(collection))),
                    LedgerError.SITE_NOT_FOUND);
        }

        @Test
        void whenTheSiteBelongsToAnotherOrganisation_rejectsWithSiteNotOwned() {
            final Map<String, Object> collection = scenario.collection(D1);
            collection.put("siteId", PROCESSOR_SITE);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(collection))),
                    LedgerError.SITE_NOT_OWNED);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "deviceId=short", "deviceId=has space in the id!", "deviceId=" + "x12345678901234567890123456789012345678901234567890123456789012345",
            "receiptHash=ABCDEF", "receiptHash=" + "G000000000000000000000000000000000000000000000000000000000000000",
            "identifierCommitment=123", "channel=DRONE", "storageGb=0", "storageGb=\"128\"", "storageGb=1.5",
            "locked=\"false\"", "make=", "model=@long", "consent=\"yes\"", "bagId=bad bag", "unknown=1",
            "deviceId=null", "locked=null", "make=\"tab\\tinside\""
        })
        void whenAMemberIsMalformed_rejectsWithInvalidArgument(final String change) {
            final Map<String, Object> collection = scenario.collection(D1);
            final String name = change.substring(0, change.indexOf('='));
            final String raw = change.substring(change.indexOf('=') + 1);
            final Object value = switch (raw) {
                case "null" -> null;
                case "@long" -> "m".repeat(65);
                default -> raw.startsWith("\"") || raw.matches("-?[0-9.]+") ? InMemoryLedger.parse(raw) : raw;
            };
            collection.put(name, value);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(collection))),
                    LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenAConsentMemberIsMissing_rejectsWithInvalidArgument() {
            final Map<String, Object> collection = scenario.collection(D1);
            collection.put("consent", map("reference", "c-1", "scope", "all", "method", "app"));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, json(collection))),
                    LedgerError.INVALID_ARGUMENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{", "[1]", "{\"deviceId\":\"dev-000000000001\",\"deviceId\":\"dev-000000000002\"}"})
        void whenTheArgumentIsNotOneJsonObject_rejectsWithInvalidArgument(final String collectionJson) {
            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx, collectionJson)),
                    LedgerError.INVALID_ARGUMENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"imei\":\"356938035643809\",\"salt\":\"0123456789abcdef\"}",
            "{\"alg\":\"A128GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k 1\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"356938035643809 SN-1\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAAAAAA\",\"ciphertext\":\"AAAAAAAAAAAAAAAAAAAAAAAA\","
                    + "\"imei\":\"356938035643809\"}",
            "{\"alg\":\"A256GCM\",\"keyId\":\"k1\",\"nonce\":\"AAAAAAAAAAAAAAAA\"}",
            "not json"
        })
        void whenThePersonalDataIsMalformed_rejectsWithInvalidArgument(final String personalJson) {
            assertCode(ledger.reject(COLLECTOR, Map.of("personal", personalJson.getBytes(UTF_8)),
                            ctx -> devices.RegisterCollection(ctx, json(scenario.collection(D1)))),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    private static byte[] sha256Bytes(final String text) {
        return HexFormat.of().parseHex(sha256(text));
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class StorePersonalData {

        @Test
        void whenCollectedWithoutIt_writesOnlyTheCollectorsPrivateCollection() {
            scenario.collect(D1);
            final InMemoryLedger.Snapshot before = ledger.snapshot();

            final String result = ledger.submit(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1));

            final String stored = ledger.privateValue("personal_CollectorOrgMSP", D1);
            assertThat(stored).isEqualTo("{\"alg\":\"A256GCM\",\"ciphertext\":\"" + CIPHERTEXT + "\",\"deviceId\":\""
                    + D1 + "\",\"keyId\":\"k1\",\"nonce\":\"" + NONCE + "\"}");
            assertThat(result).isEqualTo("{\"collection\":\"personal_CollectorOrgMSP\",\"deviceId\":\"" + D1
                    + "\",\"personalDataHash\":\"" + HexFormat.of().formatHex(sha256Bytes(stored)) + "\"}");
            assertThat(ledger.snapshot().state()).isEqualTo(before.state());
            assertThat(ledger.last().events()).isEmpty();
        }

        @Test
        void whenStoredAtCollection_rejectsWithPersonalDataExists() {
            ledger.submit(COLLECTOR, sealed("k1"),
                    ctx -> devices.RegisterCollection(ctx, json(scenario.collection(D1))));

            assertCode(ledger.reject(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1)), LedgerError.PERSONAL_DATA_EXISTS);
        }

        @Test
        void whenStoredBefore_rejectsWithPersonalDataExists() {
            scenario.collect(D1);
            ledger.submit(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1));

            assertCode(ledger.reject(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1)), LedgerError.PERSONAL_DATA_EXISTS);
        }

        @Test
        void whenAnotherOrganisationCalls_rejectsWithNotCollectingOrg() {
            scenario.collect(D1);

            assertCode(ledger.reject(PROCESSOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1)), LedgerError.NOT_COLLECTING_ORG);
        }

        @Test
        void whenTheTransientDataIsMissing_rejectsWithInvalidArgument() {
            scenario.collect(D1);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.StorePersonalData(ctx, D1)),
                    LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheDeviceIsUnknown_rejectsWithDeviceNotFound() {
            assertCode(ledger.reject(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1)), LedgerError.DEVICE_NOT_FOUND);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class PurgePersonalData {

        private void collectWithPersonalData() {
            ledger.submit(COLLECTOR, sealed("k1"),
                    ctx -> devices.RegisterCollection(ctx, json(scenario.collection(D1))));
        }

        @Test
        void whenTheCollectorPurges_thePrivateDataIsGoneAndTheHashStays() {
            collectWithPersonalData();
            final String hash = scenario.device(D1).get("personalDataHash").textValue();

            ledger.submit(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1));

            assertThat(ledger.privateValue("personal_CollectorOrgMSP", D1)).isNull();
            assertThat(ledger.last().purges()).containsExactly("personal_CollectorOrgMSP/" + D1);
            final JsonNode device = scenario.device(D1);
            assertThat(device.get("personalDataHash").textValue()).isEqualTo(hash);
            assertThat(device.get("personalDataPurgedAt").textValue()).isEqualTo(ledger.last().timestamp().toString());
            assertThat(device.get("identifierCommitment").textValue()).isEqualTo(sha256("commitment " + D1));
            assertThat(device.get("state").textValue()).isEqualTo("COLLECTED");
            final JsonNode event = scenario.history(D1).get(1);
            assertThat(event.get("type").textValue()).isEqualTo("PERSONAL_DATA_PURGED");
            assertThat(opened(event.get("details").toString())).isEqualTo(
                    "{\"collection\":\"personal_CollectorOrgMSP\",\"personalDataHash\":\"" + hash + "\"}");
        }

        @Test
        void whenStoredLater_thePurgeRecordsFabricsHashOnTheDevice() {
            scenario.collect(D1);
            final String result = ledger.submit(COLLECTOR, sealed("k1"),
                    ctx -> devices.StorePersonalData(ctx, D1));

            ledger.submit(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1));

            assertThat(scenario.device(D1).get("personalDataHash").textValue())
                    .isEqualTo(InMemoryLedger.parse(result).get("personalDataHash").textValue());
        }

        @Test
        void whenPurgedAlready_rejectsWithPersonalDataNotFound() {
            collectWithPersonalData();
            ledger.submit(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1)),
                    LedgerError.PERSONAL_DATA_NOT_FOUND);
        }

        @Test
        void whenNoneWasStored_rejectsWithPersonalDataNotFound() {
            scenario.collect(D1);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1)),
                    LedgerError.PERSONAL_DATA_NOT_FOUND);
        }

        @Test
        void whenTheRegulatorTries_rejectsWithNotCollectingOrg() {
            collectWithPersonalData();

            assertCode(ledger.reject(REGULATOR, ctx -> devices.PurgePersonalData(ctx, D1)),
                    LedgerError.NOT_COLLECTING_ORG);
        }

        @Test
        void whenTheDeviceIsUnknown_rejectsWithDeviceNotFound() {
            assertCode(ledger.reject(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, D1)),
                    LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void whenTheDeviceIdIsMalformed_rejectsWithInvalidArgument() {
            assertCode(ledger.reject(COLLECTOR, ctx -> devices.PurgePersonalData(ctx, "x")),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class OfferHandover {

        private ChaincodeRejection offer(final String caller, final Map<String, Object> offer) {
            return new ChaincodeRejection(ledger.reject(caller, ctx -> devices.OfferHandover(ctx, json(offer))));
        }

        @Test
        void whenTheCustodianOffersABag_everyDeviceGoesInTransitAndTheHandoverIsStoredExactly() {
            scenario.collect(D1);
            scenario.collect(D2);

            final String result = ledger.submit(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D2, D1)))));

            final String txId = ledger.last().txId();
            final String at = ledger.last().timestamp().toString();
            final String expected = "{\"containerId\":\"box-h-1\",\"deviceIds\":[\"" + D2 + "\",\"" + D1 + "\"],"
                    + "\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\"h-1\",\"offerTxId\":\"" + txId + "\","
                    + "\"offeredAt\":\"" + at + "\",\"sealId\":\"seal-h-1\",\"status\":\"PENDING\","
                    + "\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"processor-plant-tj-01\",\"waybill\":\"SF1234567890\"}";
            assertThat(ledger.value(DeviceKeys.HANDOVER, "h-1")).isEqualTo(expected);
            assertThat(result).isEqualTo(expected);
            for (final String id : List.of(D1, D2)) {
                final JsonNode device = scenario.device(id);
                assertThat(device.get("state").textValue()).isEqualTo("IN_TRANSIT");
                assertThat(device.get("stateBeforeTransit").textValue()).isEqualTo("COLLECTED");
                assertThat(device.get("custodianMspId").textValue()).isEqualTo(COLLECTOR);
                assertThat(device.get("pendingHandoverId").textValue()).isEqualTo("h-1");
            }
            assertThat(keyStrings(ledger, DeviceKeys.CUSTODY))
                    .containsExactly("CollectorOrgMSP|IN_TRANSIT|" + D1, "CollectorOrgMSP|IN_TRANSIT|" + D2);
        }

        @Test
        void whenOffered_eachDeviceHistoryShowsTheAggregatedHandoverInOneChaincodeEvent() {
            scenario.collect(D1);
            scenario.collect(D2);

            ledger.submit(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1, D2)))));

            final String txId = ledger.last().txId();
            final JsonNode payload = InMemoryLedger.parse(ledger.last().eventPayload()).get("events");
            assertThat(payload).hasSize(2);
            assertThat(payload.get(0).get("eventId").textValue()).isEqualTo(txId + ":0");
            assertThat(payload.get(1).get("eventId").textValue()).isEqualTo(txId + ":1");
            final JsonNode event = scenario.history(D2).get(1);
            assertThat(event.toString()).isEqualTo(payload.get(1).toString());
            assertThat(opened(event.get("details").toString())).isEqualTo("{\"containerId\":\"box-h-1\",\"deviceCount\":2,"
                    + "\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\"h-1\",\"sealId\":\"seal-h-1\","
                    + "\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"processor-plant-tj-01\",\"waybill\":\"SF1234567890\"}");
            assertThat(event.get("previousState").textValue()).isEqualTo("COLLECTED");
            assertThat(event.get("sequence").longValue()).isEqualTo(1);
        }

        @Test
        void whenOnlyRequiredMembersAreGiven_theOptionalOnesAreLeftOut() {
            scenario.collect(D1);

            final String result = ledger.submit(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(map(
                    "handoverId", "h-1", "deviceIds", List.of(D1), "toMspId", LOGISTICS, "toSiteId", LOGISTICS_SITE))));

            assertThat(InMemoryLedger.parse(result).has("sealId")).isFalse();
            assertThat(InMemoryLedger.parse(result).has("containerId")).isFalse();
        }

        @Test
        void whenTheHandoverIdIsTaken_rejectsWithHandoverExists() {
            scenario.collect(D1);
            scenario.collect(D2);
            ledger.submit(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1)))));

            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D2)))
                    .is(LedgerError.HANDOVER_EXISTS);
        }

        @Test
        void whenTheCallerIsNotRegistered_rejectsWithNotRegistered() {
            scenario.collect(D1);

            offer(FOREIGN, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1)))
                    .is(LedgerError.NOT_REGISTERED);
        }

        @Test
        void whenTheReceiverIsNotRegistered_rejectsWithOrganisationNotFound() {
            scenario.collect(D1);

            offer(COLLECTOR, scenario.offer("h-1", FOREIGN, PROCESSOR_SITE, List.of(D1)))
                    .is(LedgerError.ORGANISATION_NOT_FOUND);
        }

        @Test
        void whenTheReceiverIsOnlyARegulator_rejectsWithRoleNotHeld() {
            scenario.collect(D1);

            offer(COLLECTOR, scenario.offer("h-1", REGULATOR, REGULATOR_SITE, List.of(D1)))
                    .is(LedgerError.ROLE_NOT_HELD);
        }

        @Test
        void whenTheReceivingSiteIsUnknown_rejectsWithSiteNotFound() {
            scenario.collect(D1);

            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, "nowhere", List.of(D1)))
                    .is(LedgerError.SITE_NOT_FOUND);
        }

        @Test
        void whenTheReceivingSiteIsNotTheReceivers_rejectsWithSiteNotOwned() {
            scenario.collect(D1);

            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, SMELTER_SITE, List.of(D1)))
                    .is(LedgerError.SITE_NOT_OWNED);
        }

        @Test
        void whenADeviceIsUnknown_rejectsWithDeviceNotFound() {
            scenario.collect(D1);

            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1, D2)))
                    .is(LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void whenTheCallerIsNotTheCustodianOfEveryDevice_rejectsWithNotCustodian() {
            scenario.collect(D1);
            scenario.driveTo(D2, DeviceState.RECEIVED);

            offer(PROCESSOR, scenario.offer("h-1", SMELTER, SMELTER_SITE, List.of(D2, D1)))
                    .is(LedgerError.NOT_CUSTODIAN);
        }

        @Test
        void whenTheCallerIsNotTheCustodian_theRejectionDoesNotNameTheCustodian() {
            scenario.collect(D1);
            scenario.driveTo(D2, DeviceState.RECEIVED);

            final ChaincodeException rejection = ledger.reject(PROCESSOR, ctx -> devices.OfferHandover(ctx,
                    json(scenario.offer("h-1", SMELTER, SMELTER_SITE, List.of(D2, D1)))));
            assertCode(rejection, LedgerError.NOT_CUSTODIAN);
            assertThat(rejection.getMessage()).doesNotContain(COLLECTOR);
        }

        @Test
        void whenADeviceIsInTransitAlready_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.IN_TRANSIT);

            offer(COLLECTOR, scenario.offer("h-9", LOGISTICS, LOGISTICS_SITE, List.of(D1)))
                    .is(LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheDeviceListIsEmptyTooLongOrRepeats_rejectsWithInvalidArgument() {
            scenario.collect(D1);
            final List<String> tooMany = new ArrayList<>();
            for (int i = 0; i < 501; i++) {
                tooMany.add(deviceId(1000 + i));
            }

            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of())).is(LedgerError.INVALID_ARGUMENT);
            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, tooMany)).is(LedgerError.INVALID_ARGUMENT);
            offer(COLLECTOR, scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1, D1)))
                    .is(LedgerError.INVALID_ARGUMENT);
            offer(COLLECTOR, withChange(scenario.offer("h 1", PROCESSOR, PROCESSOR_SITE, List.of(D1)), m -> { }))
                    .is(LedgerError.INVALID_ARGUMENT);
            offer(COLLECTOR, withChange(scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, List.of(D1)),
                    m -> m.put("waybill", "w".repeat(65)))).is(LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenFiveHundredDevicesAreOffered_allMoveInOneTransaction() {
            final List<String> bag = new ArrayList<>();
            for (int i = 0; i < DeviceContract.MAX_DEVICES_PER_OPERATION; i++) {
                bag.add(deviceId(5000 + i));
                scenario.collect(bag.get(i));
            }

            ledger.submit(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    scenario.offer("pallet-1", PROCESSOR, PROCESSOR_SITE, bag))));

            assertThat(InMemoryLedger.parse(ledger.last().eventPayload()).get("events")).hasSize(500);
            assertThat(scenario.state(bag.get(499))).isEqualTo(DeviceState.IN_TRANSIT);
        }
    }

    /** Fluent code assertion for rejections. */
    record ChaincodeRejection(org.hyperledger.fabric.shim.ChaincodeException exception) {
        void is(final LedgerError code) {
            assertCode(exception, code);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class AcceptHandover {

        /** D1 and D2 collected and offered by the collector to the processor; the handover's ID. */
        private String offeredBagOfTwo() {
            scenario.collect(D1);
            scenario.collect(D2);
            return scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1, D2);
        }

        /** The processor's acceptance with an intact seal and these devices missing, expected to be refused. */
        private ChaincodeException acceptMissing(final String handoverId, final String... missing) {
            return ledger.reject(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId,
                    json(map("sealIntact", true, "missingDeviceIds", List.of(missing)))));
        }

        @Test
        void whenTheReceiverAcceptsWithAnIntactSeal_custodyMovesAndTheDevicesAreReceived() {
            final String handoverId = offeredBagOfTwo();

            final String result = ledger.submit(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId,
                    json(map("sealIntact", true, "note", "2 phones, box intact"))));

            final JsonNode handover = InMemoryLedger.parse(result);
            assertThat(handover.get("status").textValue()).isEqualTo("ACCEPTED");
            assertThat(handover.get("sealIntact").booleanValue()).isTrue();
            assertThat(handover.get("note").textValue()).isEqualTo("2 phones, box intact");
            assertThat(handover.get("closeTxId").textValue()).isEqualTo(ledger.last().txId());
            assertThat(result).isEqualTo(ledger.value(DeviceKeys.HANDOVER, handoverId));
            for (final String id : List.of(D1, D2)) {
                final JsonNode device = scenario.device(id);
                assertThat(device.get("state").textValue()).isEqualTo("RECEIVED");
                assertThat(device.get("custodianMspId").textValue()).isEqualTo(PROCESSOR);
                assertThat(device.get("siteId").textValue()).isEqualTo(PROCESSOR_SITE);
                assertThat(device.has("pendingHandoverId")).isFalse();
                assertThat(device.has("stateBeforeTransit")).isFalse();
            }
            assertThat(keyStrings(ledger, DeviceKeys.CUSTODY))
                    .containsExactly("ProcessorOrgMSP|RECEIVED|" + D1, "ProcessorOrgMSP|RECEIVED|" + D2);
            final JsonNode event = scenario.history(D1).get(2);
            assertThat(event.get("type").textValue()).isEqualTo("HANDOVER_ACCEPTED");
            assertThat(event.get("actorMspId").textValue()).isEqualTo(PROCESSOR);
            assertThat(event.get("siteId").textValue()).isEqualTo(PROCESSOR_SITE);
            assertThat(event.get("details").has("exceptions")).isFalse();
            assertThat(handover.get("acceptedDeviceIds")).extracting(JsonNode::textValue).containsExactly(D1, D2);
            assertThat(handover.get("missingDeviceIds")).isEmpty();
        }

        @Test
        void whenSomeDevicesDidNotArrive_theyAreMissingInTheSendersCustodyAndTheOthersAreReceived() {
            scenario.collect(D1);
            scenario.collect(D2);
            scenario.collect(D3);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1, D2, D3);

            final String result = ledger.submit(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId,
                    json(map("sealIntact", true, "missingDeviceIds", List.of(D3, D2)))));

            final JsonNode handover = InMemoryLedger.parse(result);
            assertThat(handover.get("status").textValue()).isEqualTo("ACCEPTED");
            assertThat(handover.get("acceptedDeviceIds")).extracting(JsonNode::textValue).containsExactly(D1);
            assertThat(handover.get("missingDeviceIds")).extracting(JsonNode::textValue).containsExactly(D2, D3);
            assertThat(result).isEqualTo(ledger.value(DeviceKeys.HANDOVER, handoverId));
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RECEIVED);
            for (final String id : List.of(D2, D3)) {
                final JsonNode device = scenario.device(id);
                assertThat(device.get("state").textValue()).isEqualTo("MISSING");
                assertThat(device.get("custodianMspId").textValue()).as("the sender stays accountable")
                        .isEqualTo(COLLECTOR);
                assertThat(device.get("siteId").textValue()).isEqualTo(COLLECTOR_SITE);
                assertThat(device.has("pendingHandoverId")).isFalse();
                assertThat(device.has("stateBeforeTransit")).isFalse();
            }
            assertThat(keyStrings(ledger, DeviceKeys.CUSTODY)).containsExactlyInAnyOrder(
                    "ProcessorOrgMSP|RECEIVED|" + D1, "CollectorOrgMSP|MISSING|" + D2, "CollectorOrgMSP|MISSING|" + D3);
            final JsonNode event = scenario.history(D2).get(2);
            assertThat(event.get("type").textValue()).isEqualTo("DEVICE_MISSING");
            assertThat(event.get("actorMspId").textValue()).isEqualTo(PROCESSOR);
            assertThat(event.get("custodianMspId").textValue()).isEqualTo(COLLECTOR);
            assertThat(event.get("previousState").textValue()).isEqualTo("IN_TRANSIT");
            assertThat(event.get("state").textValue()).isEqualTo("MISSING");
            assertThat(opened(event.get("details").toString())).isEqualTo("{\"containerId\":\"box-" + handoverId
                    + "\",\"exceptions\":[\"DEVICE_MISSING\"],\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\""
                    + handoverId + "\",\"offeredInState\":\"COLLECTED\",\"sealId\":\"seal-" + handoverId
                    + "\",\"sealIntact\":true,\"toMspId\":\"ProcessorOrgMSP\",\"toSiteId\":\"processor-plant-tj-01\"}");
            assertThat(scenario.history(D1).get(2).get("type").textValue()).isEqualTo("HANDOVER_ACCEPTED");
        }

        @Test
        void whenAMissingDeviceCameWithABrokenSeal_itsEventCarriesTheSealsExceptionsToo() {
            final String handoverId = offeredBagOfTwo();

            ledger.submit(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId,
                    json(map("sealIntact", false, "missingDeviceIds", List.of(D2)))));

            assertThat(scenario.history(D2).get(2).get("details").get("exceptions"))
                    .extracting(JsonNode::textValue)
                    .containsExactly("DEVICE_MISSING", "SEAL_BROKEN", "SEAL_BROKEN_BEFORE_ERASURE");
            assertThat(scenario.history(D1).get(2).get("details").get("exceptions"))
                    .extracting(JsonNode::textValue)
                    .containsExactly("SEAL_BROKEN", "SEAL_BROKEN_BEFORE_ERASURE");
        }

        @Test
        void whenADeviceIsMissing_nothingMovesItAgain() {
            final String handoverId = offeredBagOfTwo();
            ledger.submit(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId,
                    json(map("sealIntact", true, "missingDeviceIds", List.of(D2)))));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    map("handoverId", "h-again", "deviceIds", List.of(D2), "toMspId", PROCESSOR,
                            "toSiteId", PROCESSOR_SITE)))), LedgerError.ILLEGAL_TRANSITION);
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.OfferHandover(ctx, json(
                    map("handoverId", "h-again", "deviceIds", List.of(D2), "toMspId", COLLECTOR,
                            "toSiteId", COLLECTOR_SITE)))), LedgerError.NOT_CUSTODIAN);
        }

        @Test
        void whenAMissingDeviceIsListedTwice_rejectsWithMissingDeviceListedTwiceAndChangesNothing() {
            final String handoverId = offeredBagOfTwo();

            assertCode(acceptMissing(handoverId, D2, D2), LedgerError.MISSING_DEVICE_LISTED_TWICE);
            assertThat(scenario.state(D2)).isEqualTo(DeviceState.IN_TRANSIT);
        }

        @Test
        void whenAMissingDeviceIsNotInTheHandover_rejectsWithMissingDeviceNotInHandover() {
            scenario.collect(D1);
            scenario.collect(D2);
            scenario.collect(D3);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1, D2);
            scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D3);

            for (final String notInIt : List.of(D3, deviceId(99))) {
                assertCode(acceptMissing(handoverId, D2, notInIt), LedgerError.MISSING_DEVICE_NOT_IN_HANDOVER);
            }
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.IN_TRANSIT);
            assertThat(scenario.state(D2)).isEqualTo(DeviceState.IN_TRANSIT);
        }

        @Test
        void whenEveryDeviceIsListedMissing_rejectsWithMissingEveryDevice_forAcceptingNoneIsARejection() {
            final String handoverId = offeredBagOfTwo();

            assertCode(acceptMissing(handoverId, D2, D1), LedgerError.MISSING_EVERY_DEVICE);
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.IN_TRANSIT);
        }

        @Test
        void whenSomeoneOtherThanTheReceiverListsMissingDevices_rejectsWithNotReceiverFirst() {
            final String handoverId = offeredBagOfTwo();

            for (final String caller : List.of(COLLECTOR, FOREIGN)) {
                final ChaincodeException rejection = ledger.reject(caller, ctx -> devices.AcceptHandover(ctx,
                        handoverId, json(map("sealIntact", true, "missingDeviceIds", List.of(D1, D2)))));
                assertCode(rejection, LedgerError.NOT_RECEIVER);
                assertThat(rejection.getMessage()).as("names no device of the handover").doesNotContain(D1);
            }
        }

        @Test
        void whenTheSealIsBroken_theHandoverIsAcceptedWithASealBrokenException() {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            ledger.submit(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId, json(map("sealIntact", false))));

            // Not wiped yet: a possible access to user data as well as a custody exception.
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RECEIVED);
            assertThat(opened(scenario.history(D1).get(2).get("details").toString())).isEqualTo("{\"containerId\":\"box-"
                    + handoverId + "\",\"exceptions\":[\"SEAL_BROKEN\",\"SEAL_BROKEN_BEFORE_ERASURE\"],"
                    + "\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\""
                    + handoverId + "\",\"sealId\":\"seal-" + handoverId + "\",\"sealIntact\":false,"
                    + "\"toMspId\":\"ProcessorOrgMSP\"}");
        }

        @Test
        void whenAProcessedDeviceChangesHands_itKeepsItsProcessingState() {
            scenario.driveTo(D1, DeviceState.WIPED);

            scenario.handOver(PROCESSOR, PROCESSOR_2, PROCESSOR_2_SITE, D1);

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPED);
            assertThat(scenario.device(D1).get("custodianMspId").textValue()).isEqualTo(PROCESSOR_2);
        }

        @Test
        void whenTheHandoverIsUnknown_rejectsWithHandoverNotFound() {
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.AcceptHandover(ctx, "h-none", json(map("sealIntact", true)))),
                    LedgerError.HANDOVER_NOT_FOUND);
        }

        @Test
        void whenSomeoneOtherThanTheReceiverAccepts_rejectsWithNotReceiver() {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            for (final String caller : List.of(COLLECTOR, SMELTER, REGULATOR, FOREIGN)) {
                final ChaincodeException rejection = ledger.reject(caller, ctx -> devices.AcceptHandover(ctx,
                        handoverId, json(map("sealIntact", true))));
                assertCode(rejection, LedgerError.NOT_RECEIVER);
                assertThat(rejection.getMessage()).as("names no addressee").doesNotContain(PROCESSOR);
            }
        }

        @Test
        void whenAcceptedOrRejectedAlready_rejectsWithHandoverClosed() {
            scenario.collect(D1);
            scenario.collect(D2);
            final String accepted = scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);
            final String rejected = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D2);
            ledger.submit(PROCESSOR, ctx -> devices.RejectHandover(ctx, rejected, "wrong address"));

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.AcceptHandover(ctx, accepted, json(map("sealIntact", true)))),
                    LedgerError.HANDOVER_CLOSED);
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.AcceptHandover(ctx, rejected, json(map("sealIntact", true)))),
                    LedgerError.HANDOVER_CLOSED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"sealIntact\":\"yes\"}", "{\"sealIntact\":true,\"note\":\"\"}",
            "{\"sealIntact\":true,\"signature\":\"x\"}", "x", "{\"sealIntact\":true,\"missingDeviceIds\":\"d\"}",
            "{\"sealIntact\":true,\"missingDeviceIds\":[\"not a device\"]}",
            "{\"sealIntact\":true,\"missingDeviceIds\":[7]}"})
        void whenTheAcceptanceIsMalformed_rejectsWithInvalidArgument(final String acceptJson) {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.AcceptHandover(ctx, handoverId, acceptJson)),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RejectHandover {

        @Test
        void whenTheReceiverRejects_theDevicesReturnToTheirPreviousStateWithTheOfferer() {
            scenario.collect(D1);
            scenario.driveTo(D2, DeviceState.STORAGE_DESTROYED);
            final String fromCollector = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);
            final String fromProcessor = scenario.offerTo(PROCESSOR, SMELTER, SMELTER_SITE, D2);

            ledger.submit(PROCESSOR, ctx -> devices.RejectHandover(ctx, fromCollector, "not expected"));
            final String result = ledger.submit(SMELTER, ctx -> devices.RejectHandover(ctx, fromProcessor, "no paperwork"));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.COLLECTED);
            assertThat(scenario.device(D1).get("custodianMspId").textValue()).isEqualTo(COLLECTOR);
            assertThat(scenario.device(D1).get("siteId").textValue()).isEqualTo(COLLECTOR_SITE);
            assertThat(scenario.state(D2)).isEqualTo(DeviceState.STORAGE_DESTROYED);
            assertThat(scenario.device(D2).get("custodianMspId").textValue()).isEqualTo(PROCESSOR);
            assertThat(InMemoryLedger.parse(result).get("status").textValue()).isEqualTo("REJECTED");
            assertThat(InMemoryLedger.parse(result).get("rejectionReason").textValue()).isEqualTo("no paperwork");
            final JsonNode last = scenario.history(D2).get(scenario.history(D2).size() - 1);
            assertThat(last.get("type").textValue()).isEqualTo("HANDOVER_REJECTED");
            assertThat(last.get("previousState").textValue()).isEqualTo("IN_TRANSIT");
            assertThat(last.get("state").textValue()).isEqualTo("STORAGE_DESTROYED");
            assertThat(last.get("details").get("reason").get("text").textValue()).isEqualTo("no paperwork");
        }

        @Test
        void whenTheOffererTriesToReject_rejectsWithNotReceiver() {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.RejectHandover(ctx, handoverId, "changed my mind")),
                    LedgerError.NOT_RECEIVER);
        }

        @Test
        void whenClosed_rejectsWithHandoverClosed() {
            scenario.collect(D1);
            final String handoverId = scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RejectHandover(ctx, handoverId, "late")),
                    LedgerError.HANDOVER_CLOSED);
        }

        @Test
        void whenUnknown_rejectsWithHandoverNotFound() {
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RejectHandover(ctx, "h-none", "why")),
                    LedgerError.HANDOVER_NOT_FOUND);
        }

        @Test
        void whenTheReasonIsMissing_rejectsWithInvalidArgument() {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RejectHandover(ctx, handoverId, "")),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class GetHandover {

        @Test
        void whenItExists_returnsTheStoredHandover() {
            scenario.collect(D1);
            final String handoverId = scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertThat(ledger.evaluate(REGULATOR, ctx -> devices.GetHandover(ctx, handoverId)))
                    .isEqualTo(ledger.value(DeviceKeys.HANDOVER, handoverId));
        }

        @Test
        void whenUnknown_rejectsWithHandoverNotFound() {
            assertCode(ledger.reject(REGULATOR, ctx -> devices.GetHandover(ctx, "h-none")),
                    LedgerError.HANDOVER_NOT_FOUND);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RecordErasure {

        private Map<String, Object> erasure(final String deviceId) {
            return scenario.erasure(deviceId, "report-" + deviceId);
        }

        private void reject(final String caller, final Map<String, Object> erasure, final LedgerError code) {
            final String signed = Scenario.signed(erasure, Alliance.P256_KEY);
            assertCode(ledger.reject(caller, ctx -> devices.RecordErasure(ctx, signed)), code);
        }

        @Test
        void whenASignedReportIsRecorded_theDeviceIsWipedAndTheFullRecordIsInItsHistory() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            final Map<String, Object> erasure = erasure(D1);
            final String signed = Scenario.signed(erasure, Alliance.P256_KEY);

            final String result = ledger.submit(PROCESSOR, ctx -> devices.RecordErasure(ctx, signed));

            final String txId = ledger.last().txId();
            final JsonNode device = InMemoryLedger.parse(result);
            assertThat(device.get("state").textValue()).isEqualTo("WIPED");
            assertThat(device.get("erasure").toString()).isEqualTo("{\"eventId\":\"" + txId + ":0\","
                    + "\"method\":\"BLOCK_ERASE\",\"recordedAt\":\"" + ledger.last().timestamp() + "\",\"reportId\":\"report-"
                    + D1 + "\",\"result\":\"ERASED\",\"stationId\":\"station-p256-01\",\"verificationMode\":\"FULL\"}");
            assertThat(result).isEqualTo(ledger.value(DeviceKeys.DEVICE, D1));
            final JsonNode event = scenario.history(D1).get(3);
            assertThat(event.get("type").textValue()).isEqualTo("ERASURE_RECORDED");
            assertThat(event.get("details").get("erasure")).isEqualTo(InMemoryLedger.parse(signed));
            assertThat(event.get("details").get("stationAlgorithm").textValue()).isEqualTo("ECDSA_P256");
            assertThat(ledger.value(DeviceKeys.REPORT, "report-" + D1))
                    .isEqualTo("{\"deviceId\":\"" + D1 + "\",\"eventId\":\"" + txId + ":0\"}");
        }

        @Test
        void whenTheStoredRecordIsCanonicalised_itGivesBackTheSignedBytes() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            final Map<String, Object> erasure = erasure(D1);
            final String signed = Scenario.signed(erasure, Alliance.P256_KEY);
            ledger.submit(PROCESSOR, ctx -> devices.RecordErasure(ctx, signed));

            final JsonNode stored = scenario.history(D1).get(3).get("details").get("erasure");

            assertThat(ErasurePayload.canonicalBytes(stored.toString())).isEqualTo(ErasurePayload.canonicalBytes(signed));
        }

        @Test
        void whenTheResultIsNotErased_theDeviceTakesThePhysicalDestructionPath() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            scenario.erase(D1, "NOT_ERASED", "FULL");

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPE_FAILED);
        }

        @Test
        void whenTheDeviceIsLocked_itIsWipeFailedEvenIfErasedAndTheEventSaysWhy() {
            final Map<String, Object> collection = scenario.collection(D1);
            collection.put("locked", true);
            scenario.collect(collection);
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            scenario.erase(D1, "ERASED", "FULL");

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPE_FAILED);
            assertThat(scenario.history(D1).get(3).get("details").get("exceptions").toString())
                    .isEqualTo("[\"DEVICE_LOCKED\"]");
        }

        @Test
        void whenTheCallerIsNotRegistered_rejectsWithNotRegistered() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(FOREIGN, erasure(D1), LedgerError.NOT_REGISTERED);
        }

        @Test
        void whenTheCallerIsNotAProcessor_rejectsWithRoleNotHeld() {
            scenario.collect(D1);

            reject(COLLECTOR, erasure(D1), LedgerError.ROLE_NOT_HELD);
        }

        @Test
        void whenTheDeviceIsUnknown_rejectsWithDeviceNotFound() {
            reject(PROCESSOR, erasure(D1), LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void whenAnotherProcessorHoldsTheDevice_rejectsWithNotCustodian() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR_2, withChange(erasure(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.NOT_CUSTODIAN);
        }

        @Test
        void whenTheDeviceWasWipedAlready_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(PROCESSOR, scenario.erasure(D1, "report-again"), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheSiteIsUnknownOrAnotherOrganisations_rejectsWithSiteNotFoundOrSiteNotOwned() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, withChange(erasure(D1), m -> m.put("siteId", "nowhere")), LedgerError.SITE_NOT_FOUND);
            reject(PROCESSOR, withChange(erasure(D1), m -> m.put("siteId", SMELTER_SITE)), LedgerError.SITE_NOT_OWNED);
        }

        @Test
        void whenTheStationIsUnknown_rejectsWithStationNotFound() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, withChange(erasure(D1), m -> m.put("stationId", "station-ghost")),
                    LedgerError.STATION_NOT_FOUND);
        }

        @Test
        void whenTheStationBelongsToAnotherOrganisation_rejectsWithStationNotOwned() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.handOver(PROCESSOR, PROCESSOR_2, PROCESSOR_2_SITE, D1);

            reject(PROCESSOR_2, withChange(erasure(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.STATION_NOT_OWNED);
        }

        @Test
        void whenTheReportWasRecordedForAnotherDevice_rejectsWithReportExists() {
            scenario.driveTo(D1, DeviceState.WIPED);
            scenario.driveTo(D2, DeviceState.RECEIVED);

            reject(PROCESSOR, scenario.erasure(D2, "report-1"), LedgerError.REPORT_EXISTS);
        }

        @Test
        void whenTheConsentReferenceDiffers_rejectsWithConsentMismatch() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, withChange(erasure(D1), m -> m.put("consentReference", "consent-someone-else")),
                    LedgerError.CONSENT_MISMATCH);
        }

        @ParameterizedTest
        @ValueSource(strings = {"method=SHRED", "result=WIPED", "resultReason=@absent-with-NOT_ERASED",
            "startedAt=yesterday", "endedAt=2026-03-02T06:00:00Z", "endedAt=2026-03-03T00:00:00Z",
            "reportSha256=abc", "reportSm3=XYZ", "verification=@absent", "verification=@sampled-without-by",
            "operator=@absent", "signature=not*base64", "extra=1"})
        void whenTheRecordIsMalformed_rejectsWithInvalidArgument(final String change) {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            final Map<String, Object> erasure = erasure(D1);
            final String name = change.substring(0, change.indexOf('='));
            final String value = change.substring(change.indexOf('=') + 1);
            switch (value) {
                case "@absent" -> erasure.remove(name);
                case "@absent-with-NOT_ERASED" -> erasure.put("result", "NOT_ERASED");
                case "@sampled-without-by" -> erasure.put(name, map("mode", "SAMPLED"));
                default -> erasure.put(name, value);
            }
            final String submitted = "signature".equals(name) ? json(erasure) : Scenario.signed(erasure, Alliance.P256_KEY);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RecordErasure(ctx, submitted)), LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RecordDismantling {

        private Map<String, Object> dismantling(final String deviceId) {
            return map("deviceId", deviceId, "storageComponentCommitment", sha256("chip"), "siteId", PROCESSOR_SITE);
        }

        private void reject(final String caller, final Map<String, Object> dismantling, final LedgerError code) {
            assertCode(ledger.reject(caller, ctx -> devices.RecordDismantling(ctx, json(dismantling))), code);
        }

        @Test
        void whenWipedOrWipeFailed_theDeviceIsDismantledWithItsStorageCommitment() {
            scenario.driveTo(D1, DeviceState.WIPED);
            scenario.driveTo(D2, DeviceState.WIPE_FAILED);

            ledger.submit(PROCESSOR, ctx -> devices.RecordDismantling(ctx, json(dismantling(D1))));
            ledger.submit(PROCESSOR, ctx -> devices.RecordDismantling(ctx, json(dismantling(D2))));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.DISMANTLED);
            assertThat(scenario.state(D2)).isEqualTo(DeviceState.DISMANTLED);
            assertThat(scenario.device(D2).get("storageComponentCommitment").textValue()).isEqualTo(sha256("chip"));
            assertThat(opened(scenario.history(D2).get(4).get("details").toString()))
                    .isEqualTo("{\"storageComponentCommitment\":\"" + sha256("chip") + "\"}");
        }

        @Test
        void whenNotYetErased_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, dismantling(D1), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(FOREIGN, dismantling(D1), LedgerError.NOT_REGISTERED);
            reject(SMELTER, withChange(dismantling(D1), m -> m.put("siteId", SMELTER_SITE)), LedgerError.ROLE_NOT_HELD);
            reject(PROCESSOR_2, withChange(dismantling(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.NOT_CUSTODIAN);
            reject(PROCESSOR, dismantling(D2), LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void whenTheSiteIsWrong_rejectsWithSiteNotFoundOrSiteNotOwned() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(PROCESSOR, withChange(dismantling(D1), m -> m.put("siteId", "nowhere")), LedgerError.SITE_NOT_FOUND);
            reject(PROCESSOR, withChange(dismantling(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.SITE_NOT_OWNED);
        }

        @Test
        void whenTheCommitmentIsNotAHash_rejectsWithInvalidArgument() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(PROCESSOR, withChange(dismantling(D1), m -> m.put("storageComponentCommitment", "chip-1")),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RecordStorageDestruction {

        private Map<String, Object> destruction(final String deviceId, final String siteId) {
            return map("deviceId", deviceId, "method", "CRUSH", "siteId", siteId, "evidenceSha256", sha256("video"));
        }

        private void reject(final String caller, final Map<String, Object> destruction, final LedgerError code) {
            assertCode(ledger.reject(caller, ctx -> devices.RecordStorageDestruction(ctx, json(destruction))), code);
        }

        @Test
        void whenDismantled_theStorageIsRecordedDestroyedWithMethodAndEvidence() {
            scenario.driveTo(D1, DeviceState.DISMANTLED);

            ledger.submit(PROCESSOR, ctx -> devices.RecordStorageDestruction(ctx, json(destruction(D1, PROCESSOR_SITE))));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.STORAGE_DESTROYED);
            assertThat(opened(scenario.history(D1).get(5).get("details").toString()))
                    .isEqualTo("{\"evidenceSha256\":\"" + sha256("video") + "\",\"method\":\"CRUSH\"}");
        }

        @Test
        void whenASmelterHoldsTheDismantledDevice_itMayDestroyTheStorage() {
            scenario.driveTo(D1, DeviceState.DISMANTLED);
            scenario.handOver(PROCESSOR, SMELTER, SMELTER_SITE, D1);

            ledger.submit(SMELTER, ctx -> devices.RecordStorageDestruction(ctx, json(destruction(D1, SMELTER_SITE))));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.STORAGE_DESTROYED);
        }

        @Test
        void whenNotDismantled_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(PROCESSOR, destruction(D1, PROCESSOR_SITE), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            scenario.driveTo(D1, DeviceState.DISMANTLED);

            reject(FOREIGN, destruction(D1, PROCESSOR_SITE), LedgerError.NOT_REGISTERED);
            reject(COLLECTOR, destruction(D1, COLLECTOR_SITE), LedgerError.ROLE_NOT_HELD);
            reject(SMELTER, destruction(D1, SMELTER_SITE), LedgerError.NOT_CUSTODIAN);
            reject(PROCESSOR, destruction(D2, PROCESSOR_SITE), LedgerError.DEVICE_NOT_FOUND);
            reject(PROCESSOR, destruction(D1, "nowhere"), LedgerError.SITE_NOT_FOUND);
            reject(PROCESSOR, destruction(D1, SMELTER_SITE), LedgerError.SITE_NOT_OWNED);
        }

        @Test
        void whenTheMethodIsUnknown_rejectsWithInvalidArgument() {
            scenario.driveTo(D1, DeviceState.DISMANTLED);

            reject(PROCESSOR, withChange(destruction(D1, PROCESSOR_SITE), m -> m.put("method", "BURN")),
                    LedgerError.INVALID_ARGUMENT);
            reject(PROCESSOR, withChange(destruction(D1, PROCESSOR_SITE), m -> m.remove("evidenceSha256")),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RecordSmeltingLot {

        private void twoDestroyedAtTheSmelter() {
            scenario.driveTo(D1, DeviceState.STORAGE_DESTROYED);
            scenario.driveTo(D2, DeviceState.STORAGE_DESTROYED);
            scenario.handOver(PROCESSOR, SMELTER, SMELTER_SITE, D1, D2);
        }

        private void reject(final String caller, final Map<String, Object> lot, final LedgerError code) {
            assertCode(ledger.reject(caller, ctx -> devices.RecordSmeltingLot(ctx, json(lot))), code);
        }

        @Test
        void whenEveryDeviceIsStorageDestroyedInTheSmeltersCustody_theLotClosesAndTheyAreSmelted() {
            twoDestroyedAtTheSmelter();

            final String result = scenario.smelt("lot-2026-001", D2, D1);

            final String expected = "{\"closedAt\":\"" + ledger.last().timestamp() + "\",\"deviceIds\":[\"" + D2 + "\",\""
                    + D1 + "\"],\"inputCount\":2,\"inputWeightGrams\":360,\"lotId\":\"lot-2026-001\","
                    + "\"outputWeightGrams\":40,\"siteId\":\"smelter-works-hb-01\",\"smelterMspId\":\"SmelterOrgMSP\","
                    + "\"txId\":\"" + ledger.last().txId() + "\"}";
            assertThat(ledger.value(DeviceKeys.LOT, "lot-2026-001")).isEqualTo(expected);
            assertThat(result).isEqualTo(expected);
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.SMELTED);
            assertThat(scenario.device(D1).get("lotId").textValue()).isEqualTo("lot-2026-001");
            assertThat(InMemoryLedger.parse(ledger.last().eventPayload()).get("events")).hasSize(2);
            assertThat(keyStrings(ledger, DeviceKeys.CUSTODY))
                    .containsExactly("SmelterOrgMSP|SMELTED|" + D1, "SmelterOrgMSP|SMELTED|" + D2);
        }

        @Test
        void whenTheLotWasClosed_rejectsWithLotClosed() {
            twoDestroyedAtTheSmelter();
            scenario.smelt("lot-1", D1);

            reject(SMELTER, scenario.lot("lot-1", D2), LedgerError.LOT_CLOSED);
        }

        @Test
        void whenTheCountDiffers_rejectsWithCountMismatch() {
            twoDestroyedAtTheSmelter();

            reject(SMELTER, withChange(scenario.lot("lot-1", D1, D2), m -> m.put("inputCount", 3)),
                    LedgerError.COUNT_MISMATCH);
        }

        @Test
        void whenMoreComesOutThanWentIn_rejectsWithWeightMismatch() {
            twoDestroyedAtTheSmelter();

            reject(SMELTER, withChange(scenario.lot("lot-1", D1, D2), m -> m.put("outputWeightGrams", 361)),
                    LedgerError.WEIGHT_MISMATCH);
        }

        @Test
        void whenOneDeviceIsNotStorageDestroyed_rejectsWithIllegalTransitionAndSmeltsNone() {
            twoDestroyedAtTheSmelter();
            scenario.driveTo(D3, DeviceState.DISMANTLED);
            scenario.handOver(PROCESSOR, SMELTER, SMELTER_SITE, D3);

            reject(SMELTER, scenario.lot("lot-1", D1, D2, D3), LedgerError.ILLEGAL_TRANSITION);
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.STORAGE_DESTROYED);
        }

        @Test
        void whenOneDeviceIsInAnotherCustody_rejectsWithNotCustodian() {
            twoDestroyedAtTheSmelter();
            scenario.driveTo(D3, DeviceState.STORAGE_DESTROYED);

            reject(SMELTER, scenario.lot("lot-1", D1, D3), LedgerError.NOT_CUSTODIAN);
        }

        @Test
        void whenTheCallerIsNoSmelterOrTheSiteOrDeviceIsWrong_rejectsWithTheMatchingCode() {
            twoDestroyedAtTheSmelter();

            reject(FOREIGN, scenario.lot("lot-1", D1), LedgerError.NOT_REGISTERED);
            reject(PROCESSOR, withChange(scenario.lot("lot-1", D1), m -> m.put("siteId", PROCESSOR_SITE)),
                    LedgerError.ROLE_NOT_HELD);
            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("siteId", "nowhere")),
                    LedgerError.SITE_NOT_FOUND);
            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("siteId", PROCESSOR_SITE)),
                    LedgerError.SITE_NOT_OWNED);
            reject(SMELTER, scenario.lot("lot-1", D1, D3), LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void whenMembersAreMalformed_rejectsWithInvalidArgument() {
            twoDestroyedAtTheSmelter();

            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("inputWeightGrams", 0)),
                    LedgerError.INVALID_ARGUMENT);
            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("outputWeightGrams", -1)),
                    LedgerError.INVALID_ARGUMENT);
            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("inputWeightGrams", 180.5)),
                    LedgerError.INVALID_ARGUMENT);
            reject(SMELTER, withChange(scenario.lot("lot-1", D1), m -> m.put("deviceIds", List.of(D1, D1))),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class GetLot {

        @Test
        void whenClosed_returnsTheLot() {
            scenario.driveTo(D1, DeviceState.SMELTED);

            assertThat(ledger.evaluate(REGULATOR, ctx -> devices.GetLot(ctx, "lot-" + D1)))
                    .isEqualTo(ledger.value(DeviceKeys.LOT, "lot-" + D1));
        }

        @Test
        void whenUnknown_rejectsWithLotNotFound() {
            assertCode(ledger.reject(REGULATOR, ctx -> devices.GetLot(ctx, "lot-none")), LedgerError.LOT_NOT_FOUND);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class RecordRefurbishment {

        private Map<String, Object> refurbishment(final String deviceId) {
            return map("deviceId", deviceId, "siteId", PROCESSOR_SITE, "channel", "RESALE");
        }

        private void reject(final String caller, final Map<String, Object> refurbishment, final LedgerError code) {
            assertCode(ledger.reject(caller, ctx -> devices.RecordRefurbishment(ctx, json(refurbishment))), code);
        }

        private void wipedWith(final String deviceId, final String result, final String mode) {
            scenario.driveTo(deviceId, DeviceState.RECEIVED);
            scenario.erase(deviceId, result, mode);
        }

        @Test
        void whenTheErasureWasErasedAndFullyVerified_theDeviceIsRefurbished() {
            wipedWith(D1, "ERASED", "FULL");

            scenario.refurbish(D1);

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.REFURBISHED);
            assertThat(opened(scenario.history(D1).get(4).get("details").toString()))
                    .isEqualTo("{\"channel\":\"RESALE\",\"reportId\":\"report-1\"}");
        }

        @Test
        void whenTheVerificationWasOnlySampled_rejectsWithErasureNotVerified() {
            wipedWith(D1, "ERASED", "SAMPLED");

            reject(PROCESSOR, refurbishment(D1), LedgerError.ERASURE_NOT_VERIFIED);
        }

        @Test
        void whenTheErasureHadExceptions_rejectsWithErasureNotVerified() {
            wipedWith(D1, "ERASED_WITH_EXCEPTIONS", "FULL");

            reject(PROCESSOR, refurbishment(D1), LedgerError.ERASURE_NOT_VERIFIED);
        }

        @Test
        void whenTheWipeFailed_rejectsWithIllegalTransition() {
            wipedWith(D1, "NOT_ERASED", "FULL");

            reject(PROCESSOR, refurbishment(D1), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenNeverErased_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, refurbishment(D1), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            wipedWith(D1, "ERASED", "FULL");

            reject(FOREIGN, refurbishment(D1), LedgerError.NOT_REGISTERED);
            reject(COLLECTOR, withChange(refurbishment(D1), m -> m.put("siteId", COLLECTOR_SITE)),
                    LedgerError.ROLE_NOT_HELD);
            reject(PROCESSOR_2, withChange(refurbishment(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.NOT_CUSTODIAN);
            reject(PROCESSOR, refurbishment(D2), LedgerError.DEVICE_NOT_FOUND);
            reject(PROCESSOR, withChange(refurbishment(D1), m -> m.put("siteId", "nowhere")), LedgerError.SITE_NOT_FOUND);
            reject(PROCESSOR, withChange(refurbishment(D1), m -> m.put("siteId", SMELTER_SITE)),
                    LedgerError.SITE_NOT_OWNED);
            reject(PROCESSOR, withChange(refurbishment(D1), m -> m.remove("channel")), LedgerError.INVALID_ARGUMENT);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class ProductTypes {

        @Test
        void whenNamed_isStoredOnTheDeviceAndItsCollectedEvent() {
            scenario.collect(withChange(scenario.collection(D1), m -> m.put("productType", "LAPTOP")));

            assertThat(scenario.device(D1).get("productType").textValue()).isEqualTo("LAPTOP");
            assertThat(scenario.history(D1).get(0).get("details").get("productType").textValue()).isEqualTo("LAPTOP");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PHONE", "TABLET", "LAPTOP", "DESKTOP", "WEARABLE", "OFFICE_EQUIPMENT", "OTHER"})
        void whenAnyTypeOfTheStandardIsNamed_itIsAccepted(final String type) {
            scenario.collect(withChange(scenario.collection(D1), m -> m.put("productType", type)));

            assertThat(scenario.device(D1).get("productType").textValue()).isEqualTo(type);
        }

        @Test
        void whenUnknownOrNotText_rejectsWithInvalidArgument() {
            for (final Object bad : List.of("TOASTER", "phone", 1, true)) {
                assertCode(ledger.reject(COLLECTOR, ctx -> devices.RegisterCollection(ctx,
                        json(withChange(scenario.collection(D1), m -> m.put("productType", bad))))),
                        LedgerError.INVALID_ARGUMENT);
            }
            assertThat(scenario.device(D1)).isNull();
        }

        @Test
        void whenARecordWrittenBeforeProductTypesIsRead_itIsAPhone() {
            scenario.collect(D1);
            final ObjectNode old = (ObjectNode) scenario.device(D1);
            old.remove("productType");

            final Device read = io.wipetrace.chaincode.LedgerJson.read(old.toString().getBytes(UTF_8), Device.class);

            assertThat(read.productType()).isEqualTo(ProductType.PHONE);
        }
    }

    @Nested
    class ConsentRule {

        private Map<String, Object> withoutConsent(final String deviceId) {
            return withChange(scenario.collection(deviceId), m -> m.remove("consent"));
        }

        @Test
        void whenACollectionCarriesNoConsent_itIsRecordedWithoutOne() {
            scenario.collect(withoutConsent(D1));

            assertThat(scenario.device(D1).has("consent")).isFalse();
            assertThat(scenario.history(D1).get(0).get("details").has("consent")).isFalse();
        }

        @Test
        void whenTheDeviceHasNoConsent_anErasureIsRefusedWithConsentMissingAndNothingIsWritten() {
            scenario.collect(withoutConsent(D1));
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);
            final InMemoryLedger.Snapshot before = ledger.snapshot();

            final Map<String, Object> erasure = scenario.erasure(D1, "report-x");
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RecordErasure(ctx,
                    Scenario.signed(erasure, scenario.stationKey))), LedgerError.CONSENT_MISSING);
            assertThat(ledger.snapshot()).isEqualTo(before);
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RECEIVED);
        }

        @Test
        void whenTheDeviceHasNoConsent_resaleAndExportAreRefusedWithConsentMissing() {
            scenario.collect(withoutConsent(D1));
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RecordResale(ctx, json(map("deviceId", D1,
                    "siteId", PROCESSOR_SITE, "channel", "ONLINE")))), LedgerError.CONSENT_MISSING);
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.RecordExport(ctx, json(map("deviceId", D1,
                    "siteId", PROCESSOR_SITE, "destinationCountry", "VN")))), LedgerError.CONSENT_MISSING);
        }

        @Test
        void whenAWipedDeviceArrivesWithABrokenSeal_itIsOnlyACustodyException() {
            scenario.driveTo(D1, DeviceState.WIPED);
            final String handoverId = scenario.offerTo(PROCESSOR, PROCESSOR_2, PROCESSOR_2_SITE, D1);

            ledger.submit(PROCESSOR_2, ctx -> devices.AcceptHandover(ctx, handoverId, json(map("sealIntact", false))));

            assertThat(scenario.history(D1).get(5).get("details").get("exceptions").toString())
                    .isEqualTo("[\"SEAL_BROKEN\"]");
        }
    }

    @Nested
    class RecordResale {

        private Map<String, Object> resale(final String deviceId) {
            return map("deviceId", deviceId, "siteId", PROCESSOR_SITE, "channel", "ONLINE");
        }

        private void reject(final String caller, final Map<String, Object> resale, final LedgerError code) {
            final InMemoryLedger.Snapshot before = ledger.snapshot();
            assertCode(ledger.reject(caller, ctx -> devices.RecordResale(ctx, json(resale))), code);
            assertThat(ledger.snapshot()).isEqualTo(before);
        }

        private void refurbishedAfter(final String deviceId, final String method) {
            scenario.driveTo(deviceId, DeviceState.RECEIVED);
            scenario.erase(deviceId, "ERASED", "FULL", method);
            scenario.refurbish(deviceId);
        }

        @ParameterizedTest
        @ValueSource(strings = {"BLOCK_ERASE", "OVERWRITE", "CLEAR"})
        void whenRefurbishedAfterAVerifiedErasureByAnAcceptedMethod_theDeviceIsResoldNamingThatErasure(
                final String method) {
            refurbishedAfter(D1, method);
            final JsonNode erasureEvent = scenario.history(D1).get(3);

            scenario.resell(D1);

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RESOLD);
            final JsonNode event = scenario.history(D1).get(5);
            assertThat(event.get("type").textValue()).isEqualTo("RESOLD");
            assertThat(event.get("previousEventHash").textValue())
                    .isEqualTo(io.wipetrace.proof.PublicForm.eventHash(scenario.history(D1).get(4)));
            assertThat(opened(event.get("details").toString())).isEqualTo("{\"basis\":\"VERIFIED_ERASURE\",\"channel\":\"ONLINE\","
                    + "\"erasureEventId\":\"" + erasureEvent.get("eventId").textValue() + "\",\"method\":\"" + method
                    + "\",\"reportId\":\"report-1\"}");
            assertThat(ledger.last().eventPayload()).isEqualTo("{\"events\":[" + event + "]}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"PURGE", "DESTRUCT"})
        void whenTheErasureMethodIsNotOneTheStandardAccepts_rejectsWithErasureMethodNotAccepted(final String method) {
            refurbishedAfter(D1, method);

            reject(PROCESSOR, resale(D1), LedgerError.ERASURE_METHOD_NOT_ACCEPTED);
        }

        @Test
        void whenNeverErased_rejectsWithResaleNotErased() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            reject(PROCESSOR, resale(D1), LedgerError.RESALE_NOT_ERASED);
        }

        @Test
        void whenTheErasureFailedOrHadExceptions_rejectsWithResaleNotErased() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.erase(D1, "NOT_ERASED", "FULL");
            scenario.driveTo(D2, DeviceState.RECEIVED);
            scenario.erase(D2, "ERASED_WITH_EXCEPTIONS", "FULL");

            reject(PROCESSOR, resale(D1), LedgerError.RESALE_NOT_ERASED);
            reject(PROCESSOR, resale(D2), LedgerError.RESALE_NOT_ERASED);
        }

        @Test
        void whenTheDeviceIsLocked_rejectsWithResaleNotErasedEvenThoughTheResultWasErased() {
            scenario.collect(withChange(scenario.collection(D1), m -> m.put("locked", true)));
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);
            scenario.erase(D1, "ERASED", "FULL");

            reject(PROCESSOR, resale(D1), LedgerError.RESALE_NOT_ERASED);
        }

        @Test
        void whenTheVerificationWasOnlySampled_rejectsWithErasureNotVerified() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.erase(D1, "ERASED", "SAMPLED");

            reject(PROCESSOR, resale(D1), LedgerError.ERASURE_NOT_VERIFIED);
        }

        @Test
        void whenVerifiedButNotRefurbishedOrResoldAlready_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.WIPED);
            scenario.driveTo(D2, DeviceState.RESOLD);

            reject(PROCESSOR, resale(D1), LedgerError.ILLEGAL_TRANSITION);
            reject(PROCESSOR, resale(D2), LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            refurbishedAfter(D1, "BLOCK_ERASE");

            reject(FOREIGN, resale(D1), LedgerError.NOT_REGISTERED);
            reject(COLLECTOR, withChange(resale(D1), m -> m.put("siteId", COLLECTOR_SITE)), LedgerError.ROLE_NOT_HELD);
            reject(PROCESSOR_2, withChange(resale(D1), m -> m.put("siteId", PROCESSOR_2_SITE)),
                    LedgerError.NOT_CUSTODIAN);
            reject(PROCESSOR, resale(D2), LedgerError.DEVICE_NOT_FOUND);
            reject(PROCESSOR, withChange(resale(D1), m -> m.put("siteId", "nowhere")), LedgerError.SITE_NOT_FOUND);
            reject(PROCESSOR, withChange(resale(D1), m -> m.put("siteId", SMELTER_SITE)), LedgerError.SITE_NOT_OWNED);
            reject(PROCESSOR, withChange(resale(D1), m -> m.remove("channel")), LedgerError.INVALID_ARGUMENT);
            reject(PROCESSOR, withChange(resale(D1), m -> m.put("buyer", "x")), LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class RecordExport {

        private Map<String, Object> export(final String deviceId, final String siteId) {
            return map("deviceId", deviceId, "siteId", siteId, "destinationCountry", "VN");
        }

        private void reject(final String caller, final Map<String, Object> export, final LedgerError code) {
            final InMemoryLedger.Snapshot before = ledger.snapshot();
            assertCode(ledger.reject(caller, ctx -> devices.RecordExport(ctx, json(export))), code);
            assertThat(ledger.snapshot()).isEqualTo(before);
        }

        @Test
        void whenAWholeDeviceWasVerifiablyErased_itIsExportedNamingTheErasure() {
            scenario.driveTo(D1, DeviceState.WIPED);
            final String erasureEventId = scenario.history(D1).get(3).get("eventId").textValue();

            ledger.submit(PROCESSOR, ctx -> devices.RecordExport(ctx, json(withChange(export(D1, PROCESSOR_SITE),
                    m -> m.put("declarationNumber", "DEC-2027-001")))));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.EXPORTED);
            assertThat(opened(scenario.history(D1).get(4).get("details").toString())).isEqualTo("{\"basis\":\"VERIFIED_ERASURE\","
                    + "\"declarationNumber\":\"DEC-2027-001\",\"destinationCountry\":\"VN\",\"erasureEventId\":\""
                    + erasureEventId + "\",\"method\":\"BLOCK_ERASE\",\"reportId\":\"report-1\"}");
        }

        @Test
        void whenRefurbished_itMayBeExportedToo() {
            scenario.driveTo(D1, DeviceState.EXPORTED);

            assertThat(scenario.history(D1).get(5).get("previousState").textValue()).isEqualTo("REFURBISHED");
        }

        @Test
        void whenScrapWhoseStorageWasDestroyedIsShipped_itIsExportedWithoutAnErasure() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.erase(D1, "NOT_ERASED", "FULL");
            scenario.dismantle(D1);
            scenario.destroyStorage(D1);
            scenario.handOver(PROCESSOR, SMELTER, SMELTER_SITE, D1);

            ledger.submit(SMELTER, ctx -> devices.RecordExport(ctx, json(export(D1, SMELTER_SITE))));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.EXPORTED);
            final JsonNode history = scenario.history(D1);
            final JsonNode event = history.get(history.size() - 1);
            assertThat(opened(event.get("details").toString()))
                    .isEqualTo("{\"basis\":\"STORAGE_DESTROYED\",\"destinationCountry\":\"VN\"}");
            assertThat(event.get("previousEventHash").textValue())
                    .isEqualTo(io.wipetrace.proof.PublicForm.eventHash(history.get(history.size() - 2)));
        }

        @Test
        void whenNeitherErasedNorDestroyed_rejectsWithExportNotErased() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.driveTo(D2, DeviceState.RECEIVED);
            scenario.erase(D2, "NOT_ERASED", "FULL");
            scenario.dismantle(D2);

            reject(PROCESSOR, export(D1, PROCESSOR_SITE), LedgerError.EXPORT_NOT_ERASED);
            // Dismantled but the storage component not destroyed yet.
            reject(PROCESSOR, export(D2, PROCESSOR_SITE), LedgerError.EXPORT_NOT_ERASED);
        }

        @Test
        void whenTheErasureWasSampledOrByAMethodNotAccepted_rejectsNamingTheRule() {
            scenario.driveTo(D1, DeviceState.RECEIVED);
            scenario.erase(D1, "ERASED", "SAMPLED");
            scenario.driveTo(D2, DeviceState.RECEIVED);
            scenario.erase(D2, "ERASED", "FULL", "PURGE");

            reject(PROCESSOR, export(D1, PROCESSOR_SITE), LedgerError.ERASURE_NOT_VERIFIED);
            reject(PROCESSOR, export(D2, PROCESSOR_SITE), LedgerError.ERASURE_METHOD_NOT_ACCEPTED);
        }

        @Test
        void whenErasedButDismantledWithTheStorageStillThere_rejectsWithIllegalTransition() {
            scenario.driveTo(D1, DeviceState.DISMANTLED);

            reject(PROCESSOR, export(D1, PROCESSOR_SITE), LedgerError.ILLEGAL_TRANSITION);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CN", "vn", "VNM", ""})
        void whenTheDestinationIsHomeOrNotACountryCode_rejectsWithInvalidArgument(final String country) {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(PROCESSOR, withChange(export(D1, PROCESSOR_SITE), m -> m.put("destinationCountry", country)),
                    LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            scenario.driveTo(D1, DeviceState.WIPED);

            reject(FOREIGN, export(D1, PROCESSOR_SITE), LedgerError.NOT_REGISTERED);
            reject(COLLECTOR, export(D1, COLLECTOR_SITE), LedgerError.ROLE_NOT_HELD);
            reject(SMELTER, export(D1, SMELTER_SITE), LedgerError.NOT_CUSTODIAN);
            reject(PROCESSOR, export(D2, PROCESSOR_SITE), LedgerError.DEVICE_NOT_FOUND);
            reject(PROCESSOR, export(D1, SMELTER_SITE), LedgerError.SITE_NOT_OWNED);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class EventChain {

        /** Every event of a device names the public hash of the one before, and the device keeps its latest's. */
        private void assertChained(final String deviceId) {
            final JsonNode history = scenario.history(deviceId);
            assertThat(history.get(0).has("previousEventHash")).isFalse();
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).get("previousEventHash").textValue()).as("event %d", i)
                        .isEqualTo(PublicForm.eventHash(history.get(i - 1)));
            }
            assertThat(scenario.device(deviceId).get("lastEventHash").textValue())
                    .isEqualTo(PublicForm.eventHash(history.get(history.size() - 1)));
        }

        @ParameterizedTest
        @EnumSource(value = DeviceState.class, names = {"SMELTED", "RESOLD", "MISSING"})
        void everyEventNamesTheOneBefore_andTheDeviceNamesItsLatest(final DeviceState end) {
            scenario.driveTo(D1, end);

            assertThat(scenario.history(D1).size()).isGreaterThan(2);
            assertChained(D1);
        }

        @Test
        void aSingleDeviceStepReadsNoEvent() {
            scenario.driveTo(D1, DeviceState.WIPED);

            scenario.dismantle(D1);

            final String eventKeys = new CompositeKey(DeviceKeys.EVENT).toString();
            assertThat(ledger.last().keysRead()).isNotEmpty().noneMatch(key -> key.startsWith(eventKeys));
            assertChained(D1);
        }

        @Test
        void aStepThatChangesTheState_writesTheDeviceItsEventAndMovesItsCustodyEntry_andNothingElse() {
            scenario.driveTo(D1, DeviceState.WIPED);
            final long sequence = scenario.device(D1).get("eventCount").longValue();

            scenario.dismantle(D1);

            final String custodian = scenario.device(D1).get("custodianMspId").textValue();
            assertThat(ledger.last().keysWritten()).containsExactlyInAnyOrder(
                    new CompositeKey(DeviceKeys.DEVICE, D1).toString(),
                    new CompositeKey(DeviceKeys.EVENT, D1, DeviceKeys.sequence(sequence)).toString(),
                    new CompositeKey(DeviceKeys.CUSTODY, custodian, "WIPED", D1).toString(),
                    new CompositeKey(DeviceKeys.CUSTODY, custodian, "DISMANTLED", D1).toString());
            assertThat(ledger.keys(DeviceKeys.CUSTODY)).containsExactly(List.of(custodian, "DISMANTLED", D1));
        }

        @Test
        void aHandoverOfManyDevicesReadsNoEvent() {
            scenario.collect(D1);
            scenario.collect(D2);
            scenario.collect(D3);

            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1, D2, D3);

            final String eventKeys = new CompositeKey(DeviceKeys.EVENT).toString();
            assertThat(ledger.last().keysRead()).isNotEmpty().noneMatch(key -> key.startsWith(eventKeys));
            for (final String deviceId : List.of(D1, D2, D3)) {
                assertChained(deviceId);
            }
        }

        @Test
        void aDeviceRecordWrittenBeforeItKeptTheHash_isChainedByReadingItsLatestEvent() {
            scenario.driveTo(D1, DeviceState.WIPED);
            final JsonNode older = scenario.device(D1).deepCopy();
            ((ObjectNode) older).remove("lastEventHash");
            ledger.overwrite(older.toString(), DeviceKeys.DEVICE, D1);
            final int latest = scenario.history(D1).size() - 1;

            scenario.dismantle(D1);

            assertThat(ledger.last().keysRead())
                    .contains(new CompositeKey(DeviceKeys.EVENT, D1, DeviceKeys.sequence(latest)).toString());
            assertChained(D1);
        }
    }

    @Nested
    class CorrectEvent {

        private String collectedEventId() {
            return scenario.history(D1).get(0).get("eventId").textValue();
        }

        private Map<String, Object> correction(final String eventId) {
            return correction(D1, eventId);
        }

        private Map<String, Object> correction(final String deviceId, final String eventId) {
            return map("deviceId", deviceId, "eventId", eventId, "reason", "model was mistyped",
                    "correction", map("model", "P40 Pro+", "storageGb", 512));
        }

        @Test
        void whenTheWriterCorrects_aCorrectionEventNamesTheOriginalWhichStays() {
            scenario.collect(D1);
            final String eventId = collectedEventId();
            final String original = ledger.value(DeviceKeys.EVENT, D1, "0000000000");

            final String result = ledger.submit(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction(eventId))));

            final String txId = ledger.last().txId();
            final String at = ledger.last().timestamp().toString();
            final String expected = "{\"actorMspId\":\"CollectorOrgMSP\",\"custodianMspId\":\"CollectorOrgMSP\","
                    + "\"details\":{\"correction\":{\"model\":\"P40 Pro+\",\"storageGb\":512},\"correctsEventId\":\""
                    + eventId + "\",\"correctsType\":\"COLLECTED\",\"reason\":\"model was mistyped\"},\"deviceId\":\"" + D1
                    + "\",\"eventId\":\"" + txId + ":0\",\"previousEventHash\":\""
                    + PublicForm.eventHash(LedgerJson.readTree(original.getBytes(UTF_8)))
                    + "\",\"previousState\":\"COLLECTED\",\"sequence\":1,"
                    + "\"state\":\"COLLECTED\",\"txId\":\"" + txId + "\",\"txTimestamp\":\"" + at + "\",\"type\":\"CORRECTION\"}";
            assertThat(opened(ledger.value(DeviceKeys.EVENT, D1, "0000000001"))).isEqualTo(expected);
            assertThat(opened(result)).isEqualTo(expected);
            assertThat(ledger.value(DeviceKeys.EVENT, D1, "0000000000")).isEqualTo(original);
            assertThat(scenario.device(D1).get("eventCount").longValue()).isEqualTo(2);
            assertThat(scenario.device(D1).get("model").textValue()).isEqualTo("P40 Pro");
        }

        @Test
        void whenTheRegulatorCorrectsAnyonesEvent_itIsAccepted() {
            scenario.collect(D1);

            ledger.submit(REGULATOR, ctx -> devices.CorrectEvent(ctx, json(correction(collectedEventId()))));

            assertThat(scenario.history(D1).get(1).get("actorMspId").textValue()).isEqualTo(REGULATOR);
        }

        @Test
        void whenAnEventOfAHandoverIsCorrected_itResolvesTheRightDevice() {
            scenario.collect(D1);
            scenario.collect(D2);
            scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1, D2);
            final String secondEvent = scenario.history(D2).get(1).get("eventId").textValue();

            ledger.submit(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction(D2, secondEvent))));

            assertThat(scenario.history(D2).get(2).get("type").textValue()).isEqualTo("CORRECTION");
            assertThat(scenario.history(D1)).hasSize(2);
        }

        @Test
        void whenAnotherPartnerCorrects_rejectsWithNotEventWriter() {
            scenario.collect(D1);

            final ChaincodeException rejection = ledger.reject(PROCESSOR,
                    ctx -> devices.CorrectEvent(ctx, json(correction(collectedEventId()))));
            assertCode(rejection, LedgerError.NOT_EVENT_WRITER);
            assertThat(rejection.getMessage()).as("names no writer").doesNotContain(COLLECTOR);
        }

        @Test
        void whenTheCallerIsNotRegistered_rejectsWithNotRegistered() {
            scenario.collect(D1);

            assertCode(ledger.reject(FOREIGN, ctx -> devices.CorrectEvent(ctx, json(correction(collectedEventId())))),
                    LedgerError.NOT_REGISTERED);
        }

        @Test
        void whenTheEventIsUnknown_rejectsWithEventNotFound() {
            scenario.collect(D1);
            final String known = collectedEventId();
            final String outOfRange = known.substring(0, known.indexOf(':')) + ":5";

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction(outOfRange)))),
                    LedgerError.EVENT_NOT_FOUND);
            assertCode(ledger.reject(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction("abc123:0")))),
                    LedgerError.EVENT_NOT_FOUND);
        }

        @Test
        void whenTheEventIsAnotherDevices_rejectsWithEventNotFound_andNamesWhereItLooked() {
            scenario.collect(D1);
            scenario.collect(D2);
            final String ofD1 = collectedEventId();

            final ChaincodeException rejection =
                    ledger.reject(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction(D2, ofD1))));

            assertCode(rejection, LedgerError.EVENT_NOT_FOUND);
            assertThat(rejection.getMessage()).contains(D2).contains(ofD1);
            assertThat(scenario.history(D2)).hasSize(1);
        }

        @Test
        void whenTheDeviceIsUnknown_rejectsWithDeviceNotFound() {
            scenario.collect(D1);

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.CorrectEvent(ctx,
                    json(correction(D2, collectedEventId())))), LedgerError.DEVICE_NOT_FOUND);
        }

        @Test
        void writesNoIndexFromEventIdsToDevices() {
            scenario.collect(D1);

            ledger.submit(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(correction(collectedEventId()))));

            assertThat(ledger.last().keysWritten()).containsExactlyInAnyOrder(
                    new CompositeKey(DeviceKeys.DEVICE, D1).toString(),
                    new CompositeKey(DeviceKeys.EVENT, D1, "0000000001").toString());
        }

        @Test
        void whenTheCorrectionIsMalformed_rejectsWithInvalidArgument() {
            scenario.collect(D1);
            final String eventId = collectedEventId();

            for (final Map<String, Object> bad : List.of(
                    withChange(correction(eventId), m -> m.put("correction", map("weight", 1.5))),
                    withChange(correction(eventId), m -> m.put("correction", "text")),
                    withChange(correction(eventId), m -> m.remove("reason")),
                    withChange(correction(eventId), m -> m.put("eventId", "no-colon")),
                    withChange(correction(eventId), m -> m.remove("deviceId")),
                    withChange(correction(eventId), m -> m.put("deviceId", "bad id!")),
                    withChange(correction(eventId), m -> m.put("correction", map("blob", "x".repeat(9000)))))) {
                assertCode(ledger.reject(COLLECTOR, ctx -> devices.CorrectEvent(ctx, json(bad))),
                        LedgerError.INVALID_ARGUMENT);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Queries {

        @Test
        void whenCollected_theDeviceIsFoundByIdAndByReceipt() {
            scenario.collect(D1);

            assertThat(ledger.evaluate(FOREIGN, ctx -> devices.GetDevice(ctx, D1))).isEqualTo(ledger.value(DeviceKeys.DEVICE, D1));
            assertThat(ledger.evaluate(FOREIGN, ctx -> devices.GetDeviceByReceipt(ctx, sha256("receipt " + D1))))
                    .isEqualTo(ledger.value(DeviceKeys.DEVICE, D1));
        }

        @Test
        void whenUnknown_rejectsWithDeviceNotFoundOrInvalidArgument() {
            assertCode(ledger.reject(FOREIGN, ctx -> devices.GetDevice(ctx, D1)), LedgerError.DEVICE_NOT_FOUND);
            assertCode(ledger.reject(FOREIGN, ctx -> devices.GetDeviceByReceipt(ctx, sha256("x"))),
                    LedgerError.DEVICE_NOT_FOUND);
            assertCode(ledger.reject(FOREIGN, ctx -> devices.GetHistory(ctx, D1)), LedgerError.DEVICE_NOT_FOUND);
            assertCode(ledger.reject(FOREIGN, ctx -> devices.GetDeviceByReceipt(ctx, "ABC")), LedgerError.INVALID_ARGUMENT);
            assertCode(ledger.reject(FOREIGN, ctx -> devices.GetDevice(ctx, "dev/1")), LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenADeviceWentAllTheWay_itsHistoryListsEveryStepInOrder() {
            scenario.driveTo(D1, DeviceState.SMELTED);

            final String history = ledger.evaluate(REGULATOR, ctx -> devices.GetHistory(ctx, D1));

            final JsonNode parsed = InMemoryLedger.parse(history);
            assertThat(parsed.get("deviceId").textValue()).isEqualTo(D1);
            final List<String> types = new ArrayList<>();
            final List<Long> sequences = new ArrayList<>();
            parsed.get("events").forEach(event -> {
                types.add(event.get("type").textValue());
                sequences.add(event.get("sequence").longValue());
            });
            assertThat(types).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "ERASURE_RECORDED",
                    "DISMANTLED", "STORAGE_DESTROYED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "SMELTED");
            assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        }

        @Test
        void whenListingCustody_pagesFollowTheBookmarkAndFilterByState() {
            for (int i = 1; i <= 5; i++) {
                scenario.collect(deviceId(i));
            }
            scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, deviceId(5));

            final JsonNode first = InMemoryLedger.parse(ledger.evaluate(COLLECTOR,
                    ctx -> devices.ListDevicesByCustodian(ctx, COLLECTOR, "", "2", "")));
            final String bookmark = first.get("bookmark").textValue();
            final JsonNode second = InMemoryLedger.parse(ledger.evaluate(COLLECTOR,
                    ctx -> devices.ListDevicesByCustodian(ctx, COLLECTOR, "", "2", bookmark)));
            final String bookmark2 = second.get("bookmark").textValue();
            final JsonNode third = InMemoryLedger.parse(ledger.evaluate(COLLECTOR,
                    ctx -> devices.ListDevicesByCustodian(ctx, COLLECTOR, "", "2", bookmark2)));
            final JsonNode inTransit = InMemoryLedger.parse(ledger.evaluate(REGULATOR,
                    ctx -> devices.ListDevicesByCustodian(ctx, COLLECTOR, "IN_TRANSIT", "10", "")));

            assertThat(ids(first)).containsExactly(deviceId(1), deviceId(2));
            assertThat(ids(second)).containsExactly(deviceId(3), deviceId(4));
            assertThat(ids(third)).containsExactly(deviceId(5));
            assertThat(bookmark).matches("[A-Za-z0-9_-]+");
            assertThat(third.get("bookmark").textValue()).isEmpty();
            assertThat(ids(inTransit)).containsExactly(deviceId(5));
            assertThat(first.get("devices").get(0)).isEqualTo(scenario.device(deviceId(1)));
        }

        private List<String> ids(final JsonNode page) {
            final List<String> ids = new ArrayList<>();
            page.get("devices").forEach(device -> ids.add(device.get("deviceId").textValue()));
            return ids;
        }

        @Test
        void whenAPartnerListsAnotherPartnersCustody_rejectsWithNotAuthorised() {
            assertCode(ledger.reject(PROCESSOR, ctx -> devices.ListDevicesByCustodian(ctx, COLLECTOR, "", "10", "")),
                    LedgerError.NOT_AUTHORISED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"state=LOST", "pageSize=0", "pageSize=201", "pageSize=ten", "bookmark=%%%",
            "bookmark=AGRldmljZQ", "mspId=bad msp"})
        void whenAnArgumentIsMalformed_rejectsWithInvalidArgument(final String change) {
            final Map<String, String> args = new java.util.HashMap<>(
                    Map.of("mspId", COLLECTOR, "state", "", "pageSize", "10", "bookmark", ""));
            args.put(change.substring(0, change.indexOf('=')), change.substring(change.indexOf('=') + 1));

            assertCode(ledger.reject(COLLECTOR, ctx -> devices.ListDevicesByCustodian(ctx, args.get("mspId"),
                    args.get("state"), args.get("pageSize"), args.get("bookmark"))), LedgerError.INVALID_ARGUMENT);
        }
    }
}
