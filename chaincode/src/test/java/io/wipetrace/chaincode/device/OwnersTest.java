package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR;
import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.FOREIGN;
import static io.wipetrace.chaincode.testing.Alliance.LOGISTICS;
import static io.wipetrace.chaincode.testing.Alliance.LOGISTICS_SITE;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR_SITE;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.OpenedTexts.committedTexts;
import static io.wipetrace.chaincode.testing.OpenedTexts.opened;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RecordConsent and ReturnToOwner: a device collected without consent gets it later, or goes back unwiped. */
class OwnersTest {

    private static final String D1 = deviceId(1);

    private final Scenario scenario = Scenario.standard();
    private final InMemoryLedger ledger = scenario.ledger;
    private final DeviceContract devices = scenario.devices;

    private void collectWithoutConsent(final String deviceId) {
        final Map<String, Object> collection = scenario.collection(deviceId);
        collection.remove("consent");
        scenario.collect(collection);
    }

    private static Map<String, Object> consent(final String deviceId, final String siteId) {
        return map("deviceId", deviceId, "siteId", siteId, "reference", "consent-" + deviceId,
                "scope", "所有用户数据 all user data", "method", "phone call, recorded", "impact", "cannot be recovered");
    }

    private static Map<String, Object> returning(final String deviceId, final String siteId) {
        return map("deviceId", deviceId, "siteId", siteId, "reason", "CONSENT_REFUSED");
    }

    private String recordConsent(final String caller, final Map<String, Object> consent) {
        return ledger.submit(caller, ctx -> devices.RecordConsent(ctx, json(consent)));
    }

    private String returnToOwner(final String caller, final Map<String, Object> returning) {
        return ledger.submit(caller, ctx -> devices.ReturnToOwner(ctx, json(returning)));
    }

    /** Asserts the refusal's code and that the whole ledger is as it was. */
    private void refused(final String caller, final InMemoryLedger.Call call, final LedgerError code) {
        final InMemoryLedger.Snapshot before = ledger.snapshot();
        assertCode(ledger.reject(caller, call), code);
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    private JsonNode lastEvent(final String deviceId) {
        final JsonNode history = scenario.history(deviceId);
        return history.get(history.size() - 1);
    }

    @Nested
    class RecordConsent {

        @Test
        void whenTheCollectorRecordsIt_theDeviceHoldsTheConsentAndItsEventCommitsToTheTexts() {
            collectWithoutConsent(D1);

            final JsonNode stored = InMemoryLedger.parse(recordConsent(COLLECTOR, consent(D1, COLLECTOR_SITE)));

            assertThat(stored.get("state").textValue()).isEqualTo("COLLECTED");
            assertThat(stored.get("consent").toString()).isEqualTo("{\"impact\":\"cannot be recovered\","
                    + "\"method\":\"phone call, recorded\",\"reference\":\"consent-" + D1
                    + "\",\"scope\":\"所有用户数据 all user data\"}");
            final JsonNode event = lastEvent(D1);
            assertThat(event.get("type").textValue()).isEqualTo("CONSENT_RECORDED");
            assertThat(event.get("previousState").textValue()).isEqualTo("COLLECTED");
            assertThat(event.get("siteId").textValue()).isEqualTo(COLLECTOR_SITE);
            // The reference in clear, the texts only as commitments (as at collection).
            assertThat(event.get("details").get("consent").get("reference").textValue()).isEqualTo("consent-" + D1);
            assertThat(PublicForm.of(event).get("details").toString()).doesNotContain("phone call");
            assertThat(committedTexts(event.get("details").toString()))
                    .containsExactlyInAnyOrder("cannot be recovered", "phone call, recorded", "所有用户数据 all user data");
            assertThat(opened(ledger.last().eventPayload())).contains("\"type\":\"CONSENT_RECORDED\"");
        }

        @Test
        void whenTheProcessorRecordsIt_theDeviceCanThenBeErasedUnderThatReference() {
            collectWithoutConsent(D1);
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            recordConsent(PROCESSOR, consent(D1, PROCESSOR_SITE));
            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RECEIVED);
            scenario.erase(D1, "ERASED", "FULL");

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPED);
            assertThat(scenario.history(D1).get(4).get("details").get("erasure").get("consentReference").textValue())
                    .isEqualTo("consent-" + D1);
        }

