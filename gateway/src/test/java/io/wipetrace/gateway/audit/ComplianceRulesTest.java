package io.wipetrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.audit.ComplianceRules.Clause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLLECTOR = "CollectorOrgMSP";
    static final String RECYCLER = "ProcessorOrgMSP";
    static final Instant FROM = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2027-02-01T00:00:00Z");

    /** A device's history, built one event a minute from 2 January 2027. */
    static final class History {
        final List<JsonNode> events = new ArrayList<>();
        Instant at = Instant.parse("2027-01-02T00:00:00Z");

        History event(final String type, final String actor, final String details) {
            final ObjectNode event = JSON.createObjectNode();
            event.put("type", type).put("actorMspId", actor).put("deviceId", "dev-000000000001")
                    .put("txId", "tx" + events.size()).put("txTimestamp", at.toString());
            try {
                event.set("details", JSON.readTree(details));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
            events.add(event);
            at = at.plusSeconds(60);
            return this;
        }

        History collected(final boolean consent) {
            return event("COLLECTED", COLLECTOR, consent
                    ? "{\"productType\":\"TABLET\",\"locked\":false,\"consent\":{\"reference\":\"C-1\",\"scope\":\"all\","
                            + "\"method\":\"app\",\"impact\":\"irreversible\"}}"
                    : "{\"locked\":false}");
        }

        History accepted(final boolean brokenBeforeErasure) {
            return event("HANDOVER_ACCEPTED", RECYCLER, brokenBeforeErasure
                    ? "{\"sealIntact\":false,\"exceptions\":[\"SEAL_BROKEN\",\"SEAL_BROKEN_BEFORE_ERASURE\"]}"
                    : "{\"sealIntact\":true}");
        }

        History erased(final String method, final String result, final String mode) {
            return event("ERASURE_RECORDED", RECYCLER, "{\"erasure\":{\"consentReference\":\"C-1\",\"method\":\""
                    + method + "\",\"result\":\"" + result + "\",\"verification\":{\"mode\":\"" + mode + "\"}}}");
        }

        History released(final String type, final String basis) {
            return event(type, RECYCLER, "{\"basis\":\"" + basis + "\"}");
        }

        ComplianceRules.Outcome check() {
            return ComplianceRules.check(events, RECYCLER, FROM, TO);
        }
    }

    @Test
    void whenACompliantDeviceIsErasedAndResold_everyRequirementAppliesAndHolds() {
        final ComplianceRules.Outcome outcome = new History().collected(true).accepted(false)
                .erased("BLOCK_ERASE", "ERASED", "FULL").event("REFURBISHED", RECYCLER, "{}")
                .released("RESOLD", "VERIFIED_ERASURE").check();

        assertThat(outcome.applies()).containsExactlyInAnyOrder(Clause.values());
        assertThat(outcome.findings()).isEmpty();
    }

    @Test
    void whenTheSealBrokeBeforeTheWipe_accessWithoutConsentIsFoundWithTheAcceptanceAsProof() {
        final ComplianceRules.Outcome outcome = new History().collected(true).accepted(true).check();

        assertThat(outcome.applies()).containsExactly(Clause.NO_ACCESS_WITHOUT_CONSENT);
        assertThat(outcome.findings().get(Clause.NO_ACCESS_WITHOUT_CONSENT).transactions()).containsExactly("tx1");
        assertThat(outcome.findings().get(Clause.NO_ACCESS_WITHOUT_CONSENT).productType()).isEqualTo("TABLET");
    }

    @Test
    void whenErasedByPurge_theMethodRequirementFailsAndAResaleOrExportIsAnUnerasedRelease() {
        final ComplianceRules.Outcome outcome = new History().collected(true).accepted(false)
                .erased("PURGE", "ERASED", "FULL").released("EXPORTED", "VERIFIED_ERASURE").check();

        assertThat(outcome.findings()).containsOnlyKeys(Clause.ERASURE_METHOD, Clause.NO_RELEASE_UNERASED);
        assertThat(outcome.findings().get(Clause.NO_RELEASE_UNERASED).transactions()).containsExactly("tx2", "tx3");
    }

    @Test
    void whenResoldAfterASampledErasure_verificationBeforeResaleFails() {
        final ComplianceRules.Outcome outcome = new History().collected(true).accepted(false)
                .erased("OVERWRITE", "ERASED", "SAMPLED").released("RESOLD", "VERIFIED_ERASURE").check();

        assertThat(outcome.findings()).containsOnlyKeys(Clause.VERIFIED_BEFORE_RESALE, Clause.NO_RELEASE_UNERASED);
    }

    @Test
    void whenScrapIsExportedAfterItsStorageWasDestroyed_theReleaseHoldsWithoutAnErasure() {
        final History history = new History().collected(true).accepted(false).erased("OVERWRITE", "NOT_ERASED", "FULL")
                .event("DISMANTLED", RECYCLER, "{}").event("STORAGE_DESTROYED", RECYCLER, "{}")
                .released("EXPORTED", "STORAGE_DESTROYED");

        assertThat(history.check().applies()).contains(Clause.NO_RELEASE_UNERASED);
        assertThat(history.check().findings()).doesNotContainKey(Clause.NO_RELEASE_UNERASED);
    }

    @Test
    void whenScrapIsExportedWithoutAStorageDestruction_theReleaseFails() {
        final ComplianceRules.Outcome outcome = new History().collected(true).accepted(false)
                .released("EXPORTED", "STORAGE_DESTROYED").check();

        assertThat(outcome.findings()).containsOnlyKeys(Clause.NO_RELEASE_UNERASED);
    }

    @Test
    void whenErasedWithoutAConsentRecord_consentAndAccessFailNamingTheCollection() {
        final ComplianceRules.Outcome outcome = new History().collected(false).accepted(false)
                .erased("OVERWRITE", "ERASED", "FULL").check();

        assertThat(outcome.findings()).containsOnlyKeys(Clause.CONSENT_BEFORE_ERASURE, Clause.NO_ACCESS_WITHOUT_CONSENT);
        assertThat(outcome.findings().get(Clause.CONSENT_BEFORE_ERASURE).transactions()).containsExactly("tx0", "tx2");
        assertThat(outcome.findings().get(Clause.CONSENT_BEFORE_ERASURE).productType()).isEqualTo("PHONE");
    }

    @Test
    void whenTheStepsFallOutsideThePeriodOrWereAnotherOrganisations_nothingApplies() {
        final History history = new History().collected(true).accepted(true).erased("PURGE", "ERASED", "FULL");

        assertThat(ComplianceRules.check(history.events, RECYCLER, TO, TO.plusSeconds(86_400)).applies()).isEmpty();
        assertThat(ComplianceRules.check(history.events, "SmelterOrgMSP", FROM, TO).applies()).isEmpty();
    }

    private static final String LATER_CONSENT =
            "{\"consent\":{\"reference\":\"C-1\",\"scope\":\"all\",\"method\":\"call\",\"impact\":\"gone\"}}";

    @Test
    void whenConsentIsRecordedLaterBeforeTheErasure_theConsentClauseHolds() {
        final ComplianceRules.Outcome outcome = new History().collected(false).accepted(false)
                .event("CONSENT_RECORDED", RECYCLER, LATER_CONSENT).erased("OVERWRITE", "ERASED", "FULL").check();

        assertThat(outcome.applies()).contains(Clause.CONSENT_BEFORE_ERASURE, Clause.NO_ACCESS_WITHOUT_CONSENT);
        assertThat(outcome.findings()).isEmpty();
        assertThat(outcome.returned()).isFalse();
    }

    @Test
    void whenTheErasureNamesAnotherReferenceThanTheLaterConsent_theFindingNamesTheConsentEvent() {
        final ComplianceRules.Outcome outcome = new History().collected(false).accepted(false)
                .event("CONSENT_RECORDED", RECYCLER, LATER_CONSENT.replace("C-1", "C-2"))
                .erased("OVERWRITE", "ERASED", "FULL").check();

        assertThat(outcome.findings()).containsOnlyKeys(Clause.CONSENT_BEFORE_ERASURE);
        assertThat(outcome.findings().get(Clause.CONSENT_BEFORE_ERASURE).transactions()).containsExactly("tx2", "tx3");
    }

    @Test
    void whenConsentComesOnlyAfterTheErasure_theErasureStillLackedIt() {
        final ComplianceRules.Outcome outcome = new History().collected(false).accepted(false)
                .erased("OVERWRITE", "ERASED", "FULL").event("CONSENT_RECORDED", RECYCLER, LATER_CONSENT).check();

        assertThat(outcome.findings()).containsKey(Clause.CONSENT_BEFORE_ERASURE);
    }

    @Test
    void whenTheRecyclerReturnsTheDeviceToItsOwner_itIsReportedAsReturnedAndOutsideTheErasureClauses() {
        final ComplianceRules.Outcome outcome = new History().collected(false).accepted(false)
                .event("RETURNED_TO_OWNER", RECYCLER, "{\"reason\":\"CONSENT_REFUSED\"}").check();

        assertThat(outcome.returned()).isTrue();
        assertThat(outcome.applies()).containsExactly(Clause.NO_ACCESS_WITHOUT_CONSENT);
        assertThat(outcome.findings()).isEmpty();
        // Returned by the collector, not by this recycler: not this recycler's return.
        assertThat(new History().collected(false).event("RETURNED_TO_OWNER", COLLECTOR, "{}").check().returned())
                .isFalse();
    }
}
