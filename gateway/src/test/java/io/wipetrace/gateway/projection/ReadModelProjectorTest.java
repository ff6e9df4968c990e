package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.wipetrace.gateway.projection.ReadModelChange.Collected;
import io.wipetrace.gateway.projection.ReadModelChange.ConsentRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.ReturnedToOwner;
import io.wipetrace.gateway.projection.ReadModelChange.ErasureRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverClosed;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverOffered;
import io.wipetrace.gateway.projection.ReadModelChange.Origin;
import io.wipetrace.gateway.projection.ReadModelChange.Smelted;
import io.wipetrace.gateway.projection.ReadModelChange.StepTime;
import io.wipetrace.gateway.projection.ReadModelChange.Stepped;
import io.wipetrace.gateway.projection.ReadModelChange.StorageDestroyed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each event type of the device contract, as chaincode/README.md shows it emitted, and what it changes. */
class ReadModelProjectorTest {

    private static final String DEVICE = "dev-000000000001";
    private static final String TX = "6a68f0c1";
    private static final Instant AT = Instant.parse("2026-03-02T08:16:00Z");
    private static final Origin ORIGIN = new Origin(TX + ":0", TX, 12, AT);

    private final ReadModelProjector projector = new ReadModelProjector();

    /** An event record in the chaincode's canonical form: members sorted, nulls left out. */
    private static LedgerEvent event(final String type, final String previousState, final String state,
            final String actor, final String custodian, final String site, final String details) {
        final String json = "{\"actorMspId\":\"" + actor + "\",\"custodianMspId\":\"" + custodian + "\",\"details\":"
                + details + ",\"deviceId\":\"" + DEVICE + "\",\"eventId\":\"" + TX + ":0\""
                + (previousState == null ? "" : ",\"previousState\":\"" + previousState + "\"")
                + ",\"sequence\":3" + (site == null ? "" : ",\"siteId\":\"" + site + "\"") + ",\"state\":\"" + state
                + "\",\"txId\":\"" + TX + "\",\"txTimestamp\":\"2026-03-02T08:16:00Z\",\"type\":\"" + type + "\"}";
        return new LedgerEvent(TX + ":0", DEVICE, type, 12, TX, 1, 0, json);
    }

    @Test
    void a_collection_creates_the_device_with_its_receipt_hash_and_no_personal_data() {
        final LedgerEvent collected = event("COLLECTED", null, "COLLECTED", "CollectorOrgMSP", "CollectorOrgMSP",
                "SITE-COL-SH-01", """
                {"bagId":"bag-77","channel":"HOME_PICKUP","consent":{"impact":"irreversible","method":"app checkbox",\
                "reference":"consent-dev-000000000001","scope":"all user data"},"identifierCommitment":"%s",\
                "locked":false,"make":"Huawei","model":"P40 Pro","personalDataHash":"%s","receiptHash":"%s",\
                "sealId":"seal-77","storageGb":256}""".formatted("c".repeat(64), "d".repeat(64), "a".repeat(64)));

        assertThat(projector.changes(collected)).containsExactly(new Collected(DEVICE, ORIGIN, "CollectorOrgMSP",
                "SITE-COL-SH-01", "HOME_PICKUP", "Huawei", "P40 Pro", 256, false, "a".repeat(64), "c".repeat(64),
                "bag-77", "PHONE", true));
    }

    @Test
    void a_collection_names_its_product_type_and_whether_it_carries_consent() {
        final LedgerEvent collected = event("COLLECTED", null, "COLLECTED", "CollectorOrgMSP", "CollectorOrgMSP",
                "SITE-COL-SH-01", """
                {"channel":"MAIL_BAG","identifierCommitment":"%s","locked":false,"make":"Lenovo","model":"X1",                "productType":"LAPTOP","receiptHash":"%s","storageGb":512}""".formatted("c".repeat(64), "a".repeat(64)));

        assertThat(projector.changes(collected)).containsExactly(new Collected(DEVICE, ORIGIN, "CollectorOrgMSP",
                "SITE-COL-SH-01", "MAIL_BAG", "Lenovo", "X1", 512, false, "a".repeat(64), "c".repeat(64), null,
                "LAPTOP", false));
    }