        @Test
        void whenTheErasureNamesAnotherReferenceThanTheRecordedOne_rejectsWithConsentMismatch() {
            collectWithoutConsent(D1);
            scenario.handOver(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);
            final Map<String, Object> consent = consent(D1, PROCESSOR_SITE);
            consent.put("reference", "consent-by-phone-77");
            recordConsent(PROCESSOR, consent);

            refused(PROCESSOR, ctx -> devices.RecordErasure(ctx,
                    Scenario.signed(scenario.erasure(D1, "report-x"), scenario.stationKey)),
                    LedgerError.CONSENT_MISMATCH);
        }

        @Test
        void whenTheCollectionCarriedConsent_rejectsWithConsentExists() {
            scenario.collect(D1);

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, COLLECTOR_SITE))),
                    LedgerError.CONSENT_EXISTS);
        }

        @Test
        void whenConsentWasRecordedAlready_rejectsWithConsentExists() {
            collectWithoutConsent(D1);
            recordConsent(COLLECTOR, consent(D1, COLLECTOR_SITE));

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, COLLECTOR_SITE))),
                    LedgerError.CONSENT_EXISTS);
        }

        @ParameterizedTest
        @EnumSource(value = DeviceState.class, names = {"WIPED", "WIPE_FAILED", "DISMANTLED", "STORAGE_DESTROYED",
                "REFURBISHED"})
        void whenTheDeviceWentThroughAnErasure_rejectsWithConsentAfterErasure(final DeviceState state) {
            scenario.driveTo(D1, state);

            refused(PROCESSOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, PROCESSOR_SITE))),
                    LedgerError.CONSENT_AFTER_ERASURE);
        }

        @Test
        void whenTheDeviceIsInTransit_rejectsWithIllegalTransition() {
            collectWithoutConsent(D1);
            scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, COLLECTOR_SITE))),
                    LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheDeviceWasReturned_rejectsWithIllegalTransition() {
            collectWithoutConsent(D1);
            returnToOwner(COLLECTOR, returning(D1, COLLECTOR_SITE));

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, COLLECTOR_SITE))),
                    LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerIsNotTheCustodian_rejectsWithNotCustodian() {
            collectWithoutConsent(D1);

            refused(PROCESSOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, PROCESSOR_SITE))),
                    LedgerError.NOT_CUSTODIAN);
        }

        @Test
        void whenTheCallerHasNoRightOrTheSiteIsWrong_rejectsWithTheMatchingCode() {
            collectWithoutConsent(D1);

            refused(FOREIGN, ctx -> devices.RecordConsent(ctx, json(consent(D1, COLLECTOR_SITE))),
                    LedgerError.NOT_REGISTERED);
            refused(LOGISTICS, ctx -> devices.RecordConsent(ctx, json(consent(D1, LOGISTICS_SITE))),
                    LedgerError.ROLE_NOT_HELD);
            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, PROCESSOR_SITE))),
                    LedgerError.SITE_NOT_OWNED);
            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(D1, "no-such-site"))),
                    LedgerError.SITE_NOT_FOUND);
            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent(deviceId(9), COLLECTOR_SITE))),
                    LedgerError.DEVICE_NOT_FOUND);
        }

        @ParameterizedTest
        @ValueSource(strings = {"reference", "scope", "method", "impact", "siteId"})
        void whenAMemberIsMissingOrMalformed_rejectsWithInvalidArgument(final String member) {
            collectWithoutConsent(D1);
            final Map<String, Object> missing = consent(D1, COLLECTOR_SITE);
            missing.remove(member);
            final Map<String, Object> blank = consent(D1, COLLECTOR_SITE);
            blank.put(member, " ");

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(missing)), LedgerError.INVALID_ARGUMENT);
            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(blank)), LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheReferenceIsNotAnIdentifier_rejectsWithInvalidArgument() {
            collectWithoutConsent(D1);
            final Map<String, Object> consent = consent(D1, COLLECTOR_SITE);
            consent.put("reference", "张三的同意书");

            refused(COLLECTOR, ctx -> devices.RecordConsent(ctx, json(consent)), LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class ReturnToOwner {

        @Test
        void whenTheCollectorReturnsACollectedDevice_itIsReturnedWithTheReasonOnItsEvent() {
            collectWithoutConsent(D1);

            final JsonNode stored = InMemoryLedger.parse(returnToOwner(COLLECTOR, returning(D1, COLLECTOR_SITE)));

            assertThat(stored.get("state").textValue()).isEqualTo("RETURNED");
            assertThat(stored.get("custodianMspId").textValue()).isEqualTo(COLLECTOR);
            final JsonNode event = lastEvent(D1);
            assertThat(event.get("type").textValue()).isEqualTo("RETURNED_TO_OWNER");
            assertThat(event.get("previousState").textValue()).isEqualTo("COLLECTED");
            assertThat(event.get("state").textValue()).isEqualTo("RETURNED");
            assertThat(event.get("details").toString()).isEqualTo("{\"reason\":\"CONSENT_REFUSED\"}");
        }

        @Test
        void whenTheProcessorReturnsAReceivedDeviceWithConsent_itIsReturned() {
            scenario.driveTo(D1, DeviceState.RECEIVED);

            returnToOwner(PROCESSOR, map("deviceId", D1, "siteId", PROCESSOR_SITE, "reason", "OWNER_REQUEST"));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.RETURNED);
        }

        @Test
        void whenReturned_nothingMoreIsAllowed() {
            collectWithoutConsent(D1);
            returnToOwner(COLLECTOR, returning(D1, COLLECTOR_SITE));

            refused(COLLECTOR, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, COLLECTOR_SITE))),
                    LedgerError.ILLEGAL_TRANSITION);
            refused(COLLECTOR, ctx -> devices.OfferHandover(ctx, json(
                    scenario.offer("h-1", PROCESSOR, PROCESSOR_SITE, java.util.List.of(D1)))),
                    LedgerError.ILLEGAL_TRANSITION);
        }

        @ParameterizedTest
        @EnumSource(value = DeviceState.class, names = {"WIPED", "WIPE_FAILED", "DISMANTLED", "STORAGE_DESTROYED",
                "REFURBISHED"})
        void whenTheDeviceWentThroughAnErasure_rejectsWithIllegalTransition(final DeviceState state) {
            scenario.driveTo(D1, state);

            refused(PROCESSOR, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, PROCESSOR_SITE))),
                    LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheDeviceIsInTransit_rejectsWithIllegalTransition() {
            collectWithoutConsent(D1);
            scenario.offerTo(COLLECTOR, PROCESSOR, PROCESSOR_SITE, D1);

            refused(COLLECTOR, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, COLLECTOR_SITE))),
                    LedgerError.ILLEGAL_TRANSITION);
        }

        @Test
        void whenTheCallerHasNoRightOrCustody_rejectsWithTheMatchingCode() {
            collectWithoutConsent(D1);

            refused(FOREIGN, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, COLLECTOR_SITE))),
                    LedgerError.NOT_REGISTERED);
            refused(LOGISTICS, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, LOGISTICS_SITE))),
                    LedgerError.ROLE_NOT_HELD);
            refused(PROCESSOR, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, PROCESSOR_SITE))),
                    LedgerError.NOT_CUSTODIAN);
            refused(COLLECTOR, ctx -> devices.ReturnToOwner(ctx, json(returning(D1, PROCESSOR_SITE))),
                    LedgerError.SITE_NOT_OWNED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"王先生不同意", "", "reason with spaces"})
        void whenTheReasonIsNotACode_rejectsWithInvalidArgument(final String reason) {
            collectWithoutConsent(D1);
            final Map<String, Object> returning = returning(D1, COLLECTOR_SITE);
            returning.put("reason", reason);

            refused(COLLECTOR, ctx -> devices.ReturnToOwner(ctx, json(returning)), LedgerError.INVALID_ARGUMENT);
        }
    }
}