    @Test
    void a_resale_and_an_export_set_their_times_and_the_basis_that_allowed_them() {
        final LedgerEvent resold = event("RESOLD", "REFURBISHED", "RESOLD", "ProcessorOrgMSP", "ProcessorOrgMSP",
                "SITE-PRC-SZ-01", """
                {"basis":"VERIFIED_ERASURE","channel":"ONLINE","erasureEventId":"tx:0","method":"OVERWRITE",                "reportId":"R-1"}""");
        final LedgerEvent exported = event("EXPORTED", "STORAGE_DESTROYED", "EXPORTED", "SmelterOrgMSP",
                "SmelterOrgMSP", "SITE-SML-01", """
                {"basis":"STORAGE_DESTROYED","destinationCountry":"VN"}""");

        assertThat(projector.changes(resold)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "RESOLD", "ProcessorOrgMSP", "SITE-PRC-SZ-01", StepTime.RESOLD_AT),
                new ReadModelChange.Released(DEVICE, ORIGIN, "VERIFIED_ERASURE", null));
        assertThat(projector.changes(exported)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "EXPORTED", "SmelterOrgMSP", "SITE-SML-01", StepTime.EXPORTED_AT),
                new ReadModelChange.Released(DEVICE, ORIGIN, "STORAGE_DESTROYED", "VN"));
    }

    @Test
    void an_offer_puts_the_device_in_transit_and_opens_a_pending_handover() {
        final LedgerEvent offered = event("HANDOVER_OFFERED", "COLLECTED", "IN_TRANSIT", "CollectorOrgMSP",
                "CollectorOrgMSP", "SITE-COL-SH-01", """
                {"deviceCount":2,"fromMspId":"CollectorOrgMSP","handoverId":"HO-1","sealId":"SEAL-9",\
                "toMspId":"ProcessorOrgMSP","toSiteId":"SITE-PRC-SZ-01","waybill":"SF123"}""");

        assertThat(projector.changes(offered)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "IN_TRANSIT", "CollectorOrgMSP", "SITE-COL-SH-01", null),
                new HandoverOffered(DEVICE, ORIGIN, "HO-1", "CollectorOrgMSP", "SITE-COL-SH-01", "ProcessorOrgMSP",
                        "SITE-PRC-SZ-01", null, "SEAL-9", "SF123", 2));
    }

    @Test
    void an_acceptance_into_received_sets_the_first_receipt_time_and_closes_the_handover() {
        final LedgerEvent accepted = event("HANDOVER_ACCEPTED", "IN_TRANSIT", "RECEIVED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01", """
                {"fromMspId":"CollectorOrgMSP","handoverId":"HO-1","note":"ok","sealId":"SEAL-9","sealIntact":true,\
                "toMspId":"ProcessorOrgMSP"}""");

        assertThat(projector.changes(accepted)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "RECEIVED", "ProcessorOrgMSP", "SITE-PRC-SZ-01", StepTime.RECEIVED_AT),
                new HandoverClosed(DEVICE, ORIGIN, "HO-1", "ACCEPTED", true, null, null));
        assertThat(StepTime.RECEIVED_AT.firstOnly()).as("a second receipt keeps the first time").isTrue();
    }

    @Test
    void an_acceptance_with_a_broken_seal_keeps_the_chaincode_exception() {
        final LedgerEvent accepted = event("HANDOVER_ACCEPTED", "IN_TRANSIT", "WIPED", "SmelterOrgMSP",
                "SmelterOrgMSP", "SITE-SML-QY-01", """
                {"exceptions":["SEAL_BROKEN"],"fromMspId":"ProcessorOrgMSP","handoverId":"HO-2","sealId":"SEAL-3",\
                "sealIntact":false,"toMspId":"SmelterOrgMSP"}""");

        assertThat(projector.changes(accepted)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "WIPED", "SmelterOrgMSP", "SITE-SML-QY-01", null),
                new HandoverClosed(DEVICE, ORIGIN, "HO-2", "ACCEPTED", false, "SEAL_BROKEN", null));
    }

    @Test
    void a_rejection_returns_the_device_and_keeps_the_reason() {
        final LedgerEvent rejected = event("HANDOVER_REJECTED", "IN_TRANSIT", "COLLECTED", "ProcessorOrgMSP",
                "CollectorOrgMSP", "SITE-COL-SH-01", """
                {"fromMspId":"CollectorOrgMSP","handoverId":"HO-3","reason":"wrong site","toMspId":"ProcessorOrgMSP"}""");

        assertThat(projector.changes(rejected)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "COLLECTED", "CollectorOrgMSP", "SITE-COL-SH-01", null),
                new HandoverClosed(DEVICE, ORIGIN, "HO-3", "REJECTED", null, null, "wrong site"));
    }

    @Test
    void a_device_not_found_on_arrival_is_missing_with_the_sender_and_closes_its_custody_row_as_missing() {
        final LedgerEvent missing = event("DEVICE_MISSING", "IN_TRANSIT", "MISSING", "ProcessorOrgMSP",
                "CollectorOrgMSP", "SITE-COL-SH-01", """
                {"exceptions":["DEVICE_MISSING","SEAL_BROKEN"],"fromMspId":"CollectorOrgMSP","handoverId":"HO-4",\
                "offeredInState":"COLLECTED","sealIntact":false,"toMspId":"ProcessorOrgMSP",\
                "toSiteId":"SITE-PRC-SZ-01"}""");

        assertThat(projector.changes(missing)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "MISSING", "CollectorOrgMSP", "SITE-COL-SH-01", null),
                new HandoverClosed(DEVICE, ORIGIN, "HO-4", "MISSING", false, "DEVICE_MISSING,SEAL_BROKEN", null));
    }

    @Test
    void an_erasure_records_the_signed_report_and_sets_the_wipe_time() {
        final LedgerEvent erased = event("ERASURE_RECORDED", "RECEIVED", "WIPED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01", erasureDetails("ERASED", null, "FULL", ""));

        assertThat(projector.changes(erased)).containsExactly(
                new Stepped(DEVICE, ORIGIN, "WIPED", "ProcessorOrgMSP", "SITE-PRC-SZ-01", StepTime.WIPED_AT),
                new ErasureRecorded(DEVICE, ORIGIN, "ProcessorOrgMSP", "WIPED", "RPT-1", "b".repeat(64), null,
                        "PURGE", "block erase", "NIST SP 800-88r1", "WipeBox", "4.2.1", "ERASED", null, "FULL",
                        "op-7f3a", "STATION-SZ-ECDSA-01", "ECDSA_P256", "SITE-PRC-SZ-01", null, true,
                        Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T08:07:00Z")));
    }

    @Test
    void a_failed_erasure_of_a_locked_device_sets_the_failure_time_and_its_exception() {
        final LedgerEvent failed = event("ERASURE_RECORDED", "RECEIVED", "WIPE_FAILED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                erasureDetails("NOT_ERASED", "activation lock", "SAMPLED", "\"exceptions\":[\"DEVICE_LOCKED\"],"));

        final List<ReadModelChange> changes = projector.changes(failed);

        assertThat(changes.getFirst()).isEqualTo(
                new Stepped(DEVICE, ORIGIN, "WIPE_FAILED", "ProcessorOrgMSP", "SITE-PRC-SZ-01", StepTime.WIPE_FAILED_AT));
        assertThat(changes.get(1)).isInstanceOfSatisfying(ErasureRecorded.class, erasure -> {
            assertThat(erasure.outcomeState()).isEqualTo("WIPE_FAILED");
            assertThat(erasure.result()).isEqualTo("NOT_ERASED");
            assertThat(erasure.resultReason()).isEqualTo("activation lock");
            assertThat(erasure.verificationMode()).isEqualTo("SAMPLED");
            assertThat(erasure.exceptions()).isEqualTo("DEVICE_LOCKED");
        });
    }

    @Test
    void dismantling_storage_destruction_smelting_and_refurbishment_set_their_step_times() {
        assertThat(projector.changes(event("DISMANTLED", "WIPED", "DISMANTLED", "ProcessorOrgMSP", "ProcessorOrgMSP",
                "SITE-PRC-SZ-01", "{\"storageComponentCommitment\":\"" + "e".repeat(64) + "\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "DISMANTLED", "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                        StepTime.DISMANTLED_AT));
        assertThat(projector.changes(event("STORAGE_DESTROYED", "DISMANTLED", "STORAGE_DESTROYED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01", "{\"evidenceSha256\":\"" + "f".repeat(64)
                        + "\",\"method\":\"SHRED\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "STORAGE_DESTROYED", "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                        StepTime.STORAGE_DESTROYED_AT), new StorageDestroyed(DEVICE, ORIGIN, "SHRED"));
        assertThat(projector.changes(event("SMELTED", "STORAGE_DESTROYED", "SMELTED", "SmelterOrgMSP", "SmelterOrgMSP",
                "SITE-SML-QY-01", "{\"inputCount\":2,\"inputWeightGrams\":364,\"lotId\":\"LOT-1\","
                        + "\"outputWeightGrams\":82}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "SMELTED", "SmelterOrgMSP", "SITE-SML-QY-01",
                        StepTime.SMELTED_AT), new Smelted(DEVICE, ORIGIN, "LOT-1", "SmelterOrgMSP", "SITE-SML-QY-01", 2,
                        364, 82));
        assertThat(projector.changes(event("REFURBISHED", "WIPED", "REFURBISHED", "ProcessorOrgMSP", "ProcessorOrgMSP",
                "SITE-PRC-SZ-01", "{\"channel\":\"RESALE\",\"reportId\":\"RPT-1\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "REFURBISHED", "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                        StepTime.REFURBISHED_AT));
    }

    @Test
    void a_consent_recorded_later_marks_the_device_as_consented_and_a_return_keeps_its_reason() {
        assertThat(projector.changes(event("CONSENT_RECORDED", "RECEIVED", "RECEIVED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01", "{\"consent\":{\"reference\":\"consent-77\"}}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "RECEIVED", "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                        StepTime.CONSENT_RECORDED_AT), new ConsentRecorded(DEVICE, ORIGIN));
        assertThat(projector.changes(event("RETURNED_TO_OWNER", "COLLECTED", "RETURNED", "CollectorOrgMSP",
                "CollectorOrgMSP", "SITE-COL-SH-01", "{\"reason\":\"CONSENT_REFUSED\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "RETURNED", "CollectorOrgMSP", "SITE-COL-SH-01",
                        StepTime.RETURNED_AT), new ReturnedToOwner(DEVICE, ORIGIN, "CONSENT_REFUSED"));
    }

    @Test
    void a_purge_sets_its_time_and_a_correction_changes_no_state() {
        assertThat(projector.changes(event("PERSONAL_DATA_PURGED", "WIPED", "WIPED", "CollectorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01", "{\"collection\":\"personal_CollectorOrgMSP\","
                        + "\"personalDataHash\":\"" + "d".repeat(64) + "\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "WIPED", "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                        StepTime.PERSONAL_DATA_PURGED_AT));
        // A correction carries no site: the device's site stays as it is.
        assertThat(projector.changes(event("CORRECTION", "WIPED", "WIPED", "RegulatorOrgMSP", "ProcessorOrgMSP", null,
                "{\"correctsEventId\":\"abc:0\",\"correctsType\":\"COLLECTED\",\"correction\":{\"model\":\"P40\"},"
                        + "\"reason\":\"typo\"}")))
                .containsExactly(new Stepped(DEVICE, ORIGIN, "WIPED", "ProcessorOrgMSP", null, null));
    }

    @Test
    void an_event_about_no_device_changes_nothing() {
        assertThat(projector.changes(new LedgerEvent("tx:0", null, "AGGREGATED", 1, "tx", 0, 0, "{}"))).isEmpty();
    }

    @Test
    void refuses_an_event_that_lacks_a_field_its_type_requires() {
        final LedgerEvent broken = event("HANDOVER_OFFERED", "COLLECTED", "IN_TRANSIT", "CollectorOrgMSP",
                "CollectorOrgMSP", "SITE-COL-SH-01", "{\"deviceCount\":1,\"fromMspId\":\"CollectorOrgMSP\"}");

        assertThatExceptionOfType(ProjectionException.class).isThrownBy(() -> projector.changes(broken))
                .withMessageContaining("handoverId").withMessageContaining(TX + ":0");
    }

    private static String erasureDetails(final String result, final String reason, final String mode,
            final String exceptions) {
        return "{\"erasure\":{\"consentReference\":\"CONSENT-1\",\"deviceId\":\"" + DEVICE + "\","
                + "\"endedAt\":\"2026-03-02T08:07:00Z\",\"method\":\"PURGE\",\"operator\":\"op-7f3a\","
                + "\"reportId\":\"RPT-1\",\"reportSha256\":\"" + "b".repeat(64) + "\",\"result\":\"" + result + "\","
                + (reason == null ? "" : "\"resultReason\":\"" + reason + "\",")
                + "\"signature\":\"MEUCIQ==\",\"siteId\":\"SITE-PRC-SZ-01\",\"standard\":\"NIST SP 800-88r1\","
                + "\"startedAt\":\"2026-03-02T08:00:00Z\",\"stationId\":\"STATION-SZ-ECDSA-01\","
                + "\"technique\":\"block erase\",\"tool\":\"WipeBox\",\"toolVersion\":\"4.2.1\","
                + "\"verification\":{\"by\":\"op-7f3a\",\"mode\":\"" + mode + "\"}},"
                + exceptions + "\"stationAlgorithm\":\"ECDSA_P256\"}";
    }
}
